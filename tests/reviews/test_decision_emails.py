"""The approval email welcomes people to the track they joined, in their language."""

import pytest

from notifications.delivery import render
from notifications.models import Notification
from reviews import services
from tests.factories import make_evidence, submitted

pytestmark = pytest.mark.django_db


def approved_email(applicant, reviewer, tier):
    make_evidence(applicant, "study_camp")  # with the article, enough for the Evangelist Reserve
    application = submitted(applicant, tier)
    services.review_claim(application=application, reviewer=reviewer)
    services.review_decide(
        application=application, reviewer=reviewer, decision="approve", comment="", note=""
    )
    notification = Notification.objects.get(recipient=applicant, kind="application_decided")
    return render(notification)


@pytest.mark.parametrize(
    ("tier", "language", "welcome", "not_said"),
    [
        (
            "excellent-developer",
            "en",
            "Welcome to the certified developers of MindSpore!",
            "evangelists",
        ),
        ("excellent-developer", "zh-hans", "欢迎加入昇思认证开发者的行列！", "布道师"),
        (
            "evangelist-reserve",
            "en",
            "Welcome to the evangelists of MindSpore!",
            "certified developers",
        ),
        ("evangelist-reserve", "zh-hans", "欢迎加入昇思布道师的行列！", "开发者的行列"),
    ],
)
def test_the_welcome_names_the_track(applicant, reviewer, tier, language, welcome, not_said):
    applicant.language = language
    applicant.save()

    _subject, body = approved_email(applicant, reviewer, tier)

    assert welcome in body
    assert not_said not in body
