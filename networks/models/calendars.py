"""The secret of each user's personal calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret of one user's personal calendar feed (all meetings of their networks)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(_("hemlig nyckel"), max_length=64, unique=True, default=_new_calendar_token)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("kalendernyckel")
        verbose_name_plural = _("kalendernycklar")

    def __str__(self):
        return str(self.user)
