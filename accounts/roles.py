"""Roles of the programme, stored as Django groups.

Every registered user is an applicant; reviewers and programme staff are groups that staff grant
with ``manage.py grant_role``. Code asks the predicates in ``accounts.rules``, never the groups.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REVIEWER = "reviewer", _("Reviewer")
    STAFF = "programme-staff", _("Programme staff")
