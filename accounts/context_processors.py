from .rules import can_review, is_programme_staff


def roles(request):
    """What the navigation needs to know about the signed-in user's roles."""
    user = request.user
    return {
        "user_can_review": can_review(user),
        "user_is_programme_staff": is_programme_staff(user),
    }
