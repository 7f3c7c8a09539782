"""What is new in the library for an organisation (planportal.registry.news_sources): documents
added or updated that cover the municipality or that the organisation publishes (every document
the reader sees, without an organisation). One query."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal.news import NewsItem
from planportal.registry import register_news_source

from .models import Document


def new_documents(user, organisation, since, limit):
    documents = Document.objects.visible_to(user).exclude(status=Document.Status.WITHDRAWN)
    documents = documents.filter(updated_at__gte=since)
    if organisation is not None:
        covering = Document.municipalities.through.objects.filter(organisation=organisation).values("document_id")
        documents = documents.filter(Q(pk__in=covering) | Q(publisher=organisation))
    documents = documents.only("title", "slug", "year", "kind", "created_at", "updated_at", "is_example")
    return [
        NewsItem(
            title=d.title,
            url=d.get_absolute_url(),
            at=d.updated_at,
            detail=(_("Nytt: %(kind)s, %(year)s") if d.created_at >= since else _("Uppdaterat: %(kind)s, %(year)s"))
            % {"kind": d.get_kind_display().lower(), "year": d.year},
            is_example=d.is_example,
        )
        for d in documents.order_by("-updated_at", "pk")[:limit]
    ]


register_news_source("documents", gettext_lazy("Dokument"), new_documents, order=10)
