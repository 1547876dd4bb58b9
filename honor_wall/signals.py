"""What the wall tells apps above it (benefits) without knowing them.

Both signals are sent once the transaction that issued, re-issued or revoked the certification
has committed (``send_after_commit``), never inside it: a receiver sees the change for good, and
a receiver that fails cannot undo the reviewer's decision or the revocation. Each receiver runs
on its own (``send_robust``): one that raises is logged with its traceback and the others still
run. ``certification`` is the instance.
"""

import logging
from functools import partial

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

certification_issued = Signal()
certification_revoked = Signal()


def _send(signal: Signal, name: str, certification) -> None:
    for receiver, outcome in signal.send_robust(
        sender=type(certification), certification=certification
    ):
        if isinstance(outcome, Exception):
            logger.error(
                "%s receiver %r failed for certification %s; the change stands",
                name,
                getattr(receiver, "__qualname__", receiver),
                certification.pk,
                exc_info=outcome,
            )


def send_after_commit(signal: Signal, certification) -> None:
    """Send ``signal`` for ``certification`` once the current transaction commits."""
    name = "certification_issued" if signal is certification_issued else "certification_revoked"
    transaction.on_commit(partial(_send, signal, name, certification), robust=True)
