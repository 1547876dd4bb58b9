"""``manage.py criteria_check``: the rule check from the shell, as ARCHITECTURE.md states it."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

EXCELLENT = [
    {"id": "d1", "kind": "doc_contribution", "date": "2026-01-10"},
    {"id": "a1", "kind": "tech_article", "date": "2026-02-10"},
]


def run(tmp_path, evidence, *args):
    """Call the command in-process; returns (exit status, stdout)."""
    path = tmp_path / "evidence.json"
    path.write_text(evidence if isinstance(evidence, str) else json.dumps(evidence))
    out = io.StringIO()
    try:
        call_command("criteria_check", *args, "--evidence", str(path), stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_eligible_exits_0_with_the_promised_json_shape(tmp_path):
    status, out = run(tmp_path, EXCELLENT, "excellent-developer", "--json", "--as-of", "2026-06-30")

    data = json.loads(out)
    assert status == 0
    assert data["tier"] == "excellent-developer"
    assert data["eligible"] is True
    assert set(data["groups"][0]) == {"key", "met", "optional", "items"}
    docs = next(item for item in data["groups"][0]["items"] if item["key"] == "docs")
    assert docs == {"key": "docs", "met": True, "evidence": ["d1"], "missing": ""}


def test_not_eligible_exits_1_and_says_what_is_missing(tmp_path):
    status, out = run(tmp_path, EXCELLENT[:1], "excellent-developer", "--as-of", "2026-06-30")

    assert status == 1
    assert "NOT ELIGIBLE" in out
    assert "1 more technical article" in out


def test_as_of_excludes_later_evidence(tmp_path):
    status, _out = run(tmp_path, EXCELLENT, "excellent-developer", "--as-of", "2026-02-01")

    assert status == 1


def test_holds_answers_tier_rules(tmp_path):
    evidence = [
        {
            "id": "p1",
            "kind": "pull_request",
            "date": "2026-01-10",
            "state": "merged",
            "scope": "framework_core",
        }
    ]

    status, _out = run(
        tmp_path, evidence, "senior-developer", "--holds", "excellent-developer", "--json"
    )

    assert status == 0


@pytest.mark.parametrize(
    ("evidence", "args", "problem"),
    [
        ("[{]", ["excellent-developer"], "not JSON"),
        ('{"kind": "tech_article"}', ["excellent-developer"], "JSON array"),
        (
            [{"id": 1, "kind": "rumour", "date": "2026-01-01"}],
            ["excellent-developer"],
            "evidence[0].kind",
        ),
        (
            [{"id": 1, "kind": "tech_article", "date": "yesterday"}],
            ["excellent-developer"],
            "evidence[0].date",
        ),
        (
            [{"id": 1, "kind": "community_support", "date": "2026-01-01", "count": -4}],
            ["senior-developer"],
            "evidence[0].count",
        ),
        (
            [{"id": 1, "kind": "community_support", "date": "2026-01-01", "count": "many"}],
            ["senior-developer"],
            "evidence[0].count",
        ),
        (EXCELLENT, ["wizard"], "unknown tier 'wizard'"),
        (EXCELLENT, ["excellent-developer", "--holds", "wizard"], "--holds"),
        (EXCELLENT, ["excellent-developer", "--as-of", "31/01/2026"], "--as-of"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(tmp_path, evidence, args, problem):
    with pytest.raises(CommandError) as error:
        run(tmp_path, evidence, *args)

    assert error.value.returncode == 2
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


def test_from_the_shell_reads_stdin_and_prints_one_line_without_traceback(shell_database):
    """The real command line, in a subprocess, against a migrated throw-away database."""
    good = subprocess.run(
        [*MANAGE, "criteria_check", "excellent-developer", "--evidence", "-", "--json"],
        input=json.dumps(EXCELLENT),
        capture_output=True,
        text=True,
        env=shell_database,
    )
    bad = subprocess.run(
        [*MANAGE, "criteria_check", "excellent-developer", "--evidence", "-"],
        input='[{"kind": "rumour", "date": "2026-01-01"}]',
        capture_output=True,
        text=True,
        env=shell_database,
    )

    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["eligible"] is True
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "evidence[0].kind" in bad.stderr


@pytest.fixture(scope="module")
def shell_database(tmp_path_factory):
    """A migrated throw-away database for the command run as a separate process."""
    database = tmp_path_factory.mktemp("shell") / "check.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin"}
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True)
    return env


MANAGE = [sys.executable, str(Path(__file__).resolve().parents[2] / "manage.py")]
COUNT_OF = '[{{"id": "s1", "kind": "community_support", "date": "2026-01-01", "count": {}}}]'


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            json.dumps([{"id": 1, "kind": ["tech_article"], "date": "2026-01-01"}]),
            "evidence[0].kind",
        ),
        (
            json.dumps([{"id": 1, "kind": {"name": "tech_article"}, "date": "2026-01-01"}]),
            "evidence[0].kind",
        ),
        (COUNT_OF.format('"²"'), "evidence[0].count"),
        (COUNT_OF.format('"' + "9" * 5000 + '"'), "evidence[0].count"),
        (COUNT_OF.format("9" * 5000), "evidence[0].count"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (
            json.dumps([{"id": 1, "kind": "tech_article", "date": "2026-01-01", "rejected": "no"}]),
            "evidence[0].rejected",
        ),
        (
            json.dumps([{"id": {"x": 1}, "kind": "tech_article", "date": "2026-01-01"}]),
            "evidence[0].id",
        ),
        (json.dumps([{"id": 1, "kind": "tech_article", "date": 20260101}]), "evidence[0].date"),
    ],
    ids=[
        "kind-list",
        "kind-object",
        "count-superscript",
        "count-5000-digit-string",
        "count-5000-digit-number",
        "nested-100000",
        "rejected-no",
        "id-object",
        "date-number",
    ],
)
def test_malformed_input_is_one_line_naming_the_field_exit_2(shell_database, text, field):
    result = subprocess.run(
        [*MANAGE, "criteria_check", "senior-developer", "--evidence", "-"],
        input=text,
        capture_output=True,
        text=True,
        env=shell_database,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert field in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("value", [True, False])
def test_rejected_must_be_a_real_boolean_and_true_drops_the_evidence(tmp_path, value):
    evidence = [{**EXCELLENT[0], "rejected": value}, EXCELLENT[1]]
    status, _out = run(tmp_path, evidence, "excellent-developer", "--as-of", "2026-06-30")
    assert status == (1 if value else 0)
