"""The read-only API: the wall (same selector and filters as the page) and certifications."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from criteria.caching import PROGRAMME_VERSION_KEY
from mindspore_growth.public_cache import shared_result

from . import selectors
from .caching import VERSION_KEY
from .forms import WallFilterForm


class TierSerializer(serializers.Serializer):
    slug = serializers.CharField()
    track = serializers.CharField(source="track.slug")
    name_en = serializers.CharField()
    name_zh = serializers.CharField()


class WallCertificationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    tier = TierSerializer()
    awarded_on = serializers.DateField()
    verify_url = serializers.SerializerMethodField()

    def get_verify_url(self, badge) -> str:
        return settings.SITE_URL + reverse("honor_wall:verify", args=[badge.public_id])


class WallPersonSerializer(serializers.Serializer):
    handle = serializers.CharField()
    display_name = serializers.CharField()
    organisation = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    profile_url = serializers.SerializerMethodField()
    avatar_url = serializers.SerializerMethodField()
    certifications = WallCertificationSerializer(many=True, source="live_badges")

    def get_profile_url(self, entry) -> str:
        return settings.SITE_URL + reverse("honor_wall:profile", args=[entry.handle])

    def get_avatar_url(self, entry) -> str | None:
        if not entry.has_avatar:
            return None
        return settings.SITE_URL + reverse("applications:avatar", args=[entry.handle])


class CertificationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    status = serializers.CharField(source="current_status")
    tier = TierSerializer()
    person = serializers.SerializerMethodField()
    awarded_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_reason = serializers.CharField()
    ruleset_version = serializers.IntegerField(source="ruleset.version", allow_null=True)
    verify_url = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField()

    def get_person(self, certification) -> dict:
        profile = getattr(certification.person, "profile", None)
        return {"display_name": profile.display_name if profile else ""}

    def get_verify_url(self, certification) -> str:
        return settings.SITE_URL + reverse("honor_wall:verify", args=[certification.public_id])

    def get_credential_url(self, certification) -> str:
        return settings.SITE_URL + reverse("honor_wall:credential", args=[certification.public_id])


class ErrorSerializer(serializers.Serializer):
    """What the API answers when it refuses: a sentence for people."""

    detail = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A filter is invalid: each field named, with its messages and codes.",
    examples=[
        OpenApiExample(
            "bad year",
            value={"year": [{"message": "Enter a whole number.", "code": "invalid"}]},
        )
    ],
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing here (also a malformed id).")
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many requests; try again later.")


class WallPagination(PageNumberPagination):
    """Pages whose total is counted once per wall version (``selectors.wall_count``)."""

    django_paginator_class = selectors.WallPaginator


@extend_schema(
    responses={
        200: WallPersonSerializer(many=True),
        400: FIELD_ERRORS,
        404: OpenApiResponse(ErrorSerializer, description="A page past the last one."),
        429: THROTTLED,
    },
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="name, handle or organisation"),
        OpenApiParameter("track", OpenApiTypes.STR, description="track slug"),
        OpenApiParameter("tier", OpenApiTypes.STR, description="tier slug"),
        OpenApiParameter("year", OpenApiTypes.INT, description="year of certification"),
        OpenApiParameter("sort", OpenApiTypes.STR, description="newest (default) or name"),
    ],
)
class WallList(generics.ListAPIView):
    """People on the Wall of Honor: only those who consented and hold a valid certification."""

    serializer_class = WallPersonSerializer
    pagination_class = WallPagination

    def get_queryset(self):
        form = WallFilterForm(self.request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        return selectors.wall_people(**{k: v for k, v in form.cleaned_data.items() if v})

    def list(self, request, *args, **kwargs):
        # After the throttle (DRF's ``initial``): the page as JSON once per wall version and
        # address; a bad filter or page raises before anything is stored.
        def page() -> bytes:
            data = super(WallList, self).list(request, *args, **kwargs).data
            return JSONRenderer().render(data)

        params = (*WallFilterForm.base_fields, self.paginator.page_query_param)
        content = shared_result(
            request, page, VERSION_KEY, PROGRAMME_VERSION_KEY, daily=True, params=params
        )
        return HttpResponse(content, content_type="application/json")


@extend_schema(responses={200: CertificationSerializer, 404: NOT_FOUND, 429: THROTTLED})
class CertificationDetail(generics.RetrieveAPIView):
    """One certification by its public id, whatever its status."""

    serializer_class = CertificationSerializer

    def get_object(self):
        certification = selectors.certification_for_verification(self.kwargs["public_id"])
        if certification is None:
            raise Http404
        return certification
