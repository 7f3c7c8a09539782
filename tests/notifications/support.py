"""Helpers for the notification centre's tests."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

MONDAY = timezone.make_aware(datetime.datetime(2031, 9, 1, 7, 5))  # a Monday, 07.05
TUESDAY = MONDAY + datetime.timedelta(days=1)


def unsubscribe_path(message) -> str:
    """The path of the message's List-Unsubscribe link (checked to be the portal's)."""
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">"), header
    url = header[1:-1]
    assert url.startswith(settings.SITE_URL.rstrip("/") + "/konto/aviseringar/avsluta/"), url
    return urlsplit(url).path


def assert_one_click(message):
    """RFC 8058: both headers, and the same link in the body for people."""
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(message)
    assert path in message.body, message.body
    return path
