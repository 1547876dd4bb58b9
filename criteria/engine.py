"""The rule evaluator: a pure function from a rule set and a person's evidence to a verdict that
explains itself (which evidence met each item, what is missing).

Nothing here touches the database: callers turn rows into ``Evidence`` and ``RuleSet`` values
first, so the same engine serves pages, reviews, the API and ``criteria_check``. Rules are
compiled into closures once per rule set; an evaluation then only walks the person's evidence,
indexed by kind.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .vocabulary import EVIDENCE_KINDS

Missing = Callable[[], str]
# What a compiled rule answers: met?, the evidence ids that met it, and (when not met) a
# function that words what is missing in the active language, called only when shown.
Outcome = tuple[bool, tuple[str, ...], Missing | None]
Check = Callable[["_Context"], Outcome]


def localize(texts: Mapping[str, str]) -> str:
    """The text for the active language: Chinese when the UI is Chinese and one exists."""
    language = get_language() or "en"
    if language.lower().startswith("zh") and texts.get("zh-hans"):
        return texts["zh-hans"]
    return texts.get("en") or next(iter(texts.values()), "")


# --- Input ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence as the engine sees it; ``fields`` are already cleaned per kind."""

    id: str
    kind: str
    date: datetime.date
    fields: Mapping[str, Any] = field(default_factory=dict)
    rejected: bool = False


@dataclass(frozen=True)
class ItemSpec:
    key: str
    title: Mapping[str, str]
    rule: Mapping[str, Any]
    explanation: Mapping[str, str] = field(default_factory=dict)
    check: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "check", compile_rule(self.rule))


@dataclass(frozen=True)
class GroupSpec:
    key: str
    title: Mapping[str, str]
    items: tuple[ItemSpec, ...]
    min_items: int = 1
    optional: bool = False


@dataclass(frozen=True)
class RuleSet:
    """One immutable version of a tier's requirements."""

    tier: str
    version: int
    name: Mapping[str, str]
    groups: tuple[GroupSpec, ...]

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any], *, version: int) -> RuleSet:
        """Build from the JSON a ``criteria.models.RuleSet`` row stores."""
        return cls(
            tier=definition["tier"],
            version=version,
            name=definition.get("name", {}),
            groups=tuple(
                GroupSpec(
                    key=group["key"],
                    title=group.get("title", {}),
                    min_items=group.get("min_items", 1),
                    optional=group.get("optional", False),
                    items=tuple(
                        ItemSpec(
                            key=item["key"],
                            title=item.get("title", {}),
                            explanation=item.get("explanation", {}),
                            rule=item["rule"],
                        )
                        for item in group["items"]
                    ),
                )
                for group in definition["groups"]
            ),
        )


# --- Output --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ItemResult:
    key: str
    titles: Mapping[str, str]
    met: bool
    evidence: tuple[str, ...]
    missing_text: Missing | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        return localize(self.titles)

    @property
    def missing(self) -> str:
        """What is still needed, in the active language; empty when met."""
        if self.met or self.missing_text is None:
            return ""
        return self.missing_text()


@dataclass(frozen=True, slots=True)
class GroupResult:
    key: str
    titles: Mapping[str, str]
    met: bool
    optional: bool
    min_items: int
    items: tuple[ItemResult, ...]

    @property
    def title(self) -> str:
        return localize(self.titles)


@dataclass(frozen=True, slots=True)
class Evaluation:
    tier: str
    ruleset_version: int
    as_of: datetime.date
    eligible: bool
    groups: tuple[GroupResult, ...]
    tier_names: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def tier_name(self) -> str:
        return localize(self.tier_names) or self.tier

    @property
    def required_groups(self) -> int:
        return sum(1 for group in self.groups if not group.optional)

    @property
    def required_groups_met(self) -> int:
        return sum(1 for group in self.groups if group.met and not group.optional)

    @property
    def evidence_ids(self) -> set[str]:
        """Every evidence id that met some item."""
        return {pk for group in self.groups for item in group.items for pk in item.evidence}

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record of this verdict, stored with an application at submission."""
        return {
            "tier": self.tier,
            "ruleset_version": self.ruleset_version,
            "as_of": self.as_of.isoformat(),
            "eligible": self.eligible,
            "name": dict(self.tier_names),
            "groups": [
                {
                    "key": group.key,
                    "title": dict(group.titles),
                    "met": group.met,
                    "optional": group.optional,
                    "min_items": group.min_items,
                    "items": [
                        {
                            "key": item.key,
                            "title": dict(item.titles),
                            "met": item.met,
                            "evidence": list(item.evidence),
                            "missing": item.missing,
                        }
                        for item in group.items
                    ],
                }
                for group in self.groups
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evaluation:
        """Read back a stored verdict (its ``missing`` sentences stay in the language stored)."""
        return cls(
            tier=data["tier"],
            ruleset_version=data["ruleset_version"],
            as_of=datetime.date.fromisoformat(data["as_of"]),
            eligible=data["eligible"],
            tier_names=data.get("name", {}),
            groups=tuple(
                GroupResult(
                    key=group["key"],
                    titles=group.get("title", {}),
                    met=group["met"],
                    optional=group["optional"],
                    min_items=group.get("min_items", 1),
                    items=tuple(
                        ItemResult(
                            key=item["key"],
                            titles=item.get("title", {}),
                            met=item["met"],
                            evidence=tuple(item["evidence"]),
                            missing_text=_fixed_text(item.get("missing", "")),
                        )
                        for item in group["items"]
                    ),
                )
                for group in data["groups"]
            ),
        )


def _fixed_text(text: str) -> Missing:
    return lambda: text


# --- Evaluation ----------------------------------------------------------------------------------
class _Context:
    """The evidence of one person, indexed by kind, shared by every tier evaluated for them."""

    __slots__ = ("as_of", "by_kind", "held", "memo", "rulesets", "stack")

    def __init__(self, evidence, held_tiers, as_of, rulesets):
        by_kind: dict[str, list[Evidence]] = defaultdict(list)
        for item in evidence:
            if item.date <= as_of and not item.rejected:
                by_kind[item.kind].append(item)
        for items in by_kind.values():
            # Sorting makes every answer independent of the order evidence came in.
            items.sort(key=lambda item: (item.date, item.id))
        self.by_kind = by_kind
        self.held = frozenset(held_tiers)
        self.as_of = as_of
        self.rulesets = rulesets
        self.memo: dict[str, Evaluation | None] = {}
        self.stack: set[str] = set()

    def tier_name(self, slug: str) -> str:
        ruleset = self.rulesets.get(slug)
        return localize(ruleset.name) if ruleset and ruleset.name else slug

    def evaluation_of(self, slug: str) -> Evaluation | None:
        """Another tier's verdict for the same person (``None`` if unknown or circular)."""
        if slug in self.memo:
            return self.memo[slug]
        ruleset = self.rulesets.get(slug)
        if ruleset is None or slug in self.stack:
            return None
        self.stack.add(slug)
        try:
            result = _evaluate(ruleset, self)
        finally:
            self.stack.discard(slug)
        self.memo[slug] = result
        return result


def _evaluate(ruleset: RuleSet, ctx: _Context) -> Evaluation:
    groups = []
    eligible = True
    for group in ruleset.groups:
        items = []
        met_count = 0
        for item in group.items:
            met, evidence, missing = item.check(ctx)
            met_count += met
            items.append(ItemResult(item.key, item.title, met, evidence if met else (), missing))
        group_met = met_count >= group.min_items
        if not group_met and not group.optional:
            eligible = False
        groups.append(
            GroupResult(
                group.key, group.title, group_met, group.optional, group.min_items, tuple(items)
            )
        )
    return Evaluation(
        tier=ruleset.tier,
        ruleset_version=ruleset.version,
        as_of=ctx.as_of,
        eligible=eligible,
        groups=tuple(groups),
        tier_names=ruleset.name,
    )


def evaluate(
    ruleset: RuleSet,
    evidence: Iterable[Evidence],
    held_tiers: Iterable[str],
    as_of: datetime.date,
    *,
    rulesets: Mapping[str, RuleSet] | None = None,
) -> Evaluation:
    """The verdict of ``ruleset`` on ``evidence`` as of ``as_of``.

    Evidence dated after ``as_of`` or rejected by a reviewer never counts. ``held_tiers`` are the
    slugs of valid certifications; ``rulesets`` (by tier slug) answer ``meets_tier`` rules.
    """
    known = dict(rulesets or {})
    known.setdefault(ruleset.tier, ruleset)
    ctx = _Context(evidence, held_tiers, as_of, known)
    ctx.stack.add(ruleset.tier)
    return _evaluate(ruleset, ctx)


def evaluate_all(
    rulesets: Mapping[str, RuleSet],
    evidence: Iterable[Evidence],
    held_tiers: Iterable[str],
    as_of: datetime.date,
) -> dict[str, Evaluation]:
    """Every tier's verdict for one person; tiers that depend on another evaluate it once."""
    ctx = _Context(evidence, held_tiers, as_of, rulesets)
    return {slug: ctx.evaluation_of(slug) for slug in rulesets}


# --- Rules ---------------------------------------------------------------------------------------
def _matcher(where: Mapping[str, Any]) -> Callable[[Evidence], bool]:
    conditions = tuple(where.items())
    if not conditions:
        return lambda item: True
    return lambda item: all(item.fields.get(name) == value for name, value in conditions)


def _month(date: datetime.date) -> int:
    return date.year * 12 + date.month - 1


def noun(kind: str, count: int) -> str:
    spec = EVIDENCE_KINDS.get(kind)
    return (spec.noun % {"count": count}) if spec else kind


def more(kind: str, count: int) -> str:
    """ "2 more pull requests" (还需 2 个 PR): the kind's own phrase, with its measure word."""
    spec = EVIDENCE_KINDS.get(kind)
    return (spec.more % {"count": count}) if spec else f"{count} {kind}"


def at_least(kind: str, count: int) -> str:
    """ "at least 3 pull requests" (至少 3 个 PR)."""
    spec = EVIDENCE_KINDS.get(kind)
    return (spec.at_least % {"count": count}) if spec else f"{count} {kind}"


def conditions_text(kind: str, where: Mapping[str, Any]) -> str:
    """ " (merged, a toolkit's core)": the ``where`` filter of a rule in plain words."""
    spec = EVIDENCE_KINDS.get(kind)
    if not where or spec is None:
        return ""
    words = []
    # In the kind's field order, not the dict's: PostgreSQL's jsonb does not keep key order.
    known = [(name, where[name]) for name in spec.fields if name in where]
    for name, value in known + [(n, v) for n, v in where.items() if n not in spec.fields]:
        field_spec = spec.fields.get(name)
        if field_spec is None:
            words.append(f"{name}={value}")
        elif field_spec.type == "bool":
            label = str(field_spec.label)
            words.append(label if value else _("not %(condition)s") % {"condition": label})
        elif field_spec.type == "choice":
            words.append(field_spec.choice_label(value))
        else:
            words.append(f"{field_spec.label} {value}")
    return _(" (%(conditions)s)") % {"conditions": _(", ").join(words)}


def _count(rule) -> Check:
    kind, minimum = rule["kind"], rule.get("min", 1)
    where = rule.get("where", {})
    matches = _matcher(where)

    def check(ctx: _Context) -> Outcome:
        found = tuple(item.id for item in ctx.by_kind.get(kind, ()) if matches(item))
        if len(found) >= minimum:
            return True, found, None
        short = minimum - len(found)
        return (
            False,
            found,
            lambda: more(kind, short) + conditions_text(kind, where),
        )

    return check


def _best_span(months_with_items: Iterable[int], length: int, score):
    """The run of ``length`` consecutive months (latest first on ties) with the lowest score."""
    starts = {month - offset for month in months_with_items for offset in range(length)}
    best = None
    for start in sorted(starts, reverse=True):
        result = score(range(start, start + length))
        if best is None or result[0] < best[0]:
            best = result
            if result[0] == (0, 0) or result[0] == 0:
                break
    return best


def _consecutive_months(rule) -> Check:
    kind, months = rule["kind"], rule.get("months", 2)
    min_each, min_total = rule.get("min_each_month", 1), rule.get("min_total", 0)
    where = rule.get("where", {})
    matches = _matcher(where)

    def check(ctx: _Context) -> Outcome:
        by_month: dict[int, list[Evidence]] = defaultdict(list)
        for item in ctx.by_kind.get(kind, ()):
            by_month[_month(item.date)].append(item)

        def score(span):
            in_span = [item for month in span for item in by_month.get(month, ())]
            months_short = sum(1 for month in span if len(by_month.get(month, ())) < min_each)
            total_short = max(0, min_total - sum(1 for item in in_span if matches(item)))
            return (months_short, total_short), in_span

        best = _best_span(by_month, months, score) if by_month else None
        if best is not None and best[0] == (0, 0):
            return True, tuple(item.id for item in best[1]), None
        months_short, total_short = best[0] if best else (months, min_total)

        def missing() -> str:
            parts = []
            if months_short:
                parts.append(
                    _("%(things)s in each of %(months)s consecutive calendar months")
                    % {"things": capfirst(noun(kind, min_each)), "months": months}
                )
            if total_short:
                parts.append(
                    _("%(more)s%(conditions)s in %(months)s consecutive calendar months")
                    % {
                        "more": more(kind, total_short),
                        "conditions": conditions_text(kind, where),
                        "months": months,
                    }
                )
            return _("; ").join(parts)

        return False, (), missing

    return check


def _window_sum(rule) -> Check:
    kind, months = rule["kind"], rule.get("months", 1)
    field_name, min_total = rule.get("field", "count"), rule["min_total"]
    where = rule.get("where", {})
    matches = _matcher(where)

    def check(ctx: _Context) -> Outcome:
        by_month: dict[int, list[Evidence]] = defaultdict(list)
        for item in ctx.by_kind.get(kind, ()):
            if matches(item):
                by_month[_month(item.date)].append(item)

        def score(span):
            in_span = [item for month in span for item in by_month.get(month, ())]
            total = sum(int(item.fields.get(field_name) or 0) for item in in_span)
            return max(0, min_total - total), in_span

        best = _best_span(by_month, months, score) if by_month else None
        if best is not None and best[0] == 0:
            return True, tuple(item.id for item in best[1]), None
        short = best[0] if best else min_total
        spec = EVIDENCE_KINDS.get(kind)
        field_spec = spec.fields.get(field_name) if spec else None
        return (
            False,
            (),
            lambda: (
                _(
                    "%(count)s more %(field)s in %(things)s within %(months)s consecutive "
                    "calendar months"
                )
                % {
                    "count": short,
                    "field": field_spec.label if field_spec else field_name,
                    "things": noun(kind, 2),
                    "months": months,
                }
            ),
        )

    return check


def _meets_tier(rule) -> Check:
    slug = rule["tier"]

    def check(ctx: _Context) -> Outcome:
        if slug in ctx.held:
            return True, (), None
        other = ctx.evaluation_of(slug)
        if other is not None and other.eligible:
            return True, tuple(sorted(other.evidence_ids)), None
        return (
            False,
            (),
            lambda: (
                _("Meet the requirements of %(tier)s, or hold that certification")
                % {"tier": ctx.tier_name(slug)}
            ),
        )

    return check


def _holds_tier(rule) -> Check:
    slug = rule["tier"]

    def check(ctx: _Context) -> Outcome:
        if slug in ctx.held:
            return True, (), None
        return (
            False,
            (),
            lambda: _("Be certified as %(tier)s first") % {"tier": ctx.tier_name(slug)},
        )

    return check


def _combination(rule, *, need_all: bool) -> Check:
    checks = [compile_rule(part) for part in rule["rules"]]

    def check(ctx: _Context) -> Outcome:
        outcomes = [part(ctx) for part in checks]
        met = [outcome for outcome in outcomes if outcome[0]]
        ok = len(met) == len(outcomes) if need_all else bool(met)
        evidence = tuple(sorted({pk for outcome in met for pk in outcome[1]}))
        if ok:
            return True, evidence, None
        unmet = [outcome[2] for outcome in outcomes if not outcome[0] and outcome[2]]
        separator = _("; ") if need_all else _(" or ")
        return False, evidence, lambda: separator.join(missing() for missing in unmet)

    return check


COMPILERS: dict[str, Callable[[Mapping[str, Any]], Check]] = {
    "count": _count,
    "consecutive_months": _consecutive_months,
    "window_sum": _window_sum,
    "meets_tier": _meets_tier,
    "holds_tier": _holds_tier,
    "all_of": lambda rule: _combination(rule, need_all=True),
    "any_of": lambda rule: _combination(rule, need_all=False),
}


def compile_rule(rule: Mapping[str, Any]) -> Check:
    """A closure that checks ``rule`` (already validated by ``criteria.rule_types``)."""
    return COMPILERS[rule["type"]](rule)
