"""What is new in referrals for an organisation (planportal.registry.news_sources): the Region's
replies (yttranden) sent on the cases it sent (every sent reply the reader sees, without an
organisation). Sent replies are public records. One query."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal.news import NewsItem
from planportal.registry import register_news_source

from .models import Reply
from .querysets import is_case_officer


def replies_sent(user, organisation, since, limit):
    replies = Reply.objects.visible_to(user).filter(status=Reply.Status.SENT, sent_on__gte=timezone.localdate(since))
    if organisation is not None:
        replies = replies.filter(referral__sender=organisation)
    replies = (
        replies.select_related("referral")
        .only(
            "sent_on",
            "referral__diary_number",
            "referral__diary_year",
            "referral__diary_seq",
            "referral__plan_name",
            "referral__is_example",
        )
        .order_by("-sent_on", "-pk")[:limit]
    )
    officer = is_case_officer(user)
    items = []
    for reply in replies:
        case = reply.referral
        if officer:
            url = case.get_absolute_url() + "#yttrande"
        else:
            url = reverse("referrals:register_reply", kwargs={"year": case.diary_year, "seq": case.diary_seq})
        items.append(
            NewsItem(
                title=f"{case.diary_number} {case.plan_name}",
                url=url,
                at=reply.sent_on,
                detail=_("Regionens yttrande skickat"),
                is_example=case.is_example,
            )
        )
    return items


register_news_source("replies", gettext_lazy("Yttranden"), replies_sent, order=40)
