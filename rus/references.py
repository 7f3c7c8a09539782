"""RUS's own registrations: network agenda items as references to goals (tracing), and the
goal field on the agenda-item form (networks' link registry)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def agenda_items_for_goal(goal, user):
    from networks.models import AgendaItem

    items = (
        AgendaItem.objects.visible_to(user)
        .filter(rus_goals=goal)
        .select_related("meeting", "meeting__network")
        .order_by("-meeting__starts_at")
    )
    result = []
    for item in items:
        starts = timezone.localtime(item.meeting.starts_at)
        result.append(
            {
                "title": f"{item.title} ({item.meeting.network.name}, {starts:%Y-%m-%d})",
                "url": item.meeting.get_absolute_url(),
                "year": starts.year,
            }
        )
    return result


def register():
    from networks.registry import register_agenda_item_link_provider

    from .models import Goal
    from .registry import register_goal_reference_source

    register_goal_reference_source(
        "agenda_items", _("Punkter på nätverkens dagordningar"), agenda_items_for_goal, order=30
    )
    register_agenda_item_link_provider(
        field_name="rus_goals",
        label=_("RUS-effektmål"),
        queryset=lambda user: Goal.objects.visible_to(user).select_related("strategy"),
        save=lambda item, objects, actor: item.rus_goals.set(objects),
        prefetch="rus_goals",
        help_text=_("Välj de effektmål i RUS som punkten handlar om."),
        order=20,
    )
