from django.conf import settings


def development_mode(request):
    """Whether pages carry the development banner: DEBUG on because nobody set it."""
    return {"development_mode": settings.DEBUG and settings.DEBUG_BY_DEFAULT}
