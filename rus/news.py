"""What is new in the RUS follow-up for an organisation (planportal.registry.news_sources):
indicators with values added or changed for it (for any area, without an organisation), one
item per indicator with the latest year among the new values. One query."""

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal.news import NewsItem
from planportal.registry import register_news_source

from .models import IndicatorValue


def indicator_updates(user, organisation, since, limit):
    values = IndicatorValue.objects.visible_to(user).filter(updated_at__gte=since)
    if organisation is not None:
        values = values.filter(area=organisation)
    rows = (
        values.values("indicator_id", "indicator__name", "indicator__slug", "indicator__is_example")
        .annotate(at=Max("updated_at"), year=Max("year"))
        .order_by("-at", "indicator_id")[:limit]
    )
    return [
        NewsItem(
            title=row["indicator__name"],
            url=reverse("rus:indicator_detail", kwargs={"slug": row["indicator__slug"]}),
            at=row["at"],
            detail=_("Nya värden, senast för %(year)s") % {"year": row["year"]},
            is_example=row["indicator__is_example"],
        )
        for row in rows
    ]


register_news_source("indicators", gettext_lazy("Indikatorer"), indicator_updates, order=50)
