"""Every URL pattern of the site × every kind of person: the status each gets.

The patterns come from the URLconf itself; a pattern missing from ``EXPECTED`` fails the first
test, so a new page cannot ship without deciding who may open it. Each pattern is requested with
real objects (the owner's submitted application, their draft, their evidence files, a grant, a
certification, a conflict of interest) as anonymous, the owner, another applicant, a reviewer, a
reviewer who declared a conflict with the owner, programme staff and a superuser (all with their
second factor, as they must have). Pages that only accept POST are POSTed to, empty: who may not
act is refused before any form is read.

Statuses: 200 shown; 302 sent elsewhere (to log in, or back after an action answered with a
message); 400 form errors; 403 refused by role; 404 not there for this person; 405 wrong method.
"""

import uuid
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.sites import site as admin_site
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from applications.models import Application
from applications.services import application_submit
from benefits.models import Grant
from criteria.models import Tier
from honor_wall import credentials
from honor_wall.models import CertificationImport
from reviews.models import ConflictOfInterest
from tests.accounts.forge_flow import configure_forges
from tests.benefits.conftest import make_offer
from tests.factories import (
    UserFactory,
    certify,
    excellent_evidence,
    make_evidence,
    make_profile,
    reviewer_factory,
    staff_factory,
)

pytestmark = pytest.mark.django_db

PNG = (Path(__file__).parent / "fixtures" / "pixel.png").read_bytes()
ROLES = ["anonymous", "owner", "other", "reviewer", "conflicted", "staff", "superuser"]


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def site_patterns():
    """(route, pattern) for every non-admin pattern; the admin has its own rule below."""
    return [
        (route, p)
        for route, p in walk(get_resolver().url_patterns)
        if not route.startswith("admin/")
    ]


def admin_routes():
    return [route for route, _p in walk(get_resolver().url_patterns) if route.startswith("admin/")]


def row(default, **by_role):
    """A status for every role: ``default`` unless named (``owner=200``)."""
    return {role: by_role.get(role, default) for role in ROLES}


LOGIN = 302  # anonymous people are sent to log in
PUBLIC = row(200)
SIGNED_IN = row(200, anonymous=LOGIN)
REVIEWERS = row(200, anonymous=LOGIN, owner=403, other=403)
STAFF_ONLY = row(403, anonymous=LOGIN, staff=200, superuser=200)
OWNER_ONLY = row(404, anonymous=LOGIN, owner=200)
# The owner's submitted application, to those who may review it (not the conflicted reviewer).
ON_THE_QUEUE = row(200, anonymous=LOGIN, owner=403, other=403, conflicted=404)
# Acting on it: an empty form is refused with a message (302 back), before nothing changes.
REVIEW_ACTION = row(302, anonymous=LOGIN, owner=403, other=403, conflicted=404)
STAFF_ACTION = row(403, anonymous=LOGIN, staff=302, superuser=302)

# route -> (method, statuses by role). Kept by hand on purpose: it says who may do what.
# fmt: off
EXPECTED = {
    "": ("GET", PUBLIC),
    "healthz/": ("GET", PUBLIC),
    "i18n/setlang/": ("POST", row(302)),
    "jsi18n/": ("GET", PUBLIC),
    # allauth's pages: signed-in people are sent on from the log-in and sign-up pages.
    "accounts/login/": ("GET", row(302, anonymous=200)),
    "accounts/logout/": ("GET", row(200, anonymous=302)),
    "accounts/inactive/": ("GET", PUBLIC),
    "accounts/signup/": ("GET", row(302, anonymous=200)),
    "accounts/reauthenticate/": ("GET", SIGNED_IN),
    "accounts/email/": ("GET", SIGNED_IN),
    "accounts/confirm-email/": ("GET", PUBLIC),
    "accounts/password/change/": ("GET", SIGNED_IN),
    "accounts/password/set/": ("GET", row(302)),
    "accounts/password/reset/": ("GET", PUBLIC),
    "accounts/login/code/confirm/": ("GET", row(302)),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": ("GET", PUBLIC),
    "accounts/password/reset/key/done/": ("GET", PUBLIC),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": ("GET", PUBLIC),
    "accounts/password/reset/done/": ("GET", PUBLIC),
    # Two-factor pages (reviewers, staff and the superuser have an authenticator app, the
    # applicants none, nobody recovery codes).
    "accounts/2fa/": ("GET", SIGNED_IN),
    "accounts/2fa/authenticate/": ("GET", row(302)),
    "accounts/2fa/reauthenticate/": ("GET", row(200, anonymous=LOGIN, owner=302, other=302)),
    "accounts/2fa/totp/activate/": ("GET", row(302)),
    "accounts/2fa/totp/deactivate/": ("GET", row(302, owner=404, other=404)),
    "accounts/2fa/recovery-codes/": ("GET", row(404, anonymous=LOGIN)),
    "accounts/2fa/recovery-codes/generate/": ("GET", row(302)),
    "accounts/2fa/recovery-codes/download/": ("GET", row(404, anonymous=LOGIN)),
    # Signing in and linking with the forges (both configured here): the start shows a button
    # that POSTs; a callback without the state of a sign-in this browser started is refused.
    "accounts/gitee/login/": ("GET", PUBLIC),
    "accounts/gitee/login/callback/": ("GET", row(401)),
    "accounts/github/login/": ("GET", PUBLIC),
    "accounts/github/login/callback/": ("GET", row(401)),
    "accounts/3rdparty/": ("GET", row(302)),
    # The person's own linked accounts; unlinking one that is not theirs: not there.
    "me/accounts/": ("GET", SIGNED_IN),
    "me/accounts/<int:pk>/unlink/": ("GET", OWNER_ONLY),
    "accounts/3rdparty/signup/": ("GET", row(302)),
    "accounts/3rdparty/login/cancelled/": ("GET", PUBLIC),
    "accounts/3rdparty/login/error/": ("GET", row(401)),
    "accounts/social/login/cancelled/": ("GET", row(301)),
    "accounts/social/login/error/": ("GET", row(301)),
    "accounts/social/signup/": ("GET", row(301)),
    "accounts/social/connections/": ("GET", row(301)),
    # The programme, the wall, verification, credentials, badges, the API: anyone.
    "programme/": ("GET", PUBLIC),
    "honor-wall/": ("GET", PUBLIC),
    "honor-wall/feed.atom": ("GET", PUBLIC),
    "honor-wall/<slug:handle>/": ("GET", PUBLIC),
    "verify/<uuid:public_id>/": ("GET", PUBLIC),
    "verify/<uuid:public_id>.json": ("GET", PUBLIC),
    "verify/<uuid:public_id>.jwt": ("GET", PUBLIC),
    "verify/<uuid:public_id>/badge.svg": ("GET", PUBLIC),
    "verify/<uuid:public_id>/badge.png": ("GET", PUBLIC),
    "credentials/status/revocation": ("GET", PUBLIC),
    ".well-known/jwks.json": ("GET", PUBLIC),
    ".well-known/jwks/<str:thumbprint>.json": ("GET", PUBLIC),
    "issuer/": ("GET", PUBLIC),
    "verify/<uuid:public_id>/certificate/": ("GET", PUBLIC),
    "verify/<uuid:public_id>/certificate.pdf": ("GET", PUBLIC),
    "badges/<slug:slug>.svg": ("GET", PUBLIC),
    "badges/<slug:slug>.png": ("GET", PUBLIC),
    "people/<slug:handle>/avatar.png": ("GET", PUBLIC),
    "api/v1/honor-wall/": ("GET", PUBLIC),
    "api/v1/certifications/<uuid:public_id>/": ("GET", PUBLIC),
    "api/schema/": ("GET", PUBLIC),
    "sitemap.xml": ("GET", PUBLIC),
    "sitemap-<section>.xml": ("GET", PUBLIC),
    # Revoking and re-issuing: programme staff (the certification is the owner's, not theirs).
    "verify/<uuid:public_id>/revoke/": ("GET", STAFF_ONLY),
    "verify/<uuid:public_id>/reissue/": ("POST", STAFF_ACTION),
    # Issuing existing certifications from a CSV: programme staff. The upload's confirmation is
    # refused with a message for staff once it has been issued (it is, by the first of them).
    "certifications/import/": ("GET", STAFF_ONLY),
    "certifications/import/<int:pk>/": ("GET", STAFF_ONLY),
    "certifications/import/<int:pk>/confirm/": ("POST", STAFF_ACTION),
    # The applicant's own pages.
    "apply/": ("GET", SIGNED_IN),
    "apply/<slug:tier_slug>/": ("GET", SIGNED_IN),
    "me/": ("GET", SIGNED_IN),
    "me/start/": ("GET", SIGNED_IN),
    # Everyone signed in is sent on: a newcomer to their first steps, anyone else home.
    "me/signed-in/": ("GET", row(302)),
    "me/applications/<int:pk>/": ("GET", OWNER_ONLY),
    "me/applications/<int:pk>/edit/": ("GET", OWNER_ONLY),
    "me/applications/<int:pk>/withdraw/": ("POST", row(404, anonymous=LOGIN, owner=302)),
    "me/evidence/": ("GET", SIGNED_IN),
    "me/evidence/new/": ("GET", SIGNED_IN),
    "me/evidence/<int:pk>/edit/": ("GET", OWNER_ONLY),
    "me/evidence/<int:pk>/delete/": ("GET", OWNER_ONLY),
    # Nobody here has a linked forge account: refused with a message, back to the evidence page.
    "me/evidence/refresh/": ("POST", row(302)),
    # Evidence files: the owner's alone here; reviewers go through the review page.
    "evidence/<int:pk>/file/": ("GET", OWNER_ONLY),
    "me/profile/": ("GET", SIGNED_IN),
    "me/data.json": ("GET", SIGNED_IN),
    "me/delete/": ("GET", SIGNED_IN),
    "me/certifications/": ("GET", SIGNED_IN),
    # Renewing is the holder's; theirs was issued today, so it is not open yet: back, with why.
    "me/certifications/<uuid:public_id>/renew/": ("GET", row(404, anonymous=LOGIN, owner=302)),
    "me/benefits/": ("GET", SIGNED_IN),
    "me/benefits/<int:pk>/claim/": ("GET", OWNER_ONLY),
    "me/benefits/<int:pk>/decline/": ("POST", row(404, anonymous=LOGIN, owner=302)),
    # Reviewing: reviewers and staff; a conflicted reviewer does not see the owner's application.
    "reviews/": ("GET", REVIEWERS),
    "reviews/conflicts/": ("GET", REVIEWERS),
    # The conflict is the conflicted reviewer's own declaration.
    "reviews/conflicts/<int:pk>/withdraw/": ("POST", row(404, anonymous=LOGIN, owner=403,
                                                         other=403, conflicted=302)),
    "reviews/workload/": ("GET", STAFF_ONLY),
    "reviews/<int:pk>/": ("GET", ON_THE_QUEUE),
    "reviews/<int:pk>/claim/": ("POST", REVIEW_ACTION),
    "reviews/<int:pk>/release/": ("POST", REVIEW_ACTION),
    "reviews/<int:pk>/decide/": ("POST", REVIEW_ACTION),
    "reviews/<int:pk>/note/": ("POST", REVIEW_ACTION),
    "reviews/<int:pk>/reassign/": ("POST", STAFF_ACTION),
    "reviews/<int:pk>/evidence/<int:evidence_pk>/judge/": ("POST", REVIEW_ACTION),
    "reviews/<int:pk>/evidence/<int:evidence_pk>/file/": ("GET", ON_THE_QUEUE),
    "reviews/<int:pk>/trail/": ("GET", STAFF_ONLY),
    # Programme statistics: staff see the programme's, a reviewer their own work; the public
    # figures are anyone's.
    "insights/": ("GET", REVIEWERS),
    "insights/<slug:key>.csv": ("GET", REVIEWERS),
    "programme/figures/": ("GET", PUBLIC),
    "programme/figures/fragment/": ("GET", PUBLIC),
    "programme/figures/<slug:key>.csv": ("GET", PUBLIC),
    # Fulfilment: those with the permission (the superuser here).
    "benefits/": ("GET", row(403, anonymous=LOGIN, superuser=200)),
    "benefits/offers/<int:pk>/": ("GET", row(403, anonymous=LOGIN, superuser=200)),
    "benefits/offers/<int:pk>/export.csv": ("GET", row(403, anonymous=LOGIN, superuser=200)),
    "benefits/grants/<int:pk>/ship/": ("POST", row(403, anonymous=LOGIN, superuser=302)),
}
# fmt: on

# The private objects that reviewers must not reach through a route of their own.
PRIVATE_FOR_REVIEWERS = {
    # A draft has no review page, trail, notes or files for anyone but the applicant.
    "reviews/<int:pk>/": "draft",
    "reviews/<int:pk>/trail/": "draft",
    "reviews/<int:pk>/note/": "draft",
    "reviews/<int:pk>/evidence/<int:evidence_pk>/file/": "draft",
}


@pytest.fixture
def world(db, settings, tmp_path):
    """Real objects for every pattern's arguments, and the people of the table."""
    settings.MEDIA_ROOT = tmp_path
    configure_forges(settings, "gitee", "github")
    owner = UserFactory(email="owner@example.org")
    profile = make_profile(owner, "owner")
    profile.wall_consent = True
    profile.save()
    profile.avatar.save("avatar.png", ContentFile(PNG), save=True)
    make_profile(UserFactory(email="other@example.org"), "other")
    people = {
        "owner": owner,
        "other": UserFactory(email="other2@example.org"),
        "reviewer": reviewer_factory(email="reviewer@example.org"),
        "conflicted": reviewer_factory(email="conflicted@example.org"),
        "staff": staff_factory(email="staff@example.org"),
        "superuser": UserFactory(email="root@example.org", is_staff=True, is_superuser=True),
    }
    forge_account = SocialAccount.objects.create(
        user=owner, provider="gitee", uid="8123456", extra_data={"login": "owner"}
    )
    conflict = ConflictOfInterest.objects.create(reviewer=people["conflicted"], applicant=owner)

    evidence = excellent_evidence(owner)
    evidence[0].file.save("upload", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
    submitted = application_submit(
        applicant=owner, tier=Tier.objects.get(slug="excellent-developer"), evidence=evidence
    )
    draft_evidence = make_evidence(owner, "talk")
    draft_evidence.file.save("upload", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
    draft = application_submit(
        applicant=owner,
        tier=Tier.objects.get(slug="evangelist-reserve"),
        evidence=[draft_evidence],
        draft=True,
    )
    assert draft.state == Application.State.DRAFT

    make_offer(title_en="Hoodie", tiers=("senior-developer",))
    certification = certify(owner, "senior-developer")
    grant = Grant.objects.get(person=owner)
    objects = {
        "pk_application": submitted.pk,
        "pk_evidence": evidence[1].pk,
        "pk_file_evidence": evidence[0].pk,
        "pk_grant": grant.pk,
        "pk_offer": grant.offer_id,
        "pk_conflict": conflict.pk,
        "pk_forge_account": forge_account.pk,
        "public_id": certification.public_id,
        "handle": "owner",
        "slug": "excellent-developer",
        "draft": draft,
        "draft_evidence": draft_evidence,
        "pk_import": CertificationImport.objects.create(
            uploaded_by=people["staff"], file_name="people.csv", text="", language="en"
        ).pk,
        "thumbprint": credentials.jwks()["keys"][0]["kid"].rsplit("/", 1)[-1].removesuffix(".json"),
    }
    return people, objects


def url_for(route, objects, private=None):
    """The route with real arguments: the owner's objects, or the draft's for ``private``."""
    application = objects["draft"].pk if private == "draft" else objects["pk_application"]
    file_evidence = (
        objects["draft_evidence"].pk if private == "draft" else objects["pk_file_evidence"]
    )
    by_route = {
        "me/applications/": application,
        "me/evidence/": objects["pk_evidence"],
        "evidence/": file_evidence,
        "me/benefits/": objects["pk_grant"],
        "reviews/conflicts/": objects["pk_conflict"],
        "me/accounts/": objects["pk_forge_account"],
        "reviews/": application,
        "benefits/offers/": objects["pk_offer"],
        "benefits/grants/": objects["pk_grant"],
        "certifications/import/": objects["pk_import"],
    }
    pk = next((v for prefix, v in by_route.items() if route.startswith(prefix)), None)
    path = route
    path = path.replace("<int:pk>", str(pk))
    path = path.replace("<int:evidence_pk>", str(file_evidence))
    path = path.replace("<uuid:public_id>", str(objects["public_id"]))
    path = path.replace("<slug:handle>", objects["handle"])
    path = path.replace("<str:thumbprint>", objects["thumbprint"])
    path = path.replace("sitemap-<section>", "sitemap-people")
    # A chart every reviewer and staff member has (the queue's age); the public growth figure.
    path = path.replace("insights/<slug:key>", "insights/queue_age")
    path = path.replace("figures/<slug:key>", "figures/growth")
    path = path.replace("<slug:tier_slug>", objects["slug"])
    path = path.replace("<slug:slug>", objects["slug"])
    path = path.replace("^confirm-email/(?P<key>[-:\\w]+)/$", "confirm-email/not-a-key/")
    path = path.replace(
        "^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", "password/reset/key/1-x/"
    )
    assert "<" not in path and "(" not in path, path
    return "/" + path


def status_of(client, people, role, method, url):
    client.logout()
    if role != "anonymous":
        client.force_login(people[role])
    response = client.post(url) if method == "POST" else client.get(url)
    return response.status_code


def test_every_pattern_of_the_urlconf_is_in_the_table():
    routes = {route for route, _pattern in site_patterns()}
    assert routes - set(EXPECTED) == set(), "new URL patterns need a row in EXPECTED"
    assert set(EXPECTED) - routes == set(), "EXPECTED names patterns that no longer exist"


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_each_role_gets_the_expected_status(client, world, route):
    people, objects = world
    method, expected = EXPECTED[route]
    url = url_for(route, objects)
    actual = {role: status_of(client, people, role, method, url) for role in ROLES}
    assert actual == expected, url


@pytest.mark.parametrize("route", sorted(PRIVATE_FOR_REVIEWERS))
def test_drafts_and_their_files_are_invisible_to_reviewers_and_staff(client, world, route):
    people, objects = world
    method = EXPECTED[route][0]
    url = url_for(route, objects, private="draft")
    for role in ("reviewer", "conflicted", "staff", "superuser"):
        assert status_of(client, people, role, method, url) in {403, 404}, (role, url)


def test_the_owners_file_is_refused_to_reviewers_outside_an_application_they_may_review(
    client, world
):
    people, objects = world
    loose = make_evidence(people["owner"], "tech_article", days_ago=3)
    loose.file.save("upload", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
    # Not in any application: nobody but the owner, by either route.
    for role in ("other", "reviewer", "conflicted", "staff", "superuser"):
        assert status_of(client, people, role, "GET", f"/evidence/{loose.pk}/file/") == 404
        via_review = f"/reviews/{objects['pk_application']}/evidence/{loose.pk}/file/"
        assert status_of(client, people, role, "GET", via_review) in {403, 404}, role
    assert status_of(client, people, "owner", "GET", f"/evidence/{loose.pk}/file/") == 200


def test_the_admin_opens_for_the_superuser_only(client, world):
    people, _objects = world
    models = [m._meta for m in admin_site._registry]
    assert models, "the admin has models"
    urls = ["/admin/"] + [f"/admin/{m.app_label}/{m.model_name}/" for m in models]
    for url in urls:
        for role in ROLES:
            status = status_of(client, people, role, "GET", url)
            expected = 200 if role == "superuser" else 302
            assert status == expected, (role, url)
    # Every admin pattern is reachable or refused cleanly for the superuser: no 500.
    for route in admin_routes():
        if "<" in route or "(" in route:
            continue
        assert status_of(client, people, "superuser", "GET", "/" + route) < 500, route


def test_no_route_hides_an_unexpected_uuid_or_pk_500(client, world):
    """Ids that do not exist are a 404 for everyone who may otherwise open the page."""
    people, _objects = world
    for route, (method, _expected) in EXPECTED.items():
        if "<int:pk>" not in route and "<uuid:public_id>" not in route:
            continue
        url = "/" + route.replace("<int:pk>", "999999").replace(
            "<int:evidence_pk>", "999999"
        ).replace("<uuid:public_id>", str(uuid.uuid4()))
        status = status_of(client, people, "superuser", method, url)
        assert status in {403, 404, 405}, url  # 405: withdraw by GET, before any lookup
