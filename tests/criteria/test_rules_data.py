"""Rules as data: validation, versions, the seed load, the admin and the public programme page."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

import criteria
from criteria.models import RequirementGroup, RequirementItem, RuleSet, Tier, Track
from criteria.programme import TIERS
from criteria.rule_types import describe_rule, validate_rule
from criteria.seeding import load_seed_programme, seed_definition
from criteria.selectors import current_rulesets, latest_rulesets
from criteria.services import ruleset_publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Validation ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rule", "path"),
    [
        ({"type": "telepathy"}, "rule.type"),
        ({"type": "count", "kind": "rumour"}, "rule.kind"),
        (
            {"type": "count", "kind": "pull_request", "where": {"colour": "red"}},
            "rule.where.colour",
        ),
        (
            {"type": "count", "kind": "pull_request", "where": {"state": "exploded"}},
            "rule.where.state",
        ),
        ({"type": "count", "kind": "pull_request", "min": -1}, "rule.min"),
        ({"type": "count", "kind": "pull_request", "min": "3"}, "rule.min"),
        ({"type": "count", "kind": "pull_request", "minimum": 3}, "rule.minimum"),
        ({"type": "consecutive_months", "kind": "community_issue"}, "rule.months"),
        ({"type": "window_sum", "kind": "tech_article", "months": 2, "min_total": 4}, "rule.field"),
        ({"type": "meets_tier", "tier": "wizard"}, "rule.tier"),
        ({"type": "any_of", "rules": []}, "rule.rules"),
        ({"type": "all_of", "rules": [{"type": "count", "kind": "x"}]}, "rule.rules[0].kind"),
        ([1, 2], "rule"),
    ],
)
def test_invalid_rule_is_refused_naming_the_part(rule, path):
    with pytest.raises(ValidationError) as error:
        validate_rule(rule, known_tiers={"excellent-developer"})

    assert error.value.messages[0].startswith(f"{path}:")


def test_every_seed_rule_is_valid():
    slugs = {data["slug"] for data in TIERS}
    problems, checked = {}, set()
    for data in TIERS:
        for group in data["groups"]:
            for item in group["items"]:
                where = f"{data['slug']}.{group['key']}.{item['key']}"
                checked.add(where)
                try:
                    validate_rule(item["rule"], known_tiers=slugs)
                except ValidationError as error:
                    problems[where] = error.messages

    assert problems == {}
    # Every item the migrations loaded was checked here: none slipped past the walk.
    loaded = {
        f"{item.group.tier.slug}.{item.group.key}.{item.key}"
        for item in RequirementItem.objects.select_related("group__tier")
    }
    assert loaded and checked == loaded


def test_rule_in_plain_words():
    rule = {
        "type": "count",
        "kind": "pull_request",
        "min": 3,
        "where": {"state": "merged", "scope": "toolkit_core"},
    }

    assert describe_rule(rule) == "at least 3 pull requests (merged, a toolkit's core)"


def test_item_clean_reports_the_rule_field(excellent_item):
    excellent_item.rule = {"type": "count", "kind": "pull_request", "min": -2}

    with pytest.raises(ValidationError) as error:
        excellent_item.full_clean()

    assert "rule" in error.value.message_dict
    assert "rule.min" in error.value.message_dict["rule"][0]


# --- Seed and versions ----------------------------------------------------------------------------
@pytest.fixture
def excellent_item():
    return RequirementItem.objects.get(group__tier__slug="excellent-developer", key="docs")


def test_migration_loaded_the_seed_in_both_languages():
    excellent = Tier.objects.get(slug="excellent-developer")

    assert excellent.name_zh == "优秀开发者"
    assert Tier.objects.get(slug="senior-evangelist").name_zh == "资深布道师"
    assert Tier.objects.get(slug="senior-developer").approvals_required == 2
    assert not Tier.objects.get(slug="developer").certifiable
    assert [g.key for g in excellent.groups.all()] == ["contribution", "influence"]


def test_current_rules_equal_the_programme_data():
    current = {row.tier.slug: row for row in latest_rulesets()}

    assert set(current) == {data["slug"] for data in TIERS}
    for data in TIERS:
        assert current[data["slug"]].definition == seed_definition(data)


def test_the_evangelist_revision_is_version_2_and_version_1_stays():
    from criteria.migrations import _seed_0002

    evangelist = {"evangelist-reserve", "evangelist", "senior-evangelist"}
    versions = {}
    for row in RuleSet.objects.select_related("tier"):
        versions.setdefault(row.tier.slug, []).append(row.version)

    assert {slug: sorted(found) for slug, found in versions.items()} == {
        data["slug"]: [1, 2] if data["slug"] in evangelist else [1] for data in TIERS
    }
    for data in _seed_0002.TIERS:
        first = RuleSet.objects.get(tier__slug=data["slug"], version=1)
        assert first.definition == seed_definition(data)


def test_the_revision_removed_the_groups_and_items_it_no_longer_has():
    senior = Tier.objects.get(slug="senior-evangelist")

    keys = {
        (item.group.key, item.key) for item in RequirementItem.objects.filter(group__tier=senior)
    }

    assert ("foundation", "holds-evangelist") not in keys
    assert ("foundation", "evangelist-requirements") in keys
    assert [group.key for group in Tier.objects.get(slug="evangelist").groups.all()] == [
        "training",
        "influence",
        "building",
    ]


def test_a_new_version_leaves_submitted_applications_on_theirs():
    from applications.models import Evidence
    from applications.services import application_submit
    from tests.factories import make_evidence, make_profile

    applicant = UserFactory()
    make_profile(applicant)
    make_evidence(applicant, "study_camp")
    make_evidence(applicant, "sharing_session")
    reserve = Tier.objects.get(slug="evangelist-reserve")
    before = application_submit(
        applicant=applicant, tier=reserve, evidence=Evidence.objects.filter(owner=applicant)
    )
    stored = before.evaluation
    item = RequirementItem.objects.get(group__tier=reserve, key="study-camp")
    item.rule = {"type": "count", "kind": "study_camp", "min": 2}
    item.save()

    ruleset, created = ruleset_publish(tier=reserve)

    before.refresh_from_db()
    assert created and ruleset.version == 3
    assert (before.ruleset.version, before.rules_met, before.evaluation) == (2, True, stored)
    assert current_rulesets()["evangelist-reserve"].version == 3


def test_migrations_load_frozen_copies_never_the_live_seed():
    """A fresh ``migrate`` must not change when someone edits ``criteria/programme.py``."""
    live = {"criteria.programme", "criteria.seeding", "criteria.publishing"}
    migrations_dir = Path(criteria.__file__).parent / "migrations"
    imported = {}
    for path in sorted(migrations_dir.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                module = node.module if node.level == 0 else f"criteria.{node.module}"
                if module in live:
                    imported[path.name] = module
    assert imported == {}
    assert (migrations_dir / "_seed_0002.py").exists()
    assert (migrations_dir / "_seed_0003.py").exists()


def test_loading_the_seed_twice_changes_nothing():
    counts = [
        model.objects.count() for model in (Track, Tier, RequirementGroup, RequirementItem, RuleSet)
    ]

    load_seed_programme(apps)

    assert [
        model.objects.count() for model in (Track, Tier, RequirementGroup, RequirementItem, RuleSet)
    ] == counts


def test_a_change_publishes_a_new_version_and_old_ones_stay(excellent_item):
    tier = excellent_item.group.tier
    excellent_item.rule = {"type": "count", "kind": "doc_contribution", "min": 2}
    excellent_item.save()

    ruleset, created = ruleset_publish(tier=tier)

    assert created and ruleset.version == 2
    old = RuleSet.objects.get(tier=tier, version=1)
    assert old.engine_ruleset.groups[0].items[1].rule["min"] == 1
    assert current_rulesets()["excellent-developer"].version == 2


def test_publishing_unchanged_rules_keeps_the_version():
    tier = Tier.objects.get(slug="excellent-developer")

    ruleset, created = ruleset_publish(tier=tier)

    assert not created and ruleset.version == 1


def test_a_published_rule_set_cannot_change():
    ruleset = RuleSet.objects.first()
    ruleset.definition = {}

    with pytest.raises(ValidationError):
        ruleset.save()


def test_current_rulesets_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        rulesets = current_rulesets()

    assert set(rulesets) == {data["slug"] for data in TIERS}


# --- Admin ----------------------------------------------------------------------------------------
@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def item_form(group, item, rule_text):
    """The group change form's POST data, with one item's rule replaced."""
    items = list(group.items.all())
    data = {
        "tier": group.tier_id,
        "key": group.key,
        "title_en": group.title_en,
        "title_zh": group.title_zh,
        "min_items": group.min_items,
        "order": group.order,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(items):
        prefix = f"items-{index}-"
        data |= {
            prefix + "id": row.pk,
            prefix + "group": group.pk,
            prefix + "order": row.order,
            prefix + "key": row.key,
            prefix + "title_en": row.title_en,
            prefix + "title_zh": row.title_zh,
            prefix + "explanation_en": row.explanation_en,
            prefix + "explanation_zh": row.explanation_zh,
            prefix + "rule": rule_text if row.pk == item.pk else __import__("json").dumps(row.rule),
        }
    return data


def test_admin_refuses_an_invalid_rule_with_a_message(admin_client, excellent_item):
    group = excellent_item.group
    url = f"/admin/criteria/requirementgroup/{group.pk}/change/"

    response = admin_client.post(
        url, item_form(group, excellent_item, '{"type": "count", "kind": "rumour"}')
    )

    assert response.status_code == 200
    assert "rule.kind: unknown evidence kind" in response.content.decode()
    assert RuleSet.objects.filter(tier=group.tier).count() == 1


def test_admin_change_publishes_a_new_version(admin_client, excellent_item):
    group = excellent_item.group
    url = f"/admin/criteria/requirementgroup/{group.pk}/change/"

    response = admin_client.post(
        url,
        item_form(group, excellent_item, '{"type": "count", "kind": "doc_contribution", "min": 2}'),
    )

    assert response.status_code == 302
    assert current_rulesets()["excellent-developer"].version == 2


def test_admin_shows_the_rule_in_plain_words(admin_client):
    tier = Tier.objects.get(slug="senior-developer")

    response = admin_client.get(f"/admin/criteria/tier/{tier.pk}/change/")

    assert "at least 3 pull requests (merged, a toolkit&#x27;s core)" in response.content.decode()


def test_admin_rule_sets_are_read_only(admin_client):
    ruleset = RuleSet.objects.first()

    response = admin_client.post(f"/admin/criteria/ruleset/{ruleset.pk}/change/", {"version": 99})

    assert response.status_code == 403
    ruleset.refresh_from_db()
    assert ruleset.version == 1


# --- Programme page -------------------------------------------------------------------------------
def test_programme_page_renders_every_tier_from_the_data(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/programme/")

    html = response.content.decode()
    assert response.status_code == 200
    for data in TIERS:
        assert f'data-tier="{data["slug"]}"' in html
    assert 'data-item="toolkit-core"' in html
    assert "at least 3 pull requests" in html


def test_programme_page_in_chinese(client):
    response = client.get("/programme/", headers={"accept-language": "zh-hans"})

    html = response.content.decode()
    assert "资深开发者" in html
    assert "套件核心开发者" in html
