from django.http import JsonResponse
from django.shortcuts import render
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from .health import run_checks
from .origin import sent_from_another_site
from .public_cache import public_page


@public_page()
@require_GET
def home(request):
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request):
    healthy, checks = run_checks()
    status = "ok" if healthy else "error"
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


@csrf_exempt
def set_language(request):
    """Django's language switch, refused when another site's page sends it: checked by where the
    request comes from, not by a token, since the public pages that carry this form are stored
    once for every visitor (``mindspore_growth.origin``)."""
    if request.method == "POST" and sent_from_another_site(request):
        return render(request, "403_other_site.html", status=403)
    return i18n.set_language(request)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: the site's page saying what to do, not Django's
    bare one. ``reason`` is for the log, never shown (it names internals)."""
    return render(request, "403_csrf.html", status=403)


def not_found(request, exception):
    """JSON for the API (as DRF answers its own 404s), the site's page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
