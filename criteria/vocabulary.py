"""The evidence vocabulary that rules speak: every kind, its kind-specific fields and their values.

Rules, forms, the engine and ``criteria_check`` all read this one table, so a kind or a field
exists in exactly one place.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

# No count the programme asks for comes near this; it keeps absurd numbers out of the rules.
MAX_COUNT = 1_000_000_000


class EvidenceKind(models.TextChoices):
    COMMUNITY_ISSUE = "community_issue", _("Community issue")
    DOC_CONTRIBUTION = "doc_contribution", _("Documentation contribution")
    PULL_REQUEST = "pull_request", _("Pull request")
    PROJECT_LINK = "project_link", _("Project code or link")
    TECH_ARTICLE = "tech_article", _("Technical article")
    WECHAT_ARTICLE = "wechat_article", _("WeChat official account article")
    SHARING_SESSION = "sharing_session", _("Community sharing session")
    COMMUNITY_SUPPORT = "community_support", _("Community support")
    ARXIV_PAPER = "arxiv_paper", _("arXiv paper")
    SHOWCASE_PROJECT = "showcase_project", _("Open-source project")
    BUSINESS_APPLICATION = "business_application", _("Business application")
    COMPETITION_AWARD = "competition_award", _("Competition award")
    FEATURE_LEADERSHIP = "feature_leadership", _("Feature-level leadership")
    INVITED_DEVELOPER = "invited_developer", _("Community invitation")
    TRAINING_SESSION = "training_session", _("Training session as trainer")
    COURSE_COMPLETION = "course_completion", _("Course completion")
    STUDY_CAMP = "study_camp", _("Study camp")
    CERTIFICATE = "certificate", _("Certificate (such as HCIA-AI)")


@dataclass(frozen=True)
class FieldSpec:
    """One kind-specific field: a choice, a yes/no, or a whole number (``min`` at least)."""

    type: Literal["choice", "bool", "int"]
    label: Promise
    choices: tuple[tuple[str, Promise], ...] = ()
    min: int | None = None
    required: bool = True

    def choice_label(self, value) -> str:
        return str(dict(self.choices).get(value, value))


@dataclass(frozen=True)
class KindSpec:
    """A kind of evidence: its label, its noun for sentences ("pull requests"), the same with a
    number ("2 more pull requests", "at least 3 pull requests") and its kind-specific fields.

    The numbered phrases are whole messages because Chinese puts a measure word between the
    number and the noun, and it differs per kind: 还需 1 篇技术文章, 1 次社区分享活动, 1 个 PR.
    """

    label: Promise
    noun: Promise  # ngettext_lazy keyed on "count", as are the two below
    more: Promise
    at_least: Promise
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)


def _bool(label) -> FieldSpec:
    return FieldSpec("bool", label, required=False)


EVIDENCE_KINDS: dict[str, KindSpec] = {
    EvidenceKind.COMMUNITY_ISSUE: KindSpec(
        EvidenceKind.COMMUNITY_ISSUE.label,
        ngettext_lazy("community issue", "community issues", "count"),
        ngettext_lazy("%(count)s more community issue", "%(count)s more community issues", "count"),
        ngettext_lazy(
            "at least %(count)s community issue", "at least %(count)s community issues", "count"
        ),
        {
            "state": FieldSpec(
                "choice",
                _("state"),
                (
                    ("open", pgettext_lazy("issue or pull request", "open")),
                    ("accepted", _("accepted")),
                    ("rejected", _("rejected")),
                ),
            )
        },
    ),
    EvidenceKind.DOC_CONTRIBUTION: KindSpec(
        EvidenceKind.DOC_CONTRIBUTION.label,
        ngettext_lazy("documentation contribution", "documentation contributions", "count"),
        ngettext_lazy(
            "%(count)s more documentation contribution",
            "%(count)s more documentation contributions",
            "count",
        ),
        ngettext_lazy(
            "at least %(count)s documentation contribution",
            "at least %(count)s documentation contributions",
            "count",
        ),
    ),
    EvidenceKind.PULL_REQUEST: KindSpec(
        EvidenceKind.PULL_REQUEST.label,
        ngettext_lazy("pull request", "pull requests", "count"),
        ngettext_lazy("%(count)s more pull request", "%(count)s more pull requests", "count"),
        ngettext_lazy(
            "at least %(count)s pull request", "at least %(count)s pull requests", "count"
        ),
        {
            "state": FieldSpec(
                "choice",
                _("state"),
                (
                    ("open", pgettext_lazy("issue or pull request", "open")),
                    ("merged", _("merged")),
                    ("closed", _("closed")),
                ),
            ),
            "scope": FieldSpec(
                "choice",
                _("scope"),
                (
                    ("application", _("application or model")),
                    ("toolkit_core", _("a toolkit's core")),
                    ("framework_core", _("the framework's core")),
                    ("other", _("other")),
                ),
            ),
        },
    ),
    EvidenceKind.PROJECT_LINK: KindSpec(
        EvidenceKind.PROJECT_LINK.label,
        ngettext_lazy("project code file or link", "project code files or links", "count"),
        ngettext_lazy(
            "%(count)s more project code file or link",
            "%(count)s more project code files or links",
            "count",
        ),
        ngettext_lazy(
            "at least %(count)s project code file or link",
            "at least %(count)s project code files or links",
            "count",
        ),
    ),
    EvidenceKind.TECH_ARTICLE: KindSpec(
        EvidenceKind.TECH_ARTICLE.label,
        ngettext_lazy("technical article", "technical articles", "count"),
        ngettext_lazy(
            "%(count)s more technical article", "%(count)s more technical articles", "count"
        ),
        ngettext_lazy(
            "at least %(count)s technical article", "at least %(count)s technical articles", "count"
        ),
    ),
    EvidenceKind.WECHAT_ARTICLE: KindSpec(
        EvidenceKind.WECHAT_ARTICLE.label,
        ngettext_lazy("WeChat article", "WeChat articles", "count"),
        ngettext_lazy("%(count)s more WeChat article", "%(count)s more WeChat articles", "count"),
        ngettext_lazy(
            "at least %(count)s WeChat article", "at least %(count)s WeChat articles", "count"
        ),
        {
            "state": FieldSpec(
                "choice",
                _("state"),
                (("submitted", _("submitted")), ("selected", _("selected for publication"))),
            )
        },
    ),
    EvidenceKind.SHARING_SESSION: KindSpec(
        EvidenceKind.SHARING_SESSION.label,
        ngettext_lazy("community sharing session", "community sharing sessions", "count"),
        ngettext_lazy(
            "%(count)s more community sharing session",
            "%(count)s more community sharing sessions",
            "count",
        ),
        ngettext_lazy(
            "at least %(count)s community sharing session",
            "at least %(count)s community sharing sessions",
            "count",
        ),
    ),
    EvidenceKind.COMMUNITY_SUPPORT: KindSpec(
        EvidenceKind.COMMUNITY_SUPPORT.label,
        ngettext_lazy("community support record", "community support records", "count"),
        ngettext_lazy(
            "%(count)s more community support record",
            "%(count)s more community support records",
            "count",
        ),
        ngettext_lazy(
            "at least %(count)s community support record",
            "at least %(count)s community support records",
            "count",
        ),
        {
            "count": FieldSpec(
                "int", _("contributions (questions answered, issues resolved, fixes)"), min=1
            )
        },
    ),
    EvidenceKind.ARXIV_PAPER: KindSpec(
        EvidenceKind.ARXIV_PAPER.label,
        ngettext_lazy("paper on arXiv", "papers on arXiv", "count"),
        ngettext_lazy("%(count)s more paper on arXiv", "%(count)s more papers on arXiv", "count"),
        ngettext_lazy(
            "at least %(count)s paper on arXiv", "at least %(count)s papers on arXiv", "count"
        ),
    ),
    EvidenceKind.SHOWCASE_PROJECT: KindSpec(
        EvidenceKind.SHOWCASE_PROJECT.label,
        ngettext_lazy("open-source project", "open-source projects", "count"),
        ngettext_lazy(
            "%(count)s more open-source project", "%(count)s more open-source projects", "count"
        ),
        ngettext_lazy(
            "at least %(count)s open-source project",
            "at least %(count)s open-source projects",
            "count",
        ),
        {
            "integrated": _bool(_("integrated into the official community repository")),
            "showcased": _bool(_("showcased at a large-scale event")),
        },
    ),
    EvidenceKind.BUSINESS_APPLICATION: KindSpec(
        EvidenceKind.BUSINESS_APPLICATION.label,
        ngettext_lazy("business application", "business applications", "count"),
        ngettext_lazy(
            "%(count)s more business application", "%(count)s more business applications", "count"
        ),
        ngettext_lazy(
            "at least %(count)s business application",
            "at least %(count)s business applications",
            "count",
        ),
    ),
    EvidenceKind.COMPETITION_AWARD: KindSpec(
        EvidenceKind.COMPETITION_AWARD.label,
        ngettext_lazy("competition award", "competition awards", "count"),
        ngettext_lazy(
            "%(count)s more competition award", "%(count)s more competition awards", "count"
        ),
        ngettext_lazy(
            "at least %(count)s competition award", "at least %(count)s competition awards", "count"
        ),
        {
            "level": FieldSpec(
                "choice",
                _("level"),
                (("national_top", _("highest national award")), ("other", _("other award"))),
            )
        },
    ),
    EvidenceKind.FEATURE_LEADERSHIP: KindSpec(
        EvidenceKind.FEATURE_LEADERSHIP.label,
        ngettext_lazy("feature led", "features led", "count"),
        ngettext_lazy("%(count)s more feature led", "%(count)s more features led", "count"),
        ngettext_lazy("at least %(count)s feature led", "at least %(count)s features led", "count"),
        {
            "sig_meetings": _bool(_("took part in every monthly SIG meeting")),
            "design_doc": _bool(_("led the design document and its review")),
            "approver_seat": _bool(_("holds the Approver seat in the SIG")),
        },
    ),
    EvidenceKind.INVITED_DEVELOPER: KindSpec(
        EvidenceKind.INVITED_DEVELOPER.label,
        ngettext_lazy("community invitation", "community invitations", "count"),
        ngettext_lazy(
            "%(count)s more community invitation", "%(count)s more community invitations", "count"
        ),
        ngettext_lazy(
            "at least %(count)s community invitation",
            "at least %(count)s community invitations",
            "count",
        ),
    ),
    EvidenceKind.TRAINING_SESSION: KindSpec(
        EvidenceKind.TRAINING_SESSION.label,
        ngettext_lazy("training session as trainer", "training sessions as trainer", "count"),
        ngettext_lazy(
            "%(count)s more training session as trainer",
            "%(count)s more training sessions as trainer",
            "count",
        ),
        ngettext_lazy(
            "at least %(count)s training session as trainer",
            "at least %(count)s training sessions as trainer",
            "count",
        ),
        {"attendees": FieldSpec("int", _("attendees"), min=0)},
    ),
    # Learning, which the Evangelist Reserve asks for: the link or file is the proof.
    EvidenceKind.COURSE_COMPLETION: KindSpec(
        EvidenceKind.COURSE_COMPLETION.label,
        ngettext_lazy("completed course", "completed courses", "count"),
        ngettext_lazy(
            "%(count)s more completed course", "%(count)s more completed courses", "count"
        ),
        ngettext_lazy(
            "at least %(count)s completed course", "at least %(count)s completed courses", "count"
        ),
    ),
    EvidenceKind.STUDY_CAMP: KindSpec(
        EvidenceKind.STUDY_CAMP.label,
        ngettext_lazy("completed study camp", "completed study camps", "count"),
        ngettext_lazy(
            "%(count)s more completed study camp", "%(count)s more completed study camps", "count"
        ),
        ngettext_lazy(
            "at least %(count)s completed study camp",
            "at least %(count)s completed study camps",
            "count",
        ),
    ),
    EvidenceKind.CERTIFICATE: KindSpec(
        EvidenceKind.CERTIFICATE.label,
        ngettext_lazy("certificate", "certificates", "count"),
        ngettext_lazy("%(count)s more certificate", "%(count)s more certificates", "count"),
        ngettext_lazy("at least %(count)s certificate", "at least %(count)s certificates", "count"),
    ),
}


def _clean_value(spec: FieldSpec, value: Any):
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        raise ValidationError(_("Must be true or false."))
    if spec.type == "int":
        # bool is an int in Python; a JSON true is not a count. Only ASCII digits make a number
        # ("²" is a digit to str.isdigit, not to int), and only so many of them.
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,12}", value.strip()):
                value = int(value)
            else:
                raise ValidationError(_("Must be a whole number."))
        if abs(value) > MAX_COUNT:
            raise ValidationError(
                _("Must be at most %(max)s.") % {"max": MAX_COUNT}, code="max_value"
            )
        if spec.min is not None and value < spec.min:
            raise ValidationError(
                _("Must be at least %(min)s.") % {"min": spec.min}, code="min_value"
            )
        return value
    allowed = [choice for choice, _label in spec.choices]
    if value not in allowed:
        raise ValidationError(
            _("Must be one of: %(choices)s.") % {"choices": ", ".join(allowed)}, code="choice"
        )
    return value


def validate_evidence_fields(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The kind-specific ``fields`` of ``kind``, cleaned; unknown, missing or wrong values raise a
    ``ValidationError`` keyed by the field's name."""
    spec = EVIDENCE_KINDS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise ValidationError({"kind": _("Unknown kind of evidence: %(kind)s.") % {"kind": kind}})
    errors: dict[str, ValidationError] = {}
    cleaned: dict[str, Any] = {}
    for name in fields:
        if name not in spec.fields:
            errors[name] = ValidationError(
                _("%(kind)s has no field %(field)s.") % {"kind": kind, "field": name}
            )
    for name, field_spec in spec.fields.items():
        value = fields.get(name)
        if value is None or value == "":
            if field_spec.type == "bool":
                cleaned[name] = False
            elif field_spec.required:
                errors[name] = ValidationError(_("This field is required."), code="required")
            continue
        try:
            cleaned[name] = _clean_value(field_spec, value)
        except ValidationError as exc:
            errors[name] = exc
    if errors:
        raise ValidationError(errors)
    return cleaned
