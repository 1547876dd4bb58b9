"""Where a certification can be seen and shared: its addresses, the LinkedIn form prefilled, and
what its holder's page shows for each one. The verification page and the holder's page both take
them from here."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .credentials.document import LANGUAGES, holder_language
from .models import Certification

ORGANISATION = "MindSpore"


def verify_url(certification: Certification) -> str:
    return settings.SITE_URL + reverse("honor_wall:verify", args=[certification.public_id])


def linkedin_url(certification: Certification) -> str:
    """LinkedIn's "add licence or certification" form, prefilled: name, organisation, issue date,
    expiry (when there is one), credential id and URL."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": f"{ORGANISATION} {certification.tier.name_en}",
        "organizationName": ORGANISATION,
        "issueYear": certification.awarded_on.year,
        "issueMonth": certification.awarded_on.month,
        "certUrl": verify_url(certification),
        "certId": str(certification.public_id),
    }
    if certification.expires_on:
        params["expirationYear"] = certification.expires_on.year
        params["expirationMonth"] = certification.expires_on.month
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


@dataclass
class HolderCertification:
    """One row of the holder's page."""

    certification: Certification
    verify_url: str
    linkedin_url: str
    language: str
    other_languages: list[str]
    on_wall: bool
    renewal: object = None  # honor_wall.renewal.RenewalOption, set by the page


def holder_rows(certifications, *, wall_certification_ids: set[int]) -> list[HolderCertification]:
    rows = []
    for certification in certifications:
        language = holder_language(certification)
        rows.append(
            HolderCertification(
                certification=certification,
                verify_url=verify_url(certification),
                linkedin_url=linkedin_url(certification),
                language=language,
                other_languages=[code for code in LANGUAGES if code != language],
                on_wall=certification.pk in wall_certification_ids,
            )
        )
    return rows
