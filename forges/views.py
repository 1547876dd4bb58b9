from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mindspore_growth.http import act_and_redirect

from .refresh import refresh_request


@login_required
@require_POST
def refresh(request):
    """ "Refresh now" on the evidence page: import the person's forge accounts (throttled)."""
    return act_and_redirect(
        request,
        lambda: refresh_request(user=request.user),
        success=_("Your contributions are being refreshed from your forge accounts."),
        to="applications:evidence_list",
    )
