"""The application state machine: one table of allowed moves and one function that makes them.

No other code writes ``Application.state``. Each move checks the actor's role and the current
state, updates with a guard on the state it expects (so two people can never both win), and
writes its ``ApplicationEvent`` in the same transaction.

Who may review an application (a reviewer or staff, submitted, not their own, no conflict) is
the reviews app's rule (``reviews.rules``); its services check it before they make a reviewer's
move. This table only keeps the two roles apart: an applicant's moves are theirs alone, and the
applicant never makes a reviewer's move on their own application.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mindspore_growth.errors import IllegalTransition, NotAllowed
from notifications.kinds import Kind

from . import notify
from .errors import StaleState
from .models import Application, ApplicationEvent
from .models.application import State
from .queue_version import queue_changed


class Action(models.TextChoices):
    """The moves of the table below. Each value is also the ``ApplicationEvent.action`` of the
    event its move writes; the label names that event on a trail."""

    SUBMIT = "submit", gettext_lazy("Submitted")
    RESUBMIT = "resubmit", gettext_lazy("Resubmitted")
    CLAIM = "claim", gettext_lazy("Claimed for review")
    RELEASE = "release", gettext_lazy("Released to the queue")
    APPROVE = "approve", gettext_lazy("Approved")
    REJECT = "reject", gettext_lazy("Rejected")
    REQUEST_CHANGES = "request_changes", gettext_lazy("Changes requested")
    WITHDRAW = "withdraw", gettext_lazy("Withdrawn")


class Record(models.TextChoices):
    """The other events this app writes: the application's creation, which is not a move."""

    CREATE = "create", gettext_lazy("Created")


class Role(StrEnum):
    APPLICANT = "applicant"  # the application's own applicant
    REVIEWER = "reviewer"  # never the applicant; reviews.rules says who else may


@dataclass(frozen=True)
class Move:
    sources: frozenset[State]
    target: State
    role: Role
    needs_comment: bool = False
    email: Kind | None = None  # the email the applicant gets (``notify``), if any


MOVES: dict[Action, Move] = {
    Action.SUBMIT: Move(
        frozenset({State.DRAFT}), State.SUBMITTED, Role.APPLICANT, email=Kind.APPLICATION_SUBMITTED
    ),
    Action.RESUBMIT: Move(
        frozenset({State.CHANGES_REQUESTED}),
        State.SUBMITTED,
        Role.APPLICANT,
        email=Kind.APPLICATION_SUBMITTED,
    ),
    Action.WITHDRAW: Move(
        frozenset({State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED}),
        State.WITHDRAWN,
        Role.APPLICANT,
    ),
    Action.CLAIM: Move(frozenset({State.SUBMITTED}), State.IN_REVIEW, Role.REVIEWER),
    Action.RELEASE: Move(frozenset({State.IN_REVIEW}), State.SUBMITTED, Role.REVIEWER),
    Action.APPROVE: Move(
        frozenset({State.IN_REVIEW}), State.APPROVED, Role.REVIEWER, email=Kind.APPLICATION_DECIDED
    ),
    Action.REJECT: Move(
        frozenset({State.IN_REVIEW}),
        State.REJECTED,
        Role.REVIEWER,
        needs_comment=True,
        email=Kind.APPLICATION_DECIDED,
    ),
    Action.REQUEST_CHANGES: Move(
        frozenset({State.IN_REVIEW}),
        State.CHANGES_REQUESTED,
        Role.REVIEWER,
        needs_comment=True,
        email=Kind.APPLICATION_DECIDED,
    ),
}

DECISIONS = frozenset({Action.APPROVE, Action.REJECT, Action.REQUEST_CHANGES})


def comment_required(action: Action) -> bool:
    """Whether the move must tell the applicant why (rejecting, asking for changes)."""
    return MOVES[Action(action)].needs_comment


def actor_may(actor, application: Application, move: Move) -> bool:
    """Whether ``actor`` is on the right side of the application for the move: its applicant for
    their own moves, anyone else for a reviewer's (whom ``reviews.rules`` has authorised)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    own = application.applicant_id == actor.pk
    return own if move.role is Role.APPLICANT else not own


def allowed_actions(actor, application: Application) -> list[Action]:
    """The actions ``actor`` could take on the application now (for buttons and hints)."""
    return [
        action
        for action, move in MOVES.items()
        if application.state in move.sources and actor_may(actor, application, move)
    ]


def application_transition(
    *,
    application: Application,
    action: Action,
    actor,
    comment: str = "",
    note: str = "",
    by_system: bool = False,
) -> ApplicationEvent:
    """Move an application by ``action``; the only writer of ``Application.state``.

    Refuses (``NotAllowed``) an actor on the wrong side of the application (an applicant making a
    reviewer's move on their own application, anyone else making the applicant's); refuses
    (``IllegalTransition``) a move from a state the table does not allow, and a reject or
    request for changes without a comment; refuses (``StaleState``) when the row changed state
    since it was read. Writes the event in the same transaction, and changes the queue's
    version (``queue_version``): whatever was kept about the open applications is counted again.
    ``by_system`` is for periodic tasks (releasing an idle claim): no person acts.
    """
    action = Action(action)
    move = MOVES[action]
    if not by_system and not actor_may(actor, application, move):
        raise NotAllowed()
    if application.state not in move.sources:
        raise IllegalTransition(_("This application cannot do that in its current state."))
    comment = (comment or "").strip()
    if comment_required(action) and not comment:
        raise IllegalTransition(_("A comment to the applicant is required."))

    now = timezone.now()
    changes = {"state": move.target, "updated_at": now}
    if action in (Action.SUBMIT, Action.RESUBMIT):
        changes["submitted_at"] = now
    if action in DECISIONS:
        changes["decided_at"] = now
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, state=application.state).update(
            **changes
        )
        if updated != 1:
            raise StaleState()
        queue_changed()
        event = ApplicationEvent.objects.create(
            application=application,
            actor=actor,
            action=action.value,
            from_state=application.state,
            to_state=move.target,
            comment=comment,
            note=(note or "").strip(),
            snapshot=_snapshot(application) if action == Action.REQUEST_CHANGES else None,
        )
        for field, value in changes.items():
            setattr(application, field, value)
        if move.email is not None:
            notify.application_moved(
                application=application, kind=move.email, action=action, event=event
            )
    return event


def _snapshot(application: Application) -> dict:
    """What the application holds now: its evidence (id: title) and statement."""
    evidence = application.evidence.order_by("pk").values_list("pk", "title")
    return {
        "evidence": {str(pk): title for pk, title in evidence},
        "statement": application.statement,
    }


def application_record(
    *,
    application: Application,
    actor,
    action: models.TextChoices,
    comment: str = "",
    note: str = "",
) -> ApplicationEvent:
    """Write an event that does not move the application (a vote, a note, a reassignment).

    ``action`` is a member of the writing app's vocabulary (reviews:
    ``reviews.models.ReviewEvent``), never free text, so that every stored action has a label
    (``event_labels``).
    """
    if not isinstance(action, models.Choices):
        raise TypeError(f"An event's action comes from its app's vocabulary, not {action!r}.")
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_state=application.state,
        to_state=application.state,
        comment=(comment or "").strip(),
        note=(note or "").strip(),
    )


def event_labels(*vocabularies: type[models.TextChoices]) -> dict[str, str]:
    """Labels of ``ApplicationEvent.action`` values, for a trail: this app's own (``Action``,
    ``Record``) and those of ``vocabularies``.

    An app that writes events through ``application_record`` owns their vocabulary and passes it
    here where it shows a trail (reviews passes ``ReviewEvent``): this app never imports it.
    """
    labels = {}
    for vocabulary in (Action, Record, *vocabularies):
        labels.update(vocabulary.choices)
    return labels
