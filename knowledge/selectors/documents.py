"""Reads of documents, requests and news; each starts from a `visible_to(user)` queryset."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Organisation
from planportal.geo import feature_collection
from rus.models import Goal

from ..models import (
    Document,
    DocumentFile,
    DocumentRequest,
    DocumentVersion,
    NewsItem,
    RequestSupport,
    Theme,
)

EMPTY_COLLECTION = '{"type": "FeatureCollection", "features": []}'


def document_detail(*, user, slug: str) -> Document:
    return (
        Document.objects.visible_to(user)
        .select_related("publisher", "owner", "superseded_by")
        .prefetch_related("themes", "municipalities")
        .get(slug=slug)
    )


def document_versions(*, document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.prefetch_related(
        Prefetch("files", queryset=DocumentFile.objects.order_by("name"))
    ).order_by("-number")


def related_documents(*, user, document: Document, limit: int = 10) -> QuerySet[Document]:
    """Linked by hand (either way), or sharing a theme and a municipality with `document`;
    never what `user` may not see. Linked ones first, then the newest."""
    linked = Document.related.through.objects.filter(from_document_id=OuterRef("pk"), to_document_id=document.pk)
    same_theme = Document.themes.through.objects.filter(
        document_id=OuterRef("pk"),
        theme_id__in=Document.themes.through.objects.filter(document_id=document.pk).values("theme_id"),
    )
    same_municipality = Document.municipalities.through.objects.filter(
        document_id=OuterRef("pk"),
        organisation_id__in=Document.municipalities.through.objects.filter(document_id=document.pk).values(
            "organisation_id"
        ),
    )
    return (
        Document.objects.visible_to(user)
        .exclude(pk=document.pk)
        .annotate(linked=Exists(linked))
        .filter(Q(linked=True) | (Exists(same_theme) & Exists(same_municipality)))
        .select_related("publisher")
        .order_by("-linked", "-year", "title", "pk")[:limit]
    )


def related_goals(*, user, document: Document):
    """The RUS goals the document is linked to, of strategies `user` may see."""
    return (
        Goal.objects.visible_to(user)
        .filter(documents=document)
        .select_related("strategy")
        .order_by("strategy", "order", "code")
    )


def documents_due_for_review(*, user, today: datetime.date | None = None) -> QuerySet[Document]:
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=60)
    return (
        Document.objects.visible_to(user)
        .exclude(status__in=[Document.Status.WITHDRAWN, Document.Status.SUPERSEDED])
        .filter(review_by__isnull=False, review_by__lte=horizon)
        .select_related("publisher", "owner")
        .order_by("review_by", "title")
    )


def library_front(*, user) -> dict:
    visible = Document.objects.visible_to(user).exclude(status=Document.Status.WITHDRAWN)
    return {
        "new_documents": list(visible.select_related("publisher").order_by("-created_at", "-pk")[:6]),
        "most_used": list(
            visible.filter(view_count__gt=0).select_related("publisher").order_by("-view_count", "title")[:6]
        ),
        "due_for_review": list(documents_due_for_review(user=user)[:6]),
        "news": list(news_list(user=user)[:6]),
        "themes": list(
            Theme.objects.annotate(n=Count("documents", filter=Q(documents__in=visible))).order_by("order", "name")
        ),
        "document_count": visible.count(),
    }


def news_list(*, user, theme: str | None = None, scope: str | None = None) -> QuerySet[NewsItem]:
    """Horizon-scanning news, newest first; by theme (slug) and scope."""
    qs = NewsItem.objects.visible_to(user).prefetch_related("themes")
    if theme:
        if not Theme.objects.filter(slug=theme).exists():
            raise ValidationError({"theme": _("Det finns inget sådant tema. Välj ett tema i listan.")})
        qs = qs.filter(themes__slug=theme)
    if scope:
        if scope not in NewsItem.Scope.values:
            raise ValidationError({"scope": _("Okänd omfattning. Välj nationellt, grannlän, EU eller regionalt.")})
        qs = qs.filter(scope=scope)
    return qs.order_by("-published_on", "title")


def request_list(*, user, filters=None) -> QuerySet[DocumentRequest]:
    """Ranked by the number of supporting organisations, then by age."""
    filters = filters or {}
    qs = DocumentRequest.objects.visible_to(user).with_support_count()
    if status := filters.get("status"):
        if status not in DocumentRequest.Status.values:
            raise ValidationError({"status": _("Okänd status. Välj en status i listan.")})
        qs = qs.filter(status=status)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipalities__code=municipality)
    return (
        qs.select_related("organisation", "document")
        .prefetch_related(
            Prefetch("municipalities", queryset=Organisation.objects.order_by("name")),
            Prefetch("supports__organisation"),
        )
        .order_by("-support_count", "created_at", "pk")
    )


def requests_supported_by(*, user, organisation) -> QuerySet[DocumentRequest]:
    """The document requests `organisation` supports (its own proposals among them): the open
    ones first, most supported first."""
    closed = [DocumentRequest.Status.PUBLISHED, DocumentRequest.Status.DECLINED]
    return (
        DocumentRequest.objects.visible_to(user)
        # by id, not a join: the support count counts every organisation's support
        .filter(pk__in=RequestSupport.objects.filter(organisation=organisation).values("request_id"))
        .with_support_count()
        .annotate(is_closed=ExpressionWrapper(Q(status__in=closed), output_field=BooleanField()))
        .select_related("organisation", "document")
        .order_by("is_closed", "-support_count", "-created_at", "pk")
    )


def documents_for_municipality(*, user, organisation) -> QuerySet[Document]:
    return (
        Document.objects.visible_to(user)
        .exclude(status=Document.Status.WITHDRAWN)
        .filter(municipalities=organisation)
        .select_related("publisher")
        .order_by("-year", "title")
    )


def documents_for_goal(goal, user) -> QuerySet[Document]:
    return Document.objects.visible_to(user).filter(goals=goal).order_by("-year", "title")


def digest_documents(*, user, since) -> QuerySet[Document]:
    themes = user.subscriptions.filter(theme__isnull=False).values("theme_id")
    municipalities = user.subscriptions.filter(municipality__isnull=False).values("municipality_id")
    return (
        Document.objects.visible_to(user)
        .exclude(status=Document.Status.WITHDRAWN)
        .filter(updated_at__gte=since)
        .filter(Q(themes__in=themes) | Q(municipalities__in=municipalities))
        .distinct()
        .select_related("publisher")
        .order_by("-updated_at")
    )


def feed_documents(*, theme: Theme, limit: int = 30) -> QuerySet[Document]:
    """Feeds are read anonymously: public documents only, whoever asks."""
    return Document.objects.public().filter(themes=theme).select_related("publisher").order_by("-updated_at")[:limit]


def coverage_feature_collection(documents) -> str:
    """GeoJSON (EPSG:4326) of the given documents' coverage, built in PostGIS in one query."""
    ids = [d.pk for d in documents]
    if not ids:  # planportal.geo.feature_collection cannot compile an always-empty filter
        return EMPTY_COLLECTION
    return feature_collection(
        Document.objects.filter(pk__in=ids, coverage__isnull=False).order_by("title"),
        geometry="coverage",
        properties={"title": "title", "year": "year", "url": Concat(Value("/dokument/"), F("slug"), Value("/"))},
    )


# --- reads for the library's e-mails (knowledge/services/mail.py) --------------------------------


def documents_for_review_reminder(*, today: datetime.date, days: int) -> QuerySet[Document]:
    """Documents whose owner is due a reminder: review-by within `days` (or past), not yet
    reminded for that date, still in force, with an owner who has an e-mail address."""
    return (
        Document.objects.exclude(status__in=[Document.Status.WITHDRAWN, Document.Status.SUPERSEDED])
        .filter(review_by__isnull=False, review_by__lte=today + datetime.timedelta(days=days))
        .exclude(reminder_sent_for=F("review_by"))
        .exclude(owner__isnull=True)
        .exclude(owner__email="")
        .select_related("owner")
    )


def digest_news(*, since, limit: int = 20) -> QuerySet[NewsItem]:
    """The news items of the digest (news items are public)."""
    return NewsItem.objects.filter(created_at__gte=since).order_by("-published_on")[:limit]


def digest_recipients():
    """Active users with an e-mail address and at least one subscription."""
    from django.contrib.auth import get_user_model

    from ..models import Subscription

    user_ids = Subscription.objects.values_list("user_id", flat=True).distinct()
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
