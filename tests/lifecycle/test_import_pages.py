"""The staff page (upload, dry run, confirm) and ``manage.py import_certifications``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase

from honor_wall.import_csv import MAX_BYTES
from honor_wall.models import Certification, CertificationImport
from tests.factories import UserFactory, certify, staff_factory

pytestmark = pytest.mark.django_db

PAGE = "/certifications/import/"
HEADER = "email,name,tier,awarded_on\n"
GOOD = HEADER + "ada@example.org,Ada,excellent-developer,2025-03-05\n"
MIXED = GOOD + "bob@example.org,Bob,wizard,2025-03-05\n"


def upload(client, text, *, name="people.csv", language="en", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(
        PAGE, {"file": SimpleUploadedFile(name, data, "text/csv"), "language": language}
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- The staff page -------------------------------------------------------------------------
def test_only_programme_staff_open_it(client, applicant, reviewer):
    assert client.get(PAGE).status_code == 302  # to log in
    client.force_login(applicant)
    assert client.get(PAGE).status_code == 403
    assert upload(client, GOOD).status_code == 403
    client.force_login(reviewer)
    assert client.get(PAGE).status_code == 403
    assert not CertificationImport.objects.exists()


def test_upload_shows_the_dry_run_and_issues_nothing(staff_client):
    response = upload(staff_client, MIXED)

    record = CertificationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}{record.pk}/"
    html = staff_client.get(response["Location"]).content.decode()
    assert 'data-line="2" data-outcome="issue"' in html
    assert 'data-line="3" data-outcome="refused"' in html
    assert "Unknown tier: wizard." in html
    assert "Dry run: 1 would be issued, 0 already there, 1 refused." in html
    assert not Certification.objects.exists()


def test_confirming_issues_and_shows_the_outcome(staff_client):
    upload(staff_client, MIXED, language="zh-hans")
    record = CertificationImport.objects.get()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff_client.post(f"{PAGE}{record.pk}/confirm/")

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.issued, record.refused) == ("done", 1, 1)
    assert Certification.objects.get().imported_email == "ada@example.org"
    html = staff_client.get(f"{PAGE}{record.pk}/").content.decode()
    assert 'data-line="2" data-outcome="issued"' in html
    assert "Done: 1 issued, 0 already there, 1 refused." in html


def test_confirming_twice_issues_once(staff_client):
    upload(staff_client, GOOD)
    record = CertificationImport.objects.get()
    with TestCase.captureOnCommitCallbacks(execute=True):
        staff_client.post(f"{PAGE}{record.pk}/confirm/")

    response = staff_client.post(f"{PAGE}{record.pk}/confirm/", follow=True)

    assert "This file is already issued." in response.content.decode()
    assert Certification.objects.count() == 1


def test_uploading_the_same_file_again_would_issue_nothing(staff_client):
    upload(staff_client, GOOD)
    with TestCase.captureOnCommitCallbacks(execute=True):
        staff_client.post(f"{PAGE}{CertificationImport.objects.get().pk}/confirm/")

    upload(staff_client, GOOD)

    second = CertificationImport.objects.order_by("-pk").first()
    assert (second.issued, second.already, second.refused) == (0, 1, 0)
    html = staff_client.get(f"{PAGE}{second.pk}/").content.decode()
    assert "Issue 0" not in html and "confirm/" not in html  # nothing to confirm


def test_a_gbk_file_from_excel(staff_client):
    upload(staff_client, HEADER + "li@example.org,李雷,evangelist,2025-06-01\n", encoding="gbk")

    record = CertificationImport.objects.get()
    assert record.rows[0]["name"] == "李雷"
    assert record.issued == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"email,name\nada@example.org,Ada\n", "lacks the column(s): tier, awarded_on"),
        (b"\x00\x01\x02", "This is not a text file."),
        (b"", "The submitted file is empty."),
    ],
)
def test_an_unreadable_file_is_a_form_error_naming_the_field(staff_client, data, message):
    response = upload(staff_client, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CertificationImport.objects.exists()


def test_more_than_10_mb_is_a_form_error(staff_client):
    response = upload(staff_client, HEADER.encode() + b" " * MAX_BYTES)

    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()


def test_an_unknown_language_is_a_form_error(staff_client):
    response = upload(staff_client, GOOD, language="fr")

    assert response.status_code == 400


def test_a_formula_is_shown_as_text_and_refused(staff_client):
    upload(staff_client, HEADER + 'ada@example.org,"=HYPERLINK(""x"")",evangelist,2025-03-05\n')

    html = staff_client.get(f"{PAGE}{CertificationImport.objects.get().pk}/").content.decode()
    assert "name: starts like a spreadsheet formula." in html
    assert "=HYPERLINK" not in html  # the refused row keeps no value from the cells


def test_the_rows_are_paginated_and_filtered(staff_client):
    lines = "".join(f"p{n}@example.org,P{n},evangelist,2025-03-05\n" for n in range(150))
    upload(staff_client, HEADER + lines + "x@example.org,X,wizard,2025-03-05\n")
    url = f"{PAGE}{CertificationImport.objects.get().pk}/"

    first = staff_client.get(url).content.decode()
    second = staff_client.get(url, {"page": 2}).content.decode()
    refused = staff_client.get(url, {"show": "refused"}).content.decode()

    assert first.count("data-outcome=") == 100
    assert second.count("data-outcome=") == 51
    assert refused.count("data-outcome=") == 1


@pytest.mark.parametrize("count", [1, 3])
def test_the_upload_page_costs_the_same_queries_for_1_or_3(
    client, django_assert_num_queries, count
):
    staff = staff_factory()
    for n in range(count):
        CertificationImport.objects.create(
            uploaded_by=UserFactory(), file_name=f"f{n}.csv", text="", language="en"
        )
    client.force_login(staff)

    # the account (signing in changed it); the second factor; recent uploads with their
    # uploader (the session comes from the cache, and the staff check and the navigation's
    # roles and permissions: accounts.access).
    with django_assert_num_queries(3):
        html = client.get(PAGE).content.decode()

    assert html.count("data-import=") == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_dry_run_page_costs_the_same_queries_for_1_or_3_rows(
    client, django_assert_num_queries, count
):
    staff = staff_factory()
    client.force_login(staff)
    lines = "".join(f"p{n}@example.org,P{n},evangelist,2025-03-05\n" for n in range(count))
    upload(client, HEADER + lines)
    url = f"{PAGE}{CertificationImport.objects.get().pk}/"

    # the second factor; the upload (its rows are in it) (the session and the account come
    # from the cache, read by the upload before; the staff check and the navigation's roles
    # and permissions too: accounts.access).
    with django_assert_num_queries(2):
        html = client.get(url).content.decode()

    assert html.count("data-outcome=") == count


# --- The command ----------------------------------------------------------------------------
def command(tmp_path, text, *args, encoding="utf-8"):
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    with TestCase.captureOnCommitCallbacks(execute=False):
        try:
            call_command("import_certifications", str(path), *args)
        except SystemExit as exit_:
            return exit_.code
    return 0


def test_the_command_issues_and_exits_0(tmp_path, capsys):
    assert command(tmp_path, GOOD, "--language", "zh-hans") == 0

    assert capsys.readouterr().out.strip() == "1 issued, 0 already there, 0 refused."
    assert Certification.objects.get().imported_email == "ada@example.org"


def test_the_command_again_exits_0_with_everything_already_there(tmp_path, capsys):
    command(tmp_path, GOOD)

    assert command(tmp_path, GOOD) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 issued, 1 already there, 0 refused."


def test_the_command_lists_refused_rows_and_exits_1(tmp_path, capsys, applicant):
    certify(applicant, "evangelist")
    text = MIXED + f"{applicant.email},A,evangelist,2025-01-01\n"

    assert command(tmp_path, text) == 1

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "line 3: bob@example.org wizard: Unknown tier: wizard.",
        f"line 4: {applicant.email} evangelist: Already certified for this tier.",
        "1 issued, 0 already there, 2 refused.",
    ]


def test_the_dry_run_writes_nothing(tmp_path, capsys):
    assert command(tmp_path, MIXED, "--dry-run") == 1

    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 would be issued, 0 already there, 1 refused."
    )
    assert not Certification.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,tier\n", "lacks the column(s): email, awarded_on"),
        (b"\x00PK\x03\x04", "This is not a text file."),
    ],
)
def test_an_unreadable_file_exits_2_with_one_line(tmp_path, capsys, data, message):
    assert command(tmp_path, data) == 2

    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_a_missing_file_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("import_certifications", str(tmp_path / "nope.csv"))

    assert exit_.value.code == 2
    assert "cannot read" in capsys.readouterr().err
