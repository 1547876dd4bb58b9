"""Properties the engine must keep for any evidence at all (hypothesis draws the evidence)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from criteria.engine import Evidence, evaluate, evaluate_all
from criteria.seeding import seed_rulesets
from criteria.vocabulary import EVIDENCE_KINDS

RULESETS = seed_rulesets()
AS_OF = datetime.date(2026, 6, 30)


def field_value(spec):
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "int":
        return st.integers(min_value=spec.min or 0, max_value=60)
    return st.sampled_from([value for value, _label in spec.choices])


@st.composite
def evidence(draw):
    kind = draw(st.sampled_from(sorted(EVIDENCE_KINDS)))
    fields = {name: draw(field_value(spec)) for name, spec in EVIDENCE_KINDS[kind].fields.items()}
    return Evidence(
        id=str(draw(st.integers(min_value=1, max_value=10**6))),
        kind=kind,
        date=draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 8, 31))),
        fields=fields,
        rejected=draw(st.sampled_from([False, False, False, True])),
    )


evidence_lists = st.lists(evidence(), max_size=40)
held = st.sets(st.sampled_from(sorted(RULESETS)), max_size=2)


def verdicts(items, held_tiers=()):
    return {
        slug: result.eligible
        for slug, result in evaluate_all(RULESETS, items, held_tiers, AS_OF).items()
    }


@settings(max_examples=200, deadline=None)
@given(evidence_lists, evidence_lists, held)
def test_adding_evidence_never_makes_an_eligible_applicant_ineligible(before, extra, held_tiers):
    eligible_before = verdicts(before, held_tiers)
    eligible_after = verdicts(before + extra, held_tiers)

    for slug, eligible in eligible_before.items():
        if eligible:
            assert eligible_after[slug], slug


@settings(max_examples=200, deadline=None)
@given(evidence_lists, st.randoms(use_true_random=False))
def test_evaluation_is_independent_of_evidence_order(items, random):
    shuffled = list(items)
    random.shuffle(shuffled)

    for slug, ruleset in RULESETS.items():
        first = evaluate(ruleset, items, (), AS_OF, rulesets=RULESETS).as_dict()
        second = evaluate(ruleset, shuffled, (), AS_OF, rulesets=RULESETS).as_dict()
        assert first == second, slug


def test_without_evidence_every_tier_with_a_required_group_is_ineligible():
    required = {
        slug
        for slug, ruleset in RULESETS.items()
        if any(not group.optional for group in ruleset.groups)
    }

    result = verdicts([])

    assert required  # the seed has such tiers; otherwise this test proves nothing
    assert {slug for slug in required if result[slug]} == set()
    assert result["developer"] is True  # no requirements: every registered user


@settings(max_examples=100, deadline=None)
@given(evidence_lists)
def test_evidence_after_the_evaluation_date_never_counts(items):
    future = [
        Evidence(item.id + "f", item.kind, AS_OF + datetime.timedelta(days=1), item.fields)
        for item in items
    ]

    assert verdicts(future) == verdicts([])


def test_the_engine_never_queries_the_database(db, django_assert_num_queries):
    items = [Evidence(str(n), "doc_contribution", datetime.date(2026, 1, n + 1)) for n in range(9)]

    with django_assert_num_queries(0):
        results = evaluate_all(RULESETS, items, {"evangelist"}, AS_OF)

    assert set(results) == set(RULESETS)
