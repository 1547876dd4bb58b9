from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@require_GET
def home(request):
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request):
    healthy, checks = run_checks()
    status = "ok" if healthy else "error"
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)
