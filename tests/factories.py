"""Factories shared by the whole suite; each app's models get theirs here as they arrive."""

import factory
from django.conf import settings
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    language = settings.LANGUAGE_CODE
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Give the user a verified primary email, as allauth requires for log-in."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for role in extracted:
            group, _ = Group.objects.get_or_create(name=Role(role).value)
            self.groups.add(group)


def reviewer_factory(**kwargs):
    return UserFactory(roles=[Role.REVIEWER], **kwargs)


def staff_factory(**kwargs):
    return UserFactory(roles=[Role.STAFF], **kwargs)
