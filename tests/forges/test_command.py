"""``manage.py import_contributions [EMAIL …] [--all]``: output and exit codes."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applications.models import Evidence
from tests.factories import UserFactory
from tests.forges.conftest import GITEE

pytestmark = pytest.mark.django_db


def test_it_imports_the_people_named(forges, gitee_person, github_person, capsys):
    forges.gitee_everything()
    call_command("import_contributions", gitee_person.email)
    out = capsys.readouterr().out
    assert "li.wei@example.org gitee: 6 new, 0 updated, 0 missing, 0 removed" in out
    assert not Evidence.objects.filter(owner=github_person).exists()


def test_all_imports_everyone_linked(forges, gitee_person, github_person, capsys):
    UserFactory(email="unlinked@example.org")
    forges.gitee_everything()
    forges.github_everything()
    call_command("import_contributions", "--all")
    out = capsys.readouterr().out
    assert "octo@example.org github: 4 new" in out
    assert "unlinked@example.org" not in out


@pytest.mark.parametrize("args", [[], ["--all", "someone@example.org"], ["nobody@example.org"]])
def test_bad_input_exits_2_with_one_line(args, gitee_person):
    with pytest.raises(CommandError) as error:
        call_command("import_contributions", *args)
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)


def test_a_forge_that_cannot_be_read_exits_1(forges, gitee_person, capsys):
    forges.reply(f"{GITEE}/orgs/mindspore/issues", "gitee_bad_gateway.json")
    with pytest.raises(CommandError) as error:
        call_command("import_contributions", gitee_person.email)
    assert error.value.returncode == 1
    assert "The forge did not answer" in capsys.readouterr().out
