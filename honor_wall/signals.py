"""What the wall tells apps above it (benefits) without knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that issues or revokes; ``certification`` is the instance.
certification_issued = Signal()
certification_revoked = Signal()
