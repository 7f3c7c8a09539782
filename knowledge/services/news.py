"""News items (omvärldsbevakning): publish, change, delete."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import NewsItem
from ..permissions import require_editor
from .common import Errors, resolve_themes

NEWS_REQUIRED = (
    ("title", gettext_lazy("Ange en rubrik."), 300),
    ("url", gettext_lazy("Ange en länk."), 500),
    ("source", gettext_lazy("Ange källan."), 200),
)


def validate_news_fields(data: dict, *, partial=False) -> None:
    """The rules of a news item's fields (the page form calls this too)."""
    errors = {}
    for field, message, max_length in NEWS_REQUIRED:
        if partial and field not in data:
            continue
        value = (data.get(field) or "").strip()
        if not value:
            errors[field] = str(message)
        elif len(value) > max_length:
            errors[field] = _("Får vara högst %(max)s tecken (nu %(length)s).") % {
                "max": max_length,
                "length": len(value),
            }
    if (not partial or "scope" in data) and data.get("scope") not in NewsItem.Scope.values:
        errors["scope"] = _("Välj omfattning: nationellt, grannlän, EU eller regionalt.")
    if not partial or "published_on" in data:
        if data.get("published_on") in (None, ""):
            errors["published_on"] = _("Ange datumet.")
        elif not isinstance(data["published_on"], datetime.date):
            errors["published_on"] = _("Ange datumet som ÅÅÅÅ-MM-DD.")
    if errors:
        raise ValidationError(errors)


def news_create(*, data: dict, actor) -> NewsItem:
    require_editor(actor)
    errors = Errors()
    errors.check(validate_news_fields, data)
    themes = errors.check(resolve_themes, data.get("themes"))
    errors.raise_any()
    with transaction.atomic():
        item = NewsItem.objects.create(
            title=data["title"].strip(),
            url=data["url"].strip(),
            source=data["source"].strip(),
            published_on=data["published_on"],
            scope=data["scope"],
            summary=data.get("summary", ""),
            is_example=bool(data.get("is_example", False)),
        )
        item.themes.set(themes)
    return item


def news_update(*, item: NewsItem, data: dict, actor) -> NewsItem:
    """data: any of title, url, source, published_on, scope, summary, themes (slugs or Theme)."""
    require_editor(actor)
    errors = Errors()
    errors.check(validate_news_fields, data, partial=True)
    themes = errors.check(resolve_themes, data.get("themes")) if "themes" in data else None
    errors.raise_any()
    with transaction.atomic():
        for name in ("title", "url", "source"):
            if name in data:
                setattr(item, name, data[name].strip())
        for name in ("published_on", "scope"):
            if name in data:
                setattr(item, name, data[name])
        if "summary" in data:
            item.summary = (data["summary"] or "").strip()
        item.save()
        if themes is not None:
            item.themes.set(themes)
    return item


def news_delete(*, item: NewsItem, actor) -> None:
    require_editor(actor)
    with transaction.atomic():
        NewsItem.objects.filter(pk=item.pk).delete()
