"""What is new for the reader's organisation (documents, meetings, minutes, replies sent,
indicator values …), gathered from the sources the apps register in their `<app>/news.py`
(planportal.registry.register_news_source). The public, and a signed-in person without an
organisation, get what is new and public (or visible to them) across the portal."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .registry import news_sources
from .roles import user_organisation

# The window: what happened in the last NEWS_DAYS days. A fixed window (not "since the last
# sign-in") because the sign-in itself moves last_login to now.
NEWS_DAYS = 30
# Items per kind, so that one busy kind cannot hide the others.
NEWS_LIMIT = 5


@dataclass(frozen=True)
class NewsItem:
    """One new thing: its title (people's text), its page, when (a date or a time, for sorting
    within its kind and shown as a date), a line on what happened, and whether it is example data."""

    title: str
    url: str
    at: datetime.date | datetime.datetime
    detail: str = ""
    is_example: bool = False

    @property
    def day(self) -> datetime.date:
        if isinstance(self.at, datetime.datetime):
            return timezone.localdate(self.at)
        return self.at


def news_since(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=NEWS_DAYS)


def news_for(*, user, organisation=None, since: datetime.datetime | None = None, limit: int = NEWS_LIMIT) -> list:
    """[{"key", "label", "items": [NewsItem, …]}] in the sources' order, kinds without news left out."""
    since = since or news_since()
    groups = []
    for source in sorted(news_sources, key=lambda s: s["order"]):
        items = list(source["func"](user, organisation, since, limit))[:limit]
        if items:
            groups.append({"key": source["key"], "label": source["label"], "items": items})
    return groups


def home_news(request) -> dict:
    """The home page's news block: for the reader's organisation when they have one, else public."""
    user = request.user
    organisation = user_organisation(user)
    return {
        "organisation": organisation,
        "groups": news_for(user=user, organisation=organisation),
        "days": NEWS_DAYS,
    }
