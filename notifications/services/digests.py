"""The digests: one e-mail per person gathering every kind that is due (daily kinds every day,
weekly kinds on WEEKLY_DAY, or once their oldest item has waited a week), each item checked
again against what the person may open now. And the collection of the registered sources."""

import datetime
import logging
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import registry
from ..models import DEFAULT_FREQUENCY, Digest, Frequency, Item, Kind, Preference, SourceRun
from ..recipients import Recipient
from .sending import absolute_url, build_message, notify, unsubscribe_url, visible_target_ids

log = logging.getLogger(__name__)
WEEKLY_DAY = 0  # Monday
WEEK = datetime.timedelta(days=7)


def _chosen(pending: list[Item]) -> dict[tuple, str]:
    """{(recipient key, kind): frequency} for everyone with a pending item, in one query."""
    user_ids = {i.user_id for i in pending if i.user_id}
    emails = {i.email.lower() for i in pending if not i.user_id}
    rows = Preference.objects.filter(user_id__in=user_ids) | Preference.objects.filter(
        user__isnull=True, email__in=emails
    )
    return {
        (("u", user_id) if user_id else ("e", email), kind): frequency
        for user_id, email, kind, frequency in rows.values_list("user_id", "email", "kind", "frequency")
    }


def _due(frequency: str, items: list[Item], now) -> bool:
    if frequency in (Frequency.DAILY, Frequency.IMMEDIATE):  # IMMEDIATE: chosen after it was queued
        return True
    if frequency == Frequency.WEEKLY:
        return timezone.localdate(now).weekday() == WEEKLY_DAY or min(i.created_at for i in items) <= now - WEEK
    return False


def _visible(recipient: Recipient, items: list[Item]) -> tuple[list[Item], list[Item]]:
    """(items the recipient may open now, items they may not) — one query per target model."""
    by_type = defaultdict(set)
    for item in items:
        if item.target_type_id:
            by_type[item.target_type_id].add(item.target_id)
    allowed = {
        type_id: visible_target_ids(recipient, ContentType.objects.get_for_id(type_id), ids)
        for type_id, ids in by_type.items()
    }
    shown, hidden = [], []
    for item in items:
        ok = not item.target_type_id or item.target_id in allowed[item.target_type_id]
        (shown if ok else hidden).append(item)
    return shown, hidden


def _digest_message(recipient: Recipient, sections: list[dict], now):
    with translation.override("sv"):
        date = timezone.localdate(now)
        subject = _("Planportalen: din sammanställning %(date)s") % {"date": f"{date:%Y-%m-%d}"}
        body = render_to_string("notifications/email/digest.txt", {"sections": sections, "date": date})
    return build_message(recipient=recipient, kinds=[s["kind"] for s in sections], subject=subject, body=body)


def _send_one(recipient: Recipient, items: list[Item], chosen: dict, now) -> bool:
    by_kind = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    due, dropped = [], []
    for kind, kind_items in by_kind.items():
        frequency = chosen.get((recipient.key, kind), DEFAULT_FREQUENCY[kind])
        if frequency == Frequency.NONE:  # turned off after the items were queued
            dropped += kind_items
        elif _due(frequency, kind_items, now):
            due += kind_items
    if recipient.user is not None and not recipient.user.is_active:
        dropped, due = dropped + due, []
    shown, hidden = _visible(recipient, due)
    with transaction.atomic():
        # Only the rows this run holds and that are still pending: a run overlapping this one (a
        # late beat, a run by hand) holds or has sent the rest, so nobody gets a digest twice.
        held = set(
            Item.objects.select_for_update(skip_locked=True)
            .filter(pk__in=[i.pk for i in due + dropped], outcome=Item.Outcome.PENDING)
            .values_list("pk", flat=True)
        )
        shown, hidden, dropped = ([i for i in group if i.pk in held] for group in (shown, hidden, dropped))
        Item.objects.filter(pk__in=[i.pk for i in dropped + hidden]).update(outcome=Item.Outcome.DROPPED)
        if not shown:
            return False
        sections = []
        for kind in Kind.values:
            kind_items = sorted((i for i in shown if i.kind == kind), key=lambda i: i.created_at, reverse=True)
            if kind_items:
                sections.append(
                    {
                        "kind": kind,
                        "label": Kind(kind).label,
                        "items": [{"item": i, "url": absolute_url(i.url) if i.url else ""} for i in kind_items],
                        "unsubscribe_url": unsubscribe_url(recipient, [kind]),
                    }
                )
        message = _digest_message(recipient, sections, now)
        digest = Digest.objects.create(user=recipient.user, email=recipient.email, subject=message.subject, sent_at=now)
        Item.objects.filter(pk__in=[i.pk for i in shown]).update(outcome=Item.Outcome.SENT, digest=digest)
        message.send()
    return True


def digests_send(*, now=None) -> int:
    """Sends each person with due items one digest; returns how many were sent. A failing
    send rolls back that person's rows (they wait for the next run), the others go on. Runs
    may overlap: each sends only the items it holds locked and finds still pending."""
    now = now or timezone.now()
    pending = list(
        Item.objects.filter(outcome=Item.Outcome.PENDING).select_related("user").order_by("user_id", "email", "pk")
    )
    chosen = _chosen(pending)
    groups = defaultdict(list)
    for item in pending:
        groups[("u", item.user_id) if item.user_id else ("e", item.email.lower())].append(item)
    sent = 0
    for items in groups.values():
        first = items[0]
        recipient = Recipient(email=first.user.email if first.user_id else first.email, user=first.user)
        if not recipient.email:
            recipient = Recipient(email=first.email, user=first.user)
        try:
            sent += _send_one(recipient, items, chosen, now)
        except Exception:  # one person's mail server must not stop the others' digests
            log.exception("Digest to %s failed", recipient.email)
    return sent


def sources_collect(*, now=None) -> int:
    """Reads each registered source from where it was last read (a week back the first time) up
    to now, and notifies what it returns; returns the number of notify calls."""
    now = now or timezone.now()
    calls = 0
    for key, func in registry.sources().items():
        with transaction.atomic():
            run, _created = SourceRun.objects.select_for_update().get_or_create(
                key=key, defaults={"collected_until": now - WEEK}
            )
            if run.collected_until >= now:
                continue
            for kwargs in func(since=run.collected_until, until=now):
                notify(**kwargs)
                calls += 1
            run.collected_until = now
            run.save(update_fields=["collected_until"])
    return calls
