"""Every item of the seed's requirements, as a table: evidence in, met or not out.

The engine runs on the seed's rules exactly as the data migration publishes them, without the
database (``test_programme_data`` checks the two are the same).
"""

import datetime

import pytest
from django.utils import translation

from criteria.engine import Evidence, evaluate
from criteria.seeding import seed_rulesets

RULESETS = seed_rulesets()
AS_OF = datetime.date(2026, 6, 30)

_counter = iter(range(1, 10_000))


def ev(kind, date="2026-03-15", rejected=False, **fields):
    return Evidence(
        id=f"e{next(_counter)}",
        kind=kind,
        date=datetime.date.fromisoformat(date),
        fields=fields,
        rejected=rejected,
    )


def issue(date, state="accepted", **kw):
    return ev("community_issue", date, state=state, **kw)


def pr(state="merged", scope="application", date="2026-03-15"):
    return ev("pull_request", date, state=state, scope=scope)


def support(date, count):
    return ev("community_support", date, count=count)


def showcase(integrated=True, showcased=True):
    return ev("showcase_project", integrated=integrated, showcased=showcased)


def leadership(sig_meetings=True, design_doc=True, approver_seat=True):
    return ev(
        "feature_leadership",
        sig_meetings=sig_meetings,
        design_doc=design_doc,
        approver_seat=approver_seat,
    )


def item_result(tier, group_key, item_key, evidence, held=()):
    evaluation = evaluate(RULESETS[tier], evidence, held, AS_OF, rulesets=RULESETS)
    group = next(group for group in evaluation.groups if group.key == group_key)
    return next(item for item in group.items if item.key == item_key)


CASES = [
    # tier, group, item, evidence, held, met
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-31"), issue("2026-02-01")],
        (),
        True,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2025-12-31"), issue("2026-01-01")],
        (),
        True,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-10", "open"), issue("2026-02-10"), issue("2026-02-20")],
        (),
        True,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-10"), issue("2026-03-10")],
        (),
        False,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-05"), issue("2026-01-25")],
        (),
        False,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-10"), issue("2026-02-10", "open")],
        (),
        False,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-10"), issue("2026-02-10", "rejected")],
        (),
        False,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-06-20"), issue("2026-07-01")],
        (),
        False,
    ),
    (
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-10"), issue("2026-02-10", rejected=True)],
        (),
        False,
    ),
    ("excellent-developer", "contribution", "docs", [ev("doc_contribution")], (), True),
    ("excellent-developer", "contribution", "docs", [ev("tech_article")], (), False),
    (
        "excellent-developer",
        "contribution",
        "docs",
        [ev("doc_contribution", "2026-07-01")],
        (),
        False,
    ),
    ("excellent-developer", "contribution", "code", [pr("merged")], (), True),
    ("excellent-developer", "contribution", "code", [pr("open"), pr("closed")], (), False),
    ("excellent-developer", "contribution", "code", [ev("project_link")], (), True),
    ("excellent-developer", "influence", "article", [ev("tech_article")], (), True),
    (
        "excellent-developer",
        "influence",
        "article",
        [ev("wechat_article", state="selected")],
        (),
        False,
    ),
    (
        "excellent-developer",
        "influence",
        "growth-sharing",
        [ev("wechat_article", state="selected")],
        (),
        True,
    ),
    (
        "excellent-developer",
        "influence",
        "growth-sharing",
        [ev("wechat_article", state="submitted")],
        (),
        False,
    ),
    ("excellent-developer", "influence", "tech-sharing", [ev("sharing_session")], (), True),
    ("excellent-developer", "influence", "tech-sharing", [], (), False),
    (
        "senior-developer",
        "foundation",
        "excellent-requirements",
        [ev("doc_contribution"), ev("tech_article")],
        (),
        True,
    ),
    (
        "senior-developer",
        "foundation",
        "excellent-requirements",
        [],
        ("excellent-developer",),
        True,
    ),
    (
        "senior-developer",
        "foundation",
        "excellent-requirements",
        [ev("doc_contribution")],
        (),
        False,
    ),
    (
        "senior-developer",
        "outstanding",
        "toolkit-core",
        [pr(scope="toolkit_core") for _ in range(3)],
        (),
        True,
    ),
    (
        "senior-developer",
        "outstanding",
        "toolkit-core",
        [pr(scope="toolkit_core"), pr(scope="toolkit_core"), pr("open", "toolkit_core")],
        (),
        False,
    ),
    (
        "senior-developer",
        "outstanding",
        "toolkit-core",
        [pr(scope="framework_core") for _ in range(3)],
        (),
        False,
    ),
    ("senior-developer", "outstanding", "framework-core", [pr(scope="framework_core")], (), True),
    ("senior-developer", "outstanding", "framework-core", [pr(scope="application")], (), False),
    (
        "senior-developer",
        "outstanding",
        "community-support",
        [support("2026-01-31", 25), support("2026-02-01", 15)],
        (),
        True,
    ),
    (
        "senior-developer",
        "outstanding",
        "community-support",
        [support("2025-12-10", 20), support("2026-01-10", 20)],
        (),
        True,
    ),
    ("senior-developer", "outstanding", "community-support", [support("2026-04-10", 40)], (), True),
    (
        "senior-developer",
        "outstanding",
        "community-support",
        [support("2026-01-10", 25), support("2026-03-10", 15)],
        (),
        False,
    ),
    (
        "senior-developer",
        "outstanding",
        "community-support",
        [support("2026-05-10", 25), support("2026-07-01", 15)],
        (),
        False,
    ),
    ("senior-developer", "outstanding", "arxiv-paper", [ev("arxiv_paper")], (), True),
    (
        "senior-developer",
        "outstanding",
        "showcase-projects",
        [showcase() for _ in range(4)],
        (),
        True,
    ),
    (
        "senior-developer",
        "outstanding",
        "showcase-projects",
        [showcase(), showcase(), showcase(), showcase(showcased=False)],
        (),
        False,
    ),
    (
        "senior-developer",
        "outstanding",
        "business-application",
        [ev("business_application")],
        (),
        True,
    ),
    (
        "senior-developer",
        "outstanding",
        "competition-award",
        [ev("competition_award", level="national_top")],
        (),
        True,
    ),
    (
        "senior-developer",
        "outstanding",
        "competition-award",
        [ev("competition_award", level="other")],
        (),
        False,
    ),
    ("senior-developer", "outstanding", "feature-leadership", [leadership()], (), True),
    (
        "senior-developer",
        "outstanding",
        "feature-leadership",
        [leadership(approver_seat=False)],
        (),
        False,
    ),
    ("senior-developer", "invited", "invited-developer", [ev("invited_developer")], (), True),
    ("senior-developer", "invited", "invited-developer", [], (), False),
    (
        "evangelist-reserve",
        "participation",
        "training",
        [ev("training_session", attendees=30)],
        (),
        True,
    ),
    ("evangelist", "training", "trainer", [ev("training_session", attendees=30)], (), False),
    ("evangelist-reserve", "learning", "course", [ev("course_completion")], (), True),
    (
        "evangelist-reserve",
        "learning",
        "course",
        [ev("course_completion", rejected=True)],
        (),
        False,
    ),
    ("evangelist-reserve", "learning", "study-camp", [ev("study_camp")], (), True),
    ("evangelist-reserve", "learning", "study-camp", [ev("course_completion")], (), False),
    ("evangelist-reserve", "learning", "certificate", [ev("certificate")], (), True),
    ("evangelist-reserve", "learning", "certificate", [ev("certificate", "2026-07-01")], (), False),
    (
        "evangelist-reserve",
        "participation",
        "wechat-article",
        [ev("wechat_article", state="selected")],
        (),
        True,
    ),
    (
        "evangelist-reserve",
        "participation",
        "wechat-article",
        [ev("wechat_article", state="submitted")],
        (),
        False,
    ),
    (
        "evangelist-reserve",
        "participation",
        "answering",
        [support("2025-08-01", 4), support("2026-06-30", 6)],
        (),
        True,
    ),
    (
        "evangelist-reserve",
        "participation",
        "answering",
        [support("2025-06-30", 4), support("2026-06-30", 6)],
        (),
        False,
    ),
    (
        "evangelist",
        "influence",
        "wechat-articles",
        [ev("wechat_article", state="selected") for _ in range(3)],
        (),
        True,
    ),
    (
        "evangelist",
        "influence",
        "wechat-articles",
        [
            ev("wechat_article", state="selected"),
            ev("wechat_article", state="selected"),
            ev("wechat_article", state="submitted"),
        ],
        (),
        False,
    ),
    (
        "evangelist",
        "influence",
        "answering",
        [support("2026-01-31", 12), support("2026-02-01", 8)],
        (),
        True,
    ),
    (
        "evangelist",
        "influence",
        "answering",
        [support("2026-01-10", 12), support("2026-03-10", 8)],
        (),
        False,
    ),
    ("evangelist", "building", "issue-or-pr", [pr("merged")], (), True),
    ("evangelist", "building", "issue-or-pr", [issue("2026-03-01")], (), True),
    ("evangelist", "building", "issue-or-pr", [ev("doc_contribution")], (), True),
    ("evangelist", "building", "issue-or-pr", [pr("open"), issue("2026-03-01", "open")], (), False),
    ("senior-evangelist", "foundation", "evangelist-requirements", [], ("evangelist",), True),
    (
        "senior-evangelist",
        "foundation",
        "evangelist-requirements",
        [
            *(ev("training_session", attendees=30) for _ in range(2)),
            ev("sharing_session"),
            ev("sharing_session"),
            pr("merged"),
        ],
        (),
        True,
    ),
    (
        "senior-evangelist",
        "foundation",
        "evangelist-requirements",
        [ev("training_session", attendees=30) for _ in range(6)],
        (),
        False,
    ),
    (
        "senior-evangelist",
        "impact",
        "wechat-articles",
        [ev("wechat_article", state="selected") for _ in range(10)],
        (),
        True,
    ),
    ("senior-evangelist", "impact", "answering", [support("2026-05-01", 40)], (), True),
    ("senior-evangelist", "impact", "answering", [support("2026-05-01", 39)], (), False),
    (
        "senior-evangelist",
        "impact",
        "training-reach",
        [
            ev("training_session", "2025-08-01", attendees=300),
            ev("training_session", "2026-06-30", attendees=200),
        ],
        (),
        True,
    ),
    (
        "senior-evangelist",
        "impact",
        "training-reach",
        [
            ev("training_session", "2025-06-30", attendees=300),
            ev("training_session", "2026-06-01", attendees=200),
        ],
        (),
        False,
    ),
]


@pytest.mark.parametrize(
    ("tier", "group", "item", "evidence", "held", "met"),
    CASES,
    ids=[f"{c[0]}/{c[2]}/{i}-{'met' if c[5] else 'missing'}" for i, c in enumerate(CASES)],
)
def test_seed_item(tier, group, item, evidence, held, met):
    result = item_result(tier, group, item, evidence, held)

    assert result.met is met
    if met:
        assert result.missing == ""
    else:
        assert result.missing, "an unmet item must say what is missing"
        assert result.evidence == ()


def test_met_item_names_the_evidence_that_met_it():
    docs = [ev("doc_contribution"), ev("doc_contribution")]

    result = item_result("excellent-developer", "contribution", "docs", [*docs, ev("tech_article")])

    assert sorted(result.evidence) == sorted(item.id for item in docs)


def test_missing_sentence_counts_what_is_left():
    result = item_result(
        "excellent-developer",
        "contribution",
        "community-issues",
        [issue("2026-01-10"), issue("2026-02-10", "open")],
    )

    assert result.missing == "1 more community issue (accepted) in 2 consecutive calendar months"


def test_missing_sentence_for_toolkit_prs_is_in_plain_words():
    result = item_result(
        "senior-developer", "outstanding", "toolkit-core", [pr(scope="toolkit_core")]
    )

    assert result.missing == "2 more pull requests (merged, a toolkit's core)"


def test_missing_sentence_follows_the_active_language():
    with translation.override("zh-hans"):
        result = item_result("excellent-developer", "contribution", "docs", [])
        text = result.missing

    assert text != "1 more documentation contribution"
    assert "1" in text


def test_excellent_needs_both_groups():
    evaluation = evaluate(
        RULESETS["excellent-developer"], [ev("doc_contribution")], (), AS_OF, rulesets=RULESETS
    )

    assert not evaluation.eligible
    assert [group.met for group in evaluation.groups] == [True, False]


def test_senior_needs_the_excellent_requirements_as_well():
    outstanding = [pr(scope="framework_core")]

    without = evaluate(RULESETS["senior-developer"], outstanding, (), AS_OF, rulesets=RULESETS)
    with_excellent = evaluate(
        RULESETS["senior-developer"],
        [*outstanding, ev("doc_contribution"), ev("tech_article")],
        (),
        AS_OF,
        rulesets=RULESETS,
    )

    assert not without.eligible
    assert with_excellent.eligible


def test_senior_optional_invited_group_never_decides():
    evidence = [pr(scope="framework_core"), ev("doc_contribution"), ev("tech_article")]

    evaluation = evaluate(RULESETS["senior-developer"], evidence, (), AS_OF, rulesets=RULESETS)

    invited = next(group for group in evaluation.groups if group.key == "invited")
    assert invited.optional and not invited.met
    assert evaluation.eligible


def test_senior_evangelist_needs_the_evangelist_requirements_met_or_held():
    sessions = [ev("training_session", attendees=100) for _ in range(6)]
    evangelist_work = [ev("tech_article") for _ in range(3)] + [pr("merged")]

    alone = evaluate(RULESETS["senior-evangelist"], sessions, (), AS_OF, rulesets=RULESETS)
    holding = evaluate(
        RULESETS["senior-evangelist"], sessions, ("evangelist",), AS_OF, rulesets=RULESETS
    )
    meeting = evaluate(
        RULESETS["senior-evangelist"], [*sessions, *evangelist_work], (), AS_OF, rulesets=RULESETS
    )

    assert not alone.eligible
    assert holding.eligible
    assert meeting.eligible


def test_both_senior_tiers_follow_one_rule_for_the_tier_below():
    foundations = {
        slug: RULESETS[slug].groups[0].items[0].rule
        for slug in ("senior-developer", "senior-evangelist")
    }

    assert foundations == {
        "senior-developer": {"type": "meets_tier", "tier": "excellent-developer"},
        "senior-evangelist": {"type": "meets_tier", "tier": "evangelist"},
    }


def test_evangelist_reserve_needs_learning_and_sharing():
    learning_only = evaluate(
        RULESETS["evangelist-reserve"], [ev("certificate")], (), AS_OF, rulesets=RULESETS
    )
    sharing_only = evaluate(
        RULESETS["evangelist-reserve"], [ev("sharing_session")], (), AS_OF, rulesets=RULESETS
    )
    both = evaluate(
        RULESETS["evangelist-reserve"],
        [ev("certificate"), ev("sharing_session")],
        (),
        AS_OF,
        rulesets=RULESETS,
    )

    assert [group.met for group in learning_only.groups] == [True, False]
    assert [group.met for group in sharing_only.groups] == [False, True]
    assert both.eligible


def test_evangelist_needs_a_contribution_to_building_mindspore():
    evangelising = [ev("training_session", attendees=20) for _ in range(2)]
    evangelising += [ev("tech_article") for _ in range(3)]

    without = evaluate(RULESETS["evangelist"], evangelising, (), AS_OF, rulesets=RULESETS)
    with_pr = evaluate(
        RULESETS["evangelist"], [*evangelising, pr("merged")], (), AS_OF, rulesets=RULESETS
    )

    assert [group.key for group in without.groups if not group.met] == ["building"]
    assert with_pr.eligible


def test_evaluation_records_the_rule_set_version_and_date():
    evaluation = evaluate(RULESETS["excellent-developer"], [], (), AS_OF, rulesets=RULESETS)

    assert evaluation.ruleset_version == 1
    assert evaluation.as_of == AS_OF


def test_stored_evaluation_reads_back_the_same():
    from criteria.engine import Evaluation

    evaluation = evaluate(
        RULESETS["senior-developer"], [ev("doc_contribution")], (), AS_OF, rulesets=RULESETS
    )

    again = Evaluation.from_dict(evaluation.as_dict())

    assert again.as_dict() == evaluation.as_dict()


@pytest.mark.parametrize(
    ("tier", "group", "item", "sentence"),
    [
        ("excellent-developer", "influence", "article", "还需 1 篇技术文章"),
        ("excellent-developer", "influence", "tech-sharing", "还需 1 次社区分享活动"),
        ("senior-developer", "outstanding", "arxiv-paper", "还需 1 篇 arXiv 论文"),
        ("senior-developer", "outstanding", "framework-core", "还需 1 个 PR（已合入、框架核心）"),
        ("evangelist-reserve", "learning", "study-camp", "还需 1 期已结业训练营"),
        (
            "excellent-developer",
            "contribution",
            "community-issues",
            "连续 2 个自然月内还需 2 个社区 Issue（已接纳）",
        ),
    ],
)
def test_chinese_missing_sentences_use_each_kinds_measure_word(tier, group, item, sentence):
    with translation.override("zh-hans"):
        result = item_result(tier, group, item, [])
        missing = result.missing

    assert sentence in missing
