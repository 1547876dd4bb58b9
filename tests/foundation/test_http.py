"""How views turn a service's refusal into a message: ``act_and_redirect``."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from mindspore_growth.errors import DomainError, IllegalTransition, NotAllowed
from mindspore_growth.http import act_and_redirect


@pytest.fixture
def request_with_messages():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_successful_action_says_so_and_redirects(request_with_messages):
    done = []

    response = act_and_redirect(
        request_with_messages, lambda: done.append(1), success="Done.", to="home"
    )

    assert done == [1]
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert [(m.level_tag, m.message) for m in get_messages(request_with_messages)] == [
        ("success", "Done.")
    ]


@pytest.mark.parametrize("error", [DomainError, NotAllowed, IllegalTransition])
def test_a_refusal_is_a_message_never_a_500(request_with_messages, error):
    def refuse():
        raise error("Not now.")

    response = act_and_redirect(
        request_with_messages, refuse, success="Done.", to="reviews:review", pk=7
    )

    assert response.headers["Location"] == "/reviews/7/"
    assert [(m.level_tag, m.message) for m in get_messages(request_with_messages)] == [
        ("error", "Not now.")
    ]


def test_anything_else_is_not_swallowed(request_with_messages):
    def crash():
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        act_and_redirect(request_with_messages, crash, success="Done.", to="home")


def test_every_refusal_has_a_message_for_people():
    assert str(DomainError().message) == "This action is not possible."
    assert str(NotAllowed().message) == "You are not allowed to do that."
    assert str(IllegalTransition("Give the reason.").message) == "Give the reason."
