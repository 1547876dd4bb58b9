from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        # Evidence files sit in the applications app, below this one: tell it about conflicts.
        from applications.access import set_reviewer_exclusion

        from .services import has_conflict

        set_reviewer_exclusion(has_conflict)
