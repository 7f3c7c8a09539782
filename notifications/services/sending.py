"""Sending one notification e-mail, and notify(): at once or into the queue, per recipient."""

from collections import Counter

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Frequency, Item, Kind
from ..recipients import Recipient, unique_recipients
from ..tokens import unsubscribe_token
from .preferences import frequencies


def absolute_url(url: str) -> str:
    if url.startswith("/"):
        return settings.SITE_URL.rstrip("/") + url
    return url


def unsubscribe_url(recipient: Recipient, kinds) -> str:
    token = unsubscribe_token(recipient, kinds)
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def build_message(
    *, recipient: Recipient, kinds, subject: str, body: str, attachments=(), obligatory: bool = False
) -> EmailMessage:
    """An e-mail with the footer (why it came, where to choose, the one-click link) and the
    RFC 8058 headers: List-Unsubscribe (the signed link) and List-Unsubscribe-Post."""
    kinds = list(kinds)
    link = unsubscribe_url(recipient, kinds)
    with translation.override("sv"):
        footer = render_to_string(
            "notifications/email/footer.txt",
            {
                "kinds": [Kind(k).label for k in kinds],
                "unsubscribe_url": link,
                "preferences_url": absolute_url(reverse("notifications:preferences")),
                "has_account": recipient.user is not None,
                "obligatory": obligatory,
            },
        )
    message = EmailMessage(
        subject=subject,
        body=body.rstrip() + "\n\n" + footer.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def visible_target_ids(recipient: Recipient, target_type: ContentType, ids) -> set:
    """The ids among `ids` the recipient may open, by the model's own visible_to(user) (an
    address without an account sees what the public sees)."""
    model = target_type.model_class()
    user = recipient.user if recipient.user is not None else AnonymousUser()
    return set(model._default_manager.visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def notify(
    *,
    kind: str,
    recipients,
    subject: str,
    text: str = "",
    url: str = "",
    target=None,
    obligatory: bool = False,
    attachments=(),
    digest_text: str | None = None,
) -> Counter:
    """Tells each recipient (users, addresses or Recipients) that something happened: at once
    (an e-mail of its own, `text` as its body), into the queue for their daily or weekly digest
    (`digest_text`, default `text`, under the subject), or not at all, as they chose for `kind`.
    An `obligatory` message (the person must act: asked to consult, invited) goes at once
    whatever they chose. With a `target` (a model instance whose manager has visible_to), a
    recipient who may not open it is not told. Call it from a task or after commit; returns
    Counter(sent=, queued=, skipped=, hidden=)."""
    kind = Kind(kind).value
    recipients = unique_recipients(recipients)
    counts = Counter()
    chosen = frequencies(recipients, kind)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    link = absolute_url(url) if url else ""
    for recipient in recipients:
        frequency = Frequency.IMMEDIATE if obligatory else chosen[recipient.key]
        if frequency == Frequency.NONE:
            counts["skipped"] += 1
            continue
        if target is not None and not obligatory and not visible_target_ids(recipient, target_type, [target.pk]):
            counts["hidden"] += 1
            continue
        if frequency == Frequency.IMMEDIATE:
            body = text if not link or link in text else f"{text.rstrip()}\n\n{link}"
            build_message(
                recipient=recipient,
                kinds=[kind],
                subject=subject,
                body=body,
                attachments=attachments,
                obligatory=obligatory,
            ).send()
            counts["sent"] += 1
        else:
            _queue(recipient, kind, subject, text if digest_text is None else digest_text, url, target_type, target)
            counts["queued"] += 1
    return counts


def _queue(recipient, kind, subject, text, url, target_type, target) -> Item:
    """One pending item per recipient and target: a second change to the same object before the
    digest replaces the first (the digest lists each thing once, as it is now)."""
    fields = {"subject": subject[:300], "text": text, "url": url[:500], "created_at": timezone.now()}
    who = {"user": recipient.user, "email": recipient.email}
    if target is not None:
        item, _created = Item.objects.update_or_create(
            **who,
            kind=kind,
            target_type=target_type,
            target_id=target.pk,
            outcome=Item.Outcome.PENDING,
            defaults=fields,
        )
        return item
    return Item.objects.create(**who, kind=kind, **fields)
