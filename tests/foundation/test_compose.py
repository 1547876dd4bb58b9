"""docker-compose.yml: valid against the Compose specification, migrations run once, a reverse
proxy from an official image in front, web scalable behind it (Docker does not run here)."""

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_is_valid_against_the_compose_specification(compose):
    # The specification's JSON schema, as vendored by check-jsonschema (no network needed).
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
    schema = json.loads(vendored.read_text())
    jsonschema.validate(compose, schema)


def test_migrations_run_once_before_the_services_that_need_them(compose):
    services = compose["services"]
    assert "migrate" in services["migrate"]["command"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert "migrate" not in str(services[name]["command"]), name
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_web_publishes_no_port_and_can_scale(compose):
    web = compose["services"]["web"]
    assert "ports" not in web
    assert "container_name" not in web
    assert web["expose"] == ["8000"]


def test_a_reverse_proxy_from_an_official_image_is_the_only_way_in(compose):
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    proxy = services["proxy"]
    assert re.fullmatch(r"(caddy|nginx)(:[\w.-]+)?", proxy["image"])
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert re.search(r"dynamic a \{\s*name web\s*port 8000", caddyfile)


def test_the_app_trusts_exactly_the_one_proxy_in_front(compose):
    for name in ("migrate", "web", "worker", "beat"):
        environment = compose["services"][name]["environment"]
        assert environment["TRUSTED_PROXY_COUNT"] == "1", name
        assert environment["DEBUG"] == "false", name


def test_the_image_is_production_unless_told_otherwise():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^ENV .*\bDEBUG=false\b", dockerfile, re.MULTILINE)
    # It still builds from the project's own files: the install reads the pinned constraints.
    assert "pip install -c constraints.txt ." in dockerfile
    assert "collectstatic" in dockerfile
