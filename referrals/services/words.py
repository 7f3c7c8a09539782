"""The trail's words: event summaries are written in Swedish whatever language the officer's
page is in (the trail is a record; the timeline shows the event kind translated beside it)."""

from django.utils import translation
from django.utils.translation import gettext


def sv(message: str, **params) -> str:
    """`message` (a Swedish source string, marked for translation elsewhere) with `params`,
    always in Swedish."""
    with translation.override("sv"):
        text = gettext(message)
    return text % params if params else text
