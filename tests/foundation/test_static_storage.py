"""Static files in production: the hashed address of each file, looked up once per process."""

import json

import pytest

from mindspore_growth.static_storage import ManifestStaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"version": "1.1", "hash": "0", "paths": {"css/site.css": "css/site.0a1b2c.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_file_is_named_by_its_hashed_address(storage):
    assert storage.url("css/site.css") == "/static/css/site.0a1b2c.css"


def test_the_address_is_looked_up_once(storage):
    storage.url("css/site.css")
    storage.hashed_files.clear()  # the manifest is not read again

    assert storage.url("css/site.css") == "/static/css/site.0a1b2c.css"


def test_a_file_the_manifest_lacks_still_fails_and_is_not_remembered(storage):
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/new.css")
    storage.hashed_files["css/new.css"] = "css/new.3d4e5f.css"  # collected since

    assert storage.url("css/new.css") == "/static/css/new.3d4e5f.css"
