"""What the library sends by e-mail, and who asks for it: review reminders and subscriptions.
What a subscriber hears of (new and updated documents, news) goes through the notification
centre (knowledge/notifying.py), which sends it at once or in the person's digest. The e-mails
are written in the portal's language (Swedish) by Celery tasks."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import notify

from .. import selectors
from ..models import Document, Subscription
from .common import Errors, resolve_municipalities, resolve_themes

REMINDER_DAYS = 30  # the owner is reminded this many days before the review-by date


def review_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mails each owner once per review-by date, REMINDER_DAYS before it (or late): the date is
    marked in the transaction that sends, under the document's row lock, so a second run of the
    task (a redelivery, two at once) finds it marked and sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    for document in selectors.documents_for_review_reminder(today=today, days=REMINDER_DAYS):
        with transaction.atomic():
            unsent = (
                Document.objects.select_for_update()
                .filter(pk=document.pk)
                .exclude(reminder_sent_for=document.review_by)
                .values_list("pk", flat=True)
            )
            if not list(unsent):
                continue
            context = {"document": document, "site_url": settings.SITE_URL, "overdue": document.review_by < today}
            notify(  # the owner is asked to act: sent whatever they chose for documents
                kind=Kind.DOCUMENTS,
                recipients=[document.owner],
                subject=_("Dags att se över: %(title)s (granskas senast %(date)s)")
                % {"title": document.title, "date": f"{document.review_by:%Y-%m-%d}"},
                text=render_to_string("knowledge/email/review_reminder.txt", context),
                obligatory=True,
            )
            Document.objects.filter(pk=document.pk).update(reminder_sent_for=document.review_by)
        sent += 1
    return sent


def subscriptions_set(*, user, themes=(), municipalities=()) -> list[Subscription]:
    """Replaces the user's subscriptions with these themes and municipalities."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Logga in för att bevaka teman och kommuner."))
    errors = Errors()
    theme_objs = errors.check(resolve_themes, themes)
    municipality_objs = errors.check(resolve_municipalities, municipalities)
    errors.raise_any()
    with transaction.atomic():
        Subscription.objects.filter(user=user).delete()
        subs = [Subscription(user=user, theme=t) for t in theme_objs]
        subs += [Subscription(user=user, municipality=m) for m in municipality_objs]
        Subscription.objects.bulk_create(subs)
    return subs
