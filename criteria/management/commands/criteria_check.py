"""Check a tier's current rules against evidence from a JSON file, from the shell.

    python manage.py criteria_check excellent-developer --evidence evidence.json --json

Exit status: 0 eligible, 1 not eligible, 2 bad input (one line on stderr, never a traceback).
"""

import datetime
import json
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from criteria.engine import Evaluation, Evidence, evaluate
from criteria.selectors import current_rulesets
from criteria.vocabulary import EVIDENCE_KINDS, validate_evidence_fields

# Keys of an evidence object that are not kind-specific fields.
COMMON_KEYS = {"id", "kind", "date", "url", "title", "rejected"}


def bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def parse_date(value, what: str) -> datetime.date:
    try:
        if not isinstance(value, str):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise bad_input(f"{what}: {value!r:.40} is not a date (use YYYY-MM-DD)") from None


def _parse_int(text: str):
    return int(text) if len(text.lstrip("-")) <= 18 else text


def _json_type(value) -> str:
    names = {list: "array", dict: "object", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def parse_evidence(raw: str) -> list[Evidence]:
    """Evidence objects from JSON text; the first problem raises a one-line error naming it."""
    try:
        # Numbers too long for int() stay text, so the field they sit in is named below.
        data = json.loads(raw, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise bad_input(f"evidence is not JSON: {exc.msg} (line {exc.lineno})") from None
    except RecursionError:
        raise bad_input("evidence is not usable JSON: nested too deeply") from None
    if not isinstance(data, list):
        raise bad_input("evidence must be a JSON array of objects")
    evidence = []
    for index, entry in enumerate(data):
        where = f"evidence[{index}]"
        if not isinstance(entry, dict):
            raise bad_input(f"{where}: must be an object")
        kind = entry.get("kind")
        known = ", ".join(sorted(EVIDENCE_KINDS))
        if not isinstance(kind, str):
            raise bad_input(
                f"{where}.kind: must be a string, not a JSON {_json_type(kind)} (known: {known})"
            )
        if kind not in EVIDENCE_KINDS:
            raise bad_input(f"{where}.kind: unknown evidence kind {kind!r:.80} (known: {known})")
        identifier = entry.get("id", index + 1)
        if isinstance(identifier, bool) or not isinstance(identifier, str | int):
            raise bad_input(f"{where}.id: must be a string or a whole number")
        rejected = entry.get("rejected", False)
        if not isinstance(rejected, bool):
            raise bad_input(f"{where}.rejected: must be true or false")
        if "date" not in entry:
            raise bad_input(f"{where}.date: missing")
        date = parse_date(entry["date"], f"{where}.date")
        fields = {key: value for key, value in entry.items() if key not in COMMON_KEYS}
        try:
            fields = validate_evidence_fields(kind, fields)
        except ValidationError as exc:
            name, messages = next(iter(exc.message_dict.items()))
            raise bad_input(f"{where}.{name}: {' '.join(messages)}") from None
        evidence.append(
            Evidence(
                id=str(identifier),
                kind=kind,
                date=date,
                fields=fields,
                rejected=rejected,
            )
        )
    return evidence


def as_json(evaluation: Evaluation) -> dict:
    """The shape ARCHITECTURE.md promises to scripts."""
    return {
        "tier": evaluation.tier,
        "eligible": evaluation.eligible,
        "groups": [
            {
                "key": group.key,
                "met": group.met,
                "optional": group.optional,
                "items": [
                    {
                        "key": item.key,
                        "met": item.met,
                        "evidence": list(item.evidence),
                        "missing": item.missing,
                    }
                    for item in group.items
                ],
            }
            for group in evaluation.groups
        ],
    }


class Command(BaseCommand):
    help = "Evaluate a tier's current rules against evidence given as JSON."

    def add_arguments(self, parser):
        parser.add_argument("tier", help="tier slug, e.g. excellent-developer")
        parser.add_argument(
            "--evidence", required=True, help="JSON file with an array of evidence, or - for stdin"
        )
        parser.add_argument(
            "--holds", nargs="*", default=[], metavar="TIER", help="tiers already held"
        )
        parser.add_argument("--as-of", help="evaluation date, YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the 'missing' sentences",
        )

    def handle(self, *args, **options):
        rulesets = current_rulesets()
        tier = options["tier"]
        if tier not in rulesets:
            raise bad_input(f"unknown tier {tier!r} (known: {', '.join(sorted(rulesets))})")
        for held in options["holds"]:
            if held not in rulesets:
                raise bad_input(f"--holds: unknown tier {held!r}")
        as_of = (
            parse_date(options["as_of"], "--as-of") if options["as_of"] else timezone.localdate()
        )
        evidence = parse_evidence(self.read(options["evidence"]))

        with translation.override(options["language"]):
            evaluation = evaluate(
                rulesets[tier], evidence, options["holds"], as_of, rulesets=rulesets
            )
            if options["json"]:
                self.stdout.write(json.dumps(as_json(evaluation), ensure_ascii=False, indent=2))
            else:
                self.write_text(evaluation)
        if not evaluation.eligible:
            sys.exit(1)

    def read(self, source: str) -> str:
        if source == "-":
            return sys.stdin.read()
        try:
            with open(source, encoding="utf-8") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise bad_input(f"--evidence: cannot read {source}: {exc}") from None

    def write_text(self, evaluation: Evaluation) -> None:
        verdict = "ELIGIBLE" if evaluation.eligible else "NOT ELIGIBLE"
        self.stdout.write(
            f"{evaluation.tier_name} ({evaluation.tier}), rules v{evaluation.ruleset_version}, "
            f"as of {evaluation.as_of}: {verdict}"
        )
        for group in evaluation.groups:
            mark = "met" if group.met else ("optional" if group.optional else "not met")
            self.stdout.write(f"  [{mark}] {group.key}: {group.title}")
            for item in group.items:
                detail = (
                    f"met by {', '.join(item.evidence) or 'certification held'}"
                    if item.met
                    else item.missing
                )
                self.stdout.write(f"    [{'x' if item.met else ' '}] {item.key}: {detail}")
