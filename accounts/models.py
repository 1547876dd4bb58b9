from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import access_of


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: every user is an applicant; groups add reviewer and staff roles.

    The email address is the login. ``language`` is the language we write to them in.
    """

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails we send you."),
    )
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    # A person read from the cache (``accounts.user_cache``) comes without their password hash
    # and with the session hash made from it instead; once the password is loaded or set on the
    # instance, the hash is made from that.
    def get_session_auth_hash(self):
        known = self.__dict__.get("_session_auth_hash")
        if known is not None and "password" not in self.__dict__:
            return known
        return super().get_session_auth_hash()

    # Site-wide permissions come from ``accounts.access``: read once, then from the cache until
    # a grant changes (every page asks, for the navigation bar and the second-factor rule).
    # Per-object permissions, and inactive people (who hold none), go to the backends.
    def get_all_permissions(self, obj=None):
        if obj is None and self.is_active:
            return set(access_of(self).permissions)
        return super().get_all_permissions(obj)

    def has_perm(self, perm, obj=None):
        if obj is None and self.is_active and not self.is_superuser:
            return perm in access_of(self).permissions
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.is_active and not self.is_superuser:
            return any(perm.startswith(f"{app_label}.") for perm in access_of(self).permissions)
        return super().has_module_perms(app_label)
