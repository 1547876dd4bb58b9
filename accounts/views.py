"""The person's linked forge accounts: list, link (allauth's flow), unlink with a confirmation."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mindspore_growth.errors import DomainError

from . import selectors, services


@login_required
@require_GET
def linked_accounts(request):
    accounts = selectors.linked_accounts(request.user)
    linked = {account.forge for account in accounts}
    # Forges with an app configured, and not linked yet: one account per forge.
    linkable = [p for p in get_adapter().list_providers(request) if p.id not in linked]
    return render(
        request, "accounts/linked_accounts.html", {"accounts": accounts, "linkable": linkable}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unlink(request, pk):
    account = get_object_or_404(SocialAccount, pk=pk, user=request.user)
    if request.method == "POST":
        try:
            services.forge_account_unlink(request=request, user=request.user, account=account)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("accounts:linked")
    linked = next(a for a in selectors.linked_accounts(request.user) if a.id == account.pk)
    return render(
        request,
        "accounts/unlink_confirm.html",
        {"account": linked, "refusal": services.forge_unlink_refusal(account)},
    )
