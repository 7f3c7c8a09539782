"""What the strategy tells the notification centre (registered in RusConfig.ready() as a source
the centre reads every quarter hour): indicators with new or changed values, one item per
indicator, to the people who asked to hear of RUS (off by default). The centre checks each
indicator against visible_to(person) before it sends or lists it (draft indicators stay hidden)."""

from django.db.models import Max

from notifications.models import Kind
from notifications.selectors import users_hearing_of

from .models import Indicator, IndicatorValue


def indicators_source(*, since, until):
    """notify() arguments for the indicators whose values changed between `since` and `until`."""
    rows = (
        IndicatorValue.objects.filter(updated_at__gte=since, updated_at__lt=until)
        .values("indicator_id")
        .annotate(year=Max("year"))
        .order_by("indicator_id")
    )
    latest = {row["indicator_id"]: row["year"] for row in rows}
    if not latest:
        return
    recipients = list(users_hearing_of(Kind.RUS))
    if not recipients:
        return
    for indicator in Indicator.objects.filter(pk__in=latest).order_by("name"):
        example = " [Exempeldata]" if indicator.is_example else ""
        yield {
            "kind": Kind.RUS,
            "recipients": recipients,
            "subject": f"Nya värden: {indicator.name}",
            "text": f"Senast för {latest[indicator.pk]}{example}",
            "url": indicator.get_absolute_url(),
            "target": indicator,
        }
