"""The rule language: what a valid rule looks like, and how to say one in plain words.

A rule is JSON, for example ``{"type": "count", "kind": "pull_request", "min": 3,
"where": {"state": "merged", "scope": "toolkit_core"}}``. ``validate_rule`` refuses anything the
engine could misread and names the offending part ("rule.where.colour: …"), so the admin and the
API can show it next to the field.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .engine import COMPILERS, at_least, conditions_text, noun
from .vocabulary import EVIDENCE_KINDS, validate_evidence_fields

RULE_TYPES = tuple(COMPILERS)

# Keys each type accepts, and which of them must be there.
_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "count": ({"type", "kind", "min", "where"}, {"kind"}),
    "consecutive_months": (
        {"type", "kind", "months", "min_each_month", "min_total", "where"},
        {"kind", "months"},
    ),
    "window_sum": (
        {"type", "kind", "months", "field", "min_total", "where"},
        {"kind", "months", "min_total"},
    ),
    "meets_tier": ({"type", "tier"}, {"tier"}),
    "holds_tier": ({"type", "tier"}, {"tier"}),
    "all_of": ({"type", "rules"}, {"rules"}),
    "any_of": ({"type", "rules"}, {"rules"}),
}


def _error(path: str, message: str) -> ValidationError:
    return ValidationError(f"{path}: {message}", code="invalid_rule")


def _check_number(rule, key, path, *, minimum):
    if key not in rule:
        return
    value = rule[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error(f"{path}.{key}", _("must be a whole number"))
    if value < minimum:
        raise _error(
            f"{path}.{key}",
            _("must be at least %(minimum)s, not %(value)s") % {"minimum": minimum, "value": value},
        )


def _check_where(rule, path):
    where = rule.get("where", {})
    if not isinstance(where, dict):
        raise _error(f"{path}.where", _("must be an object of field: value"))
    kind_fields = EVIDENCE_KINDS[rule["kind"]].fields
    for name, value in where.items():
        if name not in kind_fields:
            raise _error(
                f"{path}.where.{name}",
                _("%(kind)s has no field %(field)s") % {"kind": rule["kind"], "field": name},
            )
        try:
            validate_evidence_fields(rule["kind"], {name: value} | _defaults(rule["kind"], name))
        except ValidationError as exc:
            raise _error(
                f"{path}.where.{name}", " ".join(exc.message_dict.get(name, exc.messages))
            ) from exc


def _defaults(kind: str, skip: str) -> dict[str, Any]:
    """Placeholder values for the other required fields, so one condition validates alone."""
    values = {}
    for name, spec in EVIDENCE_KINDS[kind].fields.items():
        if name == skip or not spec.required:
            continue
        values[name] = spec.choices[0][0] if spec.type == "choice" else (spec.min or 0)
    return values


def validate_rule(rule: Any, path: str = "rule", known_tiers: set[str] | None = None) -> None:
    """Raise ``ValidationError`` naming the first problem in ``rule``: unknown type, kind, field or
    tier, a missing or extra key, a negative or zero threshold."""
    if not isinstance(rule, dict):
        raise _error(path, _("must be an object with a type"))
    rule_type = rule.get("type")
    if rule_type not in _KEYS:
        raise _error(
            f"{path}.type",
            _("unknown rule type %(type)r; use one of %(types)s")
            % {"type": rule_type, "types": ", ".join(RULE_TYPES)},
        )
    allowed, required = _KEYS[rule_type]
    for key in sorted(set(rule) - allowed):
        raise _error(f"{path}.{key}", _("not a setting of a %(type)s rule") % {"type": rule_type})
    for key in sorted(required - set(rule)):
        raise _error(f"{path}.{key}", _("is required"))
    if "kind" in allowed:
        if rule["kind"] not in EVIDENCE_KINDS:
            raise _error(
                f"{path}.kind", _("unknown evidence kind %(kind)r") % {"kind": rule["kind"]}
            )
        _check_where(rule, path)
        for key in ("min", "months", "min_each_month", "min_total"):
            _check_number(rule, key, path, minimum=1)
    if rule_type == "window_sum":
        field_name = rule.get("field", "count")
        spec = EVIDENCE_KINDS[rule["kind"]].fields.get(field_name)
        if spec is None or spec.type != "int":
            raise _error(
                f"{path}.field",
                _("%(kind)s has no whole-number field %(field)s")
                % {"kind": rule["kind"], "field": field_name},
            )
    if rule_type in ("meets_tier", "holds_tier"):
        tier = rule["tier"]
        if not isinstance(tier, str) or (known_tiers is not None and tier not in known_tiers):
            raise _error(f"{path}.tier", _("unknown tier %(tier)r") % {"tier": tier})
    if rule_type in ("all_of", "any_of"):
        parts = rule["rules"]
        if not isinstance(parts, list) or not parts:
            raise _error(f"{path}.rules", _("must be a non-empty list of rules"))
        for index, part in enumerate(parts):
            validate_rule(part, f"{path}.rules[{index}]", known_tiers)


def describe_rule(rule: Mapping[str, Any], tier_name: Callable[[str], str] = str) -> str:
    """The rule in plain words, for staff and applicants: "at least 3 pull requests (merged, a
    toolkit's core)"."""
    rule_type = rule["type"]
    if rule_type == "count":
        minimum = rule.get("min", 1)
        return at_least(rule["kind"], minimum) + conditions_text(
            rule["kind"], rule.get("where", {})
        )
    if rule_type == "consecutive_months":
        text = _("%(things)s in each of %(months)s consecutive calendar months") % {
            "things": capfirst(noun(rule["kind"], 2)),
            "months": rule["months"],
        }
        if rule.get("min_total"):
            text += _(", at least %(count)s of them%(conditions)s") % {
                "count": rule["min_total"],
                "conditions": conditions_text(rule["kind"], rule.get("where", {})),
            }
        return text
    if rule_type == "window_sum":
        spec = EVIDENCE_KINDS[rule["kind"]].fields[rule.get("field", "count")]
        return ngettext(
            "%(things)s adding up to at least %(total)s %(field)s within %(months)s calendar month",
            "%(things)s adding up to at least %(total)s %(field)s within %(months)s "
            "consecutive calendar months",
            rule["months"],
        ) % {
            "things": capfirst(noun(rule["kind"], 2)),
            "total": rule["min_total"],
            "field": spec.label,
            "months": rule["months"],
        }
    if rule_type == "meets_tier":
        return _("meets the requirements of %(tier)s, or holds it") % {
            "tier": tier_name(rule["tier"])
        }
    if rule_type == "holds_tier":
        return _("holds the %(tier)s certification") % {"tier": tier_name(rule["tier"])}
    parts = [describe_rule(part, tier_name) for part in rule["rules"]]
    if rule_type == "all_of":
        return _("all of: %(rules)s") % {"rules": _("; ").join(parts)}
    return _("any of: %(rules)s") % {"rules": _(" or ").join(parts)}
