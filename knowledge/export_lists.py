"""The library's lists as files (exports app): the document search with its facets, query and map
view, the requests for documents and an uploaded map layer's features; each as the page shows it
to this user (visible_to)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from exports import filters as check
from exports.registry import Column, portal_url, register_export
from networks.models import Organisation

from . import selectors
from .models import Document, DocumentRequest, LayerFeature, NewsItem, Theme


def _names(queryset):
    return ArraySubquery(queryset.order_by("name").values("name"))


# A document's page, as the lists of documents link it.
DOCUMENT_URL = Column(
    "url", _("Länk"), source=lambda user: portal_url("knowledge:document_detail", slug="slug"), kind="url"
)

register_export(
    "knowledge.documents",
    label=_("Dokument"),
    selector=lambda user, filters: selectors.document_search(user=user, filters=filters),
    filter_keys=("q", "theme", "year", "kind", "municipality", "publisher", "bbox", "sort", "status"),
    columns=[
        Column("title", _("Titel")),
        Column("year", _("År")),
        Column("kind", _("Typ"), choices=Document.Kind.choices),
        Column("status", _("Status"), choices=Document.Status.choices),
        Column("publisher", _("Utgivare"), source="publisher__name"),
        Column("themes", _("Teman"), source=_names(Theme.objects.filter(documents=OuterRef("pk"))), kind="list"),
        Column(
            "municipalities",
            _("Kommuner"),
            source=_names(Organisation.objects.filter(covering_documents=OuterRef("pk"))),
            kind="list",
        ),
        Column("external_url", _("Extern länk"), source="url"),
        Column("is_example", _("Exempeldata")),
        DOCUMENT_URL,
    ],
    geometry="coverage",
    filename="dokument",
)

register_export(
    "knowledge.requests",
    label=_("Önskemål om underlag"),
    selector=lambda user, filters: selectors.request_list(user=user, filters=filters),
    filter_keys=("status", "municipality"),
    login_required=True,
    columns=[
        Column("topic", _("Ämne")),
        Column("status", _("Status"), choices=DocumentRequest.Status.choices),
        Column("organisation", _("Föreslagen av"), source="organisation__name"),
        Column("support_count", _("Stödjande organisationer")),
        Column(
            "municipalities",
            _("Kommuner"),
            source=_names(Organisation.objects.filter(document_requests=OuterRef("pk"))),
            kind="list",
        ),
        Column("created_at", _("Inkommet")),
        Column("document", _("Dokument"), source="document__title"),
        Column("url", _("Länk"), source=lambda user: portal_url("knowledge:request_detail", pk="pk"), kind="url"),
    ],
    filename="onskemal",
)


def layer_features(user, filters):
    """The features of one uploaded map layer (`layer`: its number) the user may see."""
    check.integer(filters, "layer", minimum=1)
    if not filters.get("layer"):
        raise ValidationError({"layer": _("Ange vilket kartlager (layer) som ska laddas ned.")})
    visible = selectors.layer_list(user=user).filter(pk=int(filters["layer"])).values("pk")
    return LayerFeature.objects.filter(layer__in=visible).order_by("number")


register_export(
    "knowledge.layer_features",
    label=_("Kartlagrets objekt"),
    selector=layer_features,
    filter_keys=("layer",),
    columns=[
        Column("layer", _("Kartlager"), source="layer__name"),
        Column("number", _("Nummer")),
        Column("properties", _("Egenskaper"), kind="json"),
    ],
    geometry="geometry",
    filename="kartlager",
)


def news(user, filters):
    """The horizon-scanning list as its page shows it (theme, scope)."""
    return selectors.news_list(user=user, theme=filters.get("theme"), scope=filters.get("scope"))


register_export(
    "knowledge.news",
    label=_("Omvärldsbevakning"),
    selector=news,
    filter_keys=("theme", "scope"),
    columns=[
        Column("title", _("Rubrik")),
        Column("published_on", _("Datum")),
        Column("scope", _("Omfattning"), choices=NewsItem.Scope.choices),
        Column("source", _("Källa")),
        Column("themes", _("Teman"), source=_names(Theme.objects.filter(news_items=OuterRef("pk"))), kind="list"),
        Column("summary", _("Kort om nyheten")),
        Column("external_url", _("Länk"), source="url"),
        Column("is_example", _("Exempeldata")),
    ],
    filename="omvarld",
)

register_export(
    "knowledge.review",
    label=_("Dokument att granska"),
    selector=lambda user, filters: selectors.documents_due_for_review(user=user),
    login_required=True,
    columns=[
        Column("title", _("Titel")),
        Column("review_by", _("Granskas senast")),
        Column("status", _("Status"), choices=Document.Status.choices),
        Column("publisher", _("Utgivare"), source="publisher__name"),
        Column("owner", _("Ansvarig"), source=Concat("owner__first_name", Value(" "), "owner__last_name")),
        DOCUMENT_URL,
    ],
    geometry="coverage",
    filename="att-granska",
)

register_export(
    "knowledge.layers",
    label=_("Kartlager"),
    selector=lambda user, filters: selectors.layer_list(user=user),
    columns=[
        Column("name", _("Namn")),
        Column("description", _("Beskrivning")),
        Column("feature_count", _("Antal objekt")),
        Column("source_name", _("Källfil")),
        Column("source_srid", _("Källans koordinatsystem (EPSG)")),
        Column("is_public", _("Offentligt")),
        Column("document", _("Dokument"), source="document__title"),
        Column("created_at", _("Uppladdat")),
        Column("is_example", _("Exempeldata")),
        Column("url", _("Länk"), source=lambda user: portal_url("knowledge:layer_detail", pk="pk"), kind="url"),
    ],
    filename="kartlager-lista",
)
