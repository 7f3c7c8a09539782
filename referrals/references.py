"""Replies on the RUS goal pages (rus.registry): a sent reply whose points cite a goal is listed
on that goal's page. Only sent replies: they are public records; drafts never leave the officers."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Reply


def replies_for_goal(goal, user):
    """[{title, year, url}] — the sent replies citing `goal`, newest first; for every user the
    same (a sent reply is public), linked to the case's page in the public register."""
    replies = (
        Reply.objects.filter(status=Reply.Status.SENT, points__goals=goal)
        .select_related("referral", "referral__sender")
        .distinct()
        .order_by("-sent_on", "-pk")
    )
    result = []
    for reply in replies:
        referral = reply.referral
        result.append(
            {
                "title": f"{referral.diary_number} {referral.plan_name} ({referral.sender.name})",
                "year": reply.sent_on.year if reply.sent_on else None,
                "url": _public_url(referral),
            }
        )
    return result


def _public_url(referral) -> str:
    try:
        return referral.get_public_url()
    except NoReverseMatch:  # the public register's page not installed: the reply itself
        return reverse("referrals:register_reply", kwargs={"year": referral.diary_year, "seq": referral.diary_seq})


def register():
    from rus.registry import register_goal_reference_source

    register_goal_reference_source("referral_replies", _("Remissyttranden"), replies_for_goal, order=20)
