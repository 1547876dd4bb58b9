"""Reads for the dashboard: each chart from the rollups (or, for "right now", one indexed
aggregate), in a number of queries that does not grow with the programme."""

import datetime
import itertools
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from applications.models import Application
from applications.models.application import QUEUE_STATES
from benefits.models import Grant
from criteria.models import Tier, Track
from reviews.models import ReviewClaim
from reviews.rules import reviewable_by

from .charts import Chart, Series
from .models import MonthDurations, ReviewerDay, Snapshot, TierDay
from .rules import View
from .services import BENEFITS, FUNNEL, PEOPLE
from .stats import months_between

TOP_REVIEWERS = 8


def certifiable_tiers() -> list[Tier]:
    """Every certifiable tier with its track, in ladder order (the filters' choices)."""
    return list(
        Tier.objects.filter(certifiable=True)
        .select_related("track")
        .order_by("track__order", "rank")
    )


@dataclass(frozen=True)
class Filters:
    start: datetime.date  # first day of the first month
    end: datetime.date  # first day of the last month
    track: Track | None
    tier: Tier | None
    tiers: tuple[Tier, ...]  # the tiers the filters leave

    @classmethod
    def make(cls, *, start, end, track=None, tier=None, all_tiers):
        chosen = [
            t
            for t in all_tiers
            if (tier is None or t.pk == tier.pk) and (track is None or t.track_id == track.pk)
        ]
        return cls(start=start, end=end, track=track, tier=tier, tiers=tuple(chosen))

    @property
    def scope(self) -> str:
        """The key of the precomputed figures for this choice of track and tier."""
        if self.tier is not None:
            return f"tier:{self.tier.pk}"
        if self.track is not None:
            return f"track:{self.track.pk}"
        return "all"

    @property
    def tier_ids(self) -> list[int]:
        return [tier.pk for tier in self.tiers]

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.start, self.end)

    @property
    def tracks(self) -> list[Track]:
        seen = {}
        for tier in self.tiers:
            seen.setdefault(tier.track_id, tier.track)
        return list(seen.values())


def _label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def _days(hours: float | None) -> float | None:
    return None if hours is None else round(hours / 24, 1)


def _person(email, display_name) -> str:
    if email is None:
        return _("Former reviewer")
    return display_name or email


def _rate(approved: int, rejected: int) -> float | None:
    return round(100 * approved / (approved + rejected), 1) if approved + rejected else None


class Dashboard:
    """The charts one viewer may see for one choice of filters. Each query runs once, when a
    chart first needs it, so the CSV of one chart costs only that chart's queries."""

    CHARTS = {
        View.PROGRAMME: (
            "submitted",
            "outcomes",
            "waits",
            "sla",
            "queue_age",
            "funnel",
            "reviewers",
            "claims",
            "certifications",
            "benefits",
            "consent",
            "languages",
            "organisations",
            "cities",
        ),
        View.OWN_WORK: ("my_decisions", "queue_age"),
    }

    def __init__(self, filters: Filters, *, view: View, viewer):
        self.filters = filters
        self.view = view
        self.viewer = viewer
        self.month_labels = [_label(month) for month in filters.months]

    def keys(self) -> tuple[str, ...]:
        return self.CHARTS[self.view]

    def charts(self) -> list[Chart]:
        return [self.chart(key) for key in self.keys()]

    def chart(self, key: str) -> Chart:
        """One chart by key; a key this viewer may not see raises ``KeyError``."""
        if key not in self.keys():
            raise KeyError(key)
        return getattr(self, f"_chart_{key}")()

    # --- queries ------------------------------------------------------------------------------
    @cached_property
    def _tier_months(self) -> dict[tuple, dict]:
        columns = (
            "submitted",
            "approved",
            "rejected",
            "changes_requested",
            "withdrawn",
            "decided_past_sla",
            "certified",
        )
        rows = (
            TierDay.objects.filter(
                month__gte=self.filters.start,
                month__lte=self.filters.end,
                tier_id__in=self.filters.tier_ids,
            )
            .values("month", "tier_id")
            .annotate(**{column: Sum(column) for column in columns})
        )
        return {(row["month"], row["tier_id"]): row for row in rows}

    def _sum(self, column: str, month=None, tier_ids=None) -> int:
        rows = self._tier_months
        if month is not None:
            tiers = self.filters.tier_ids if tier_ids is None else tier_ids
            return sum(rows[(month, t)][column] for t in tiers if (month, t) in rows)
        return sum(
            row[column] for (_month, t), row in rows.items() if tier_ids is None or t in tier_ids
        )

    @cached_property
    def _durations(self) -> dict[datetime.date, MonthDurations]:
        rows = MonthDurations.objects.filter(
            month__gte=self.filters.start, month__lte=self.filters.end, scope=self.filters.scope
        )
        return {row.month: row for row in rows}

    @cached_property
    def _reviewer_months(self) -> list[dict]:
        rows = ReviewerDay.objects.filter(
            month__gte=self.filters.start,
            month__lte=self.filters.end,
            tier_id__in=self.filters.tier_ids,
        )
        if self.view is View.OWN_WORK:
            rows = rows.filter(reviewer=self.viewer)
        return list(
            rows.values(
                "month", "reviewer_id", "reviewer__email", "reviewer__profile__display_name"
            )
            .annotate(
                approved=Sum("approved"),
                rejected=Sum("rejected"),
                changes_requested=Sum("changes_requested"),
            )
            .order_by()
        )

    @cached_property
    def _age_edges(self) -> list[int]:
        sla = settings.REVIEW_SLA_DAYS
        return sorted({1, 3, sla, 2 * sla, 30} - {0})

    @cached_property
    def _queue_ages(self) -> list[int]:
        now = timezone.now()
        edges = [0, *self._age_edges, None]
        buckets = {}
        for index, (low, high) in enumerate(itertools.pairwise(edges)):
            condition = Q(submitted_at__lte=now - datetime.timedelta(days=low))
            if high is not None:
                condition &= Q(submitted_at__gt=now - datetime.timedelta(days=high))
            buckets[f"b{index}"] = Count("pk", filter=condition)
        rows = Application.objects.filter(state__in=QUEUE_STATES, tier_id__in=self.filters.tier_ids)
        if self.view is View.OWN_WORK:
            rows = rows.filter(pk__in=reviewable_by(self.viewer).values("pk"))
        counts = rows.aggregate(**buckets)
        return [counts[f"b{index}"] or 0 for index in range(len(buckets))]

    @cached_property
    def _snapshots(self) -> dict[str, Snapshot]:
        names = [FUNNEL, PEOPLE, BENEFITS]
        return {row.name: row for row in Snapshot.objects.filter(name__in=names)}

    def _people(self) -> dict:
        snapshot = self._snapshots.get(PEOPLE)
        return (snapshot.data if snapshot else {}).get(self.filters.scope, {})

    # --- charts -------------------------------------------------------------------------------
    def _monthly(self, key, title, series, *, description="", kind="bar", axis_names=()):
        return Chart(
            key=key,
            title=title,
            kind=kind,
            category_label=_("Month"),
            categories=self.month_labels,
            series=series,
            description=description,
            axis_names=list(axis_names),
        )

    def _chart_submitted(self) -> Chart:
        return self._monthly(
            "submitted",
            _("Applications submitted per month, by tier"),
            [
                Series(
                    tier.name,
                    [self._sum("submitted", month, {tier.pk}) for month in self.filters.months],
                    stack="tiers",
                )
                for tier in self.filters.tiers
            ],
            description=_("First submissions; resubmissions after changes are not counted again."),
            axis_names=[_("applications")],
        )

    def _chart_outcomes(self) -> Chart:
        months = self.filters.months
        columns = [
            ("approved", _("Approved")),
            ("rejected", _("Rejected")),
            ("changes_requested", _("Changes requested")),
            ("withdrawn", _("Withdrawn")),
        ]
        series = [
            Series(label, [self._sum(column, month) for month in months], stack="outcomes")
            for column, label in columns
        ]
        series.append(
            Series(
                _("Approval rate (%)"),
                [_rate(self._sum("approved", m), self._sum("rejected", m)) for m in months],
                type="line",
                axis=1,
            )
        )
        return self._monthly(
            "outcomes",
            _("Outcomes per month and the approval rate"),
            series,
            description=_("Approval rate: approved out of approved and rejected that month."),
            axis_names=[_("applications"), "%"],
        )

    def _chart_waits(self) -> Chart:
        rows = [self._durations.get(month) for month in self.filters.months]

        def values(field):
            return [_days(getattr(row, field)) if row else None for row in rows]

        return self._monthly(
            "waits",
            _("Days to the first and to the final decision"),
            [
                Series(_("First decision, median"), values("first_median_hours"), type="line"),
                Series(_("First decision, 90th percentile"), values("first_p90_hours"), "line"),
                Series(_("Final decision, median"), values("final_median_hours"), type="line"),
                Series(_("Final decision, 90th percentile"), values("final_p90_hours"), "line"),
            ],
            kind="line",
            description=_(
                "From the first submission, by the month of the decision. The final decision "
                "approves or rejects."
            ),
            axis_names=[_("days")],
        )

    def _chart_sla(self) -> Chart:
        months = self.filters.months
        decided = [
            self._sum("approved", m) + self._sum("rejected", m) + self._sum("changes_requested", m)
            for m in months
        ]
        late = [self._sum("decided_past_sla", m) for m in months]
        return self._monthly(
            "sla",
            _("Decisions that waited past the review SLA"),
            [
                Series(
                    _("Decided within the SLA"),
                    [total - over for total, over in zip(decided, late, strict=True)],
                    stack="sla",
                ),
                Series(_("Decided after the SLA"), late, stack="sla"),
            ],
            description=ngettext(
                "A decision is late when its round waited more than %(days)s day since "
                "(re)submission.",
                "A decision is late when its round waited more than %(days)s days since "
                "(re)submission.",
                settings.REVIEW_SLA_DAYS,
            )
            % {"days": settings.REVIEW_SLA_DAYS},
            axis_names=[_("decisions")],
        )

    def _chart_queue_age(self) -> Chart:
        edges, counts = self._age_edges, self._queue_ages
        sla = settings.REVIEW_SLA_DAYS
        lows = [0, *edges]
        labels = [f"{low}–{high}" for low, high in itertools.pairwise(lows)]
        labels.append(f"{edges[-1]}+")
        within = [count if low < sla else 0 for low, count in zip(lows, counts, strict=True)]
        past = [count if low >= sla else 0 for low, count in zip(lows, counts, strict=True)]
        title = (
            _("Age of the open queue now")
            if self.view is View.PROGRAMME
            else _("Age of the queue you can review now")
        )
        return Chart(
            key="queue_age",
            title=title,
            kind="bar",
            category_label=_("Days waiting"),
            categories=labels,
            series=[
                Series(_("Within the SLA"), within, stack="age"),
                Series(_("Past the SLA"), past, stack="age"),
            ],
            description=_("Submitted and in-review applications, by days since (re)submission."),
            axis_names=[_("applications")],
        )

    def _chart_funnel(self) -> Chart:
        snapshot = self._snapshots.get(FUNNEL)
        data = snapshot.data if snapshot else {}
        stages = [
            ("with_evidence", _("People with evidence")),
            ("eligible", _("Eligible")),
            ("applied", _("Applied")),
            ("certified", _("Certified")),
        ]
        description = (
            _("As of %(time)s; the rule check runs in the background over stored evidence.")
            % {"time": timezone.localtime(snapshot.computed_at).strftime("%Y-%m-%d %H:%M")}
            if snapshot
            else _("Not computed yet: it is computed nightly and after changes.")
        )
        return Chart(
            key="funnel",
            title=_("From evidence to certification, per tier"),
            kind="hbar",
            category_label=_("Tier"),
            categories=[tier.name for tier in self.filters.tiers],
            series=[
                Series(label, [data.get(str(t.pk), {}).get(stage, 0) for t in self.filters.tiers])
                for stage, label in stages
            ],
            description=description,
            axis_names=[_("people")],
        )

    def _reviewer_series(self) -> tuple[list[str], dict]:
        """Reviewers with the most decisions in the range (the rest as "others")."""
        totals, names, per_month = {}, {}, {}
        for row in self._reviewer_months:
            decisions = row["approved"] + row["rejected"] + row["changes_requested"]
            who = row["reviewer_id"]
            totals[who] = totals.get(who, 0) + decisions
            names[who] = _person(row["reviewer__email"], row["reviewer__profile__display_name"])
            per_month[(who, row["month"])] = per_month.get((who, row["month"]), 0) + decisions
        return totals, names, per_month

    def _chart_reviewers(self) -> Chart:
        totals, names, per_month = self._reviewer_series()
        ranked = sorted(totals, key=lambda who: (-totals[who], names[who]))
        top, rest = ranked[:TOP_REVIEWERS], set(ranked[TOP_REVIEWERS:])
        series = [
            Series(
                names[who],
                [per_month.get((who, month), 0) for month in self.filters.months],
                stack="reviewers",
            )
            for who in top
        ]
        if rest:
            series.append(
                Series(
                    _("Other reviewers"),
                    [
                        sum(per_month.get((who, month), 0) for who in rest)
                        for month in self.filters.months
                    ],
                    stack="reviewers",
                )
            )
        return self._monthly(
            "reviewers",
            _("Decisions per reviewer per month"),
            series,
            description=_(
                "Approvals (including the first of two), rejections and requests for "
                "changes; abstentions are not decisions."
            ),
            axis_names=[_("decisions")],
        )

    def _chart_my_decisions(self) -> Chart:
        months = self.filters.months
        columns = [
            ("approved", _("Approved")),
            ("rejected", _("Rejected")),
            ("changes_requested", _("Changes requested")),
        ]
        by_month = {}
        for row in self._reviewer_months:
            for column, _label_text in columns:
                key = (row["month"], column)
                by_month[key] = by_month.get(key, 0) + row[column]
        return self._monthly(
            "my_decisions",
            _("Your decisions per month"),
            [
                Series(label, [by_month.get((month, column), 0) for month in months], stack="mine")
                for column, label in columns
            ],
            axis_names=[_("decisions")],
        )

    @cached_property
    def _claims(self) -> list[dict]:
        return list(
            ReviewClaim.objects.filter(application__tier_id__in=self.filters.tier_ids)
            .values("reviewer_id", "reviewer__email", "reviewer__profile__display_name")
            .annotate(n=Count("pk"))
            .order_by("-n", "reviewer__email")
        )

    def _chart_claims(self) -> Chart:
        rows = self._claims
        return Chart(
            key="claims",
            title=_("Applications each reviewer holds now"),
            kind="hbar",
            category_label=_("Reviewer"),
            categories=[
                _person(row["reviewer__email"], row["reviewer__profile__display_name"])
                for row in rows
            ],
            series=[Series(_("Claims"), [row["n"] for row in rows])],
            axis_names=[_("applications")],
        )

    def _chart_certifications(self) -> Chart:
        tracks = self.filters.tracks
        return self._monthly(
            "certifications",
            _("Certifications awarded per month, by track"),
            [
                Series(
                    track.name,
                    [
                        self._sum(
                            "certified",
                            month,
                            {tier.pk for tier in self.filters.tiers if tier.track_id == track.pk},
                        )
                        for month in self.filters.months
                    ],
                    stack="tracks",
                )
                for track in tracks
            ],
            description=ngettext(
                "%(count)s valid certification expires within the next 90 days.",
                "%(count)s valid certifications expire within the next 90 days.",
                self.expiring,
            )
            % {"count": self.expiring},
            axis_names=[_("certifications")],
        )

    @property
    def expiring(self) -> int:
        return self._people().get("expiring_90_days", 0)

    def _chart_benefits(self) -> Chart:
        snapshot = self._snapshots.get(BENEFITS)
        offers = snapshot.data if snapshot else {}
        if self.filters.track is not None or self.filters.tier is not None:
            chosen = set(self.filters.tier_ids)
            offers = {pk: o for pk, o in offers.items() if chosen & set(o["tiers"])}
        offers = {pk: o for pk, o in offers.items() if o["counts"]}
        chinese = (get_language() or "").startswith("zh")
        return Chart(
            key="benefits",
            title=_("Benefits per offer"),
            kind="hbar",
            category_label=_("Offer"),
            categories=[(chinese and o["title_zh"]) or o["title_en"] for o in offers.values()],
            series=[
                Series(
                    str(label),
                    [o["counts"].get(status, 0) for o in offers.values()],
                    stack="grants",
                )
                for status, label in Grant.Status.choices
            ],
            description=_("Each grant of an offer to a certified person, by where it stands."),
            axis_names=[_("grants")],
        )

    def _chart_consent(self) -> Chart:
        people = self._people()
        consented = people.get("consented", 0)
        return Chart(
            key="consent",
            title=_("Wall of Honor consent"),
            kind="pie",
            category_label=_("Certified people"),
            categories=[_("On the wall"), _("Not on the wall")],
            series=[Series(_("People"), [consented, people.get("people", 0) - consented])],
            description=_("People holding a valid certification who agreed to appear."),
        )

    def _chart_languages(self) -> Chart:
        names = dict(settings.LANGUAGES)
        languages = self._people().get("languages", {})
        return Chart(
            key="languages",
            title=_("Language of certified people"),
            kind="pie",
            category_label=_("Language"),
            categories=[str(names.get(code, code or _("unknown"))) for code in languages],
            series=[Series(_("People"), list(languages.values()))],
            description=_("The language we write to them in."),
        )

    def _top(self, key, title, label) -> Chart:
        rows = self._people().get(key, [])
        return Chart(
            key=key,
            title=title,
            kind="hbar",
            category_label=label,
            categories=[name for name, _count in rows],
            series=[Series(_("People"), [count for _name, count in rows])],
            description=_("Among people holding a valid certification, as they wrote it."),
            axis_names=[_("people")],
        )

    def _chart_organisations(self) -> Chart:
        return self._top("organisations", _("Top organisations"), _("Company or school"))

    def _chart_cities(self) -> Chart:
        return self._top("cities", _("Top cities"), _("City"))

    # --- headline figures ---------------------------------------------------------------------
    def stats(self) -> list[tuple[str, object]]:
        if self.view is View.OWN_WORK:
            rows = self._reviewer_months
            decided = sum(r["approved"] + r["rejected"] + r["changes_requested"] for r in rows)
            claims = ReviewClaim.objects.filter(reviewer=self.viewer).count()
            return [
                (_("Your decisions in these months"), decided),
                (_("Applications you hold now"), claims),
            ]
        approved, rejected = self._sum("approved"), self._sum("rejected")
        rate = _rate(approved, rejected)
        sla = settings.REVIEW_SLA_DAYS
        lows = [0, *self._age_edges]
        return [
            (_("Submitted"), self._sum("submitted")),
            (_("Approval rate"), "–" if rate is None else f"{rate}%"),
            (_("Certified"), self._sum("certified")),
            (_("Open now"), sum(self._queue_ages)),
            (
                _("Waiting past the SLA now"),
                sum(c for low, c in zip(lows, self._queue_ages, strict=True) if low >= sla),
            ),
            (_("Expire within 90 days"), self.expiring),
        ]
