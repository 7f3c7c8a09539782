"""The library's front page and the document search."""

import json
import math

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from .. import selectors
from ..querysets import is_editor
from ..selectors import scaled
from .base import PAGE_SIZE


class LibraryIndexView(TemplateView):
    template_name = "knowledge/index.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.library_front(user=self.request.user))
        ctx["is_editor"] = is_editor(self.request.user)
        return ctx


FACET_LABELS = {
    "theme": gettext_lazy("Tema"),
    "year": gettext_lazy("År"),
    "kind": gettext_lazy("Typ"),
    "municipality": gettext_lazy("Kommun"),
    "publisher": gettext_lazy("Utgivare"),
}


def municipality_context_layer():
    """The county's municipalities as thin grey outlines under a map's own layers (listed on
    /kommuner/); the document and search maps use it for context."""
    return {
        "key": "municipalities",
        "name": _("Kommungränser"),
        "url": reverse("municipality-geojson"),
        "color": "#6f6f6f",
        "weight": 1,
        "fillOpacity": 0.03,
    }


class CountedPaginator(Paginator):
    """A paginator told its count: the search statement has already counted the hits (up to
    the cap, knowledge.selectors.scaled), and counting them again costs a second scan."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


class SearchView(TemplateView):
    template_name = "knowledge/search.html"
    filter_keys = ("q", "theme", "year", "kind", "municipality", "publisher", "bbox", "sort")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = {k: self.request.GET.get(k, "").strip() for k in self.filter_keys}
        ctx["params"] = params
        ctx["errors"] = {}
        hits = None
        try:
            hits, page, paginator = self._page(params)
            facets = selectors.document_facets(
                user=self.request.user, filters=params, fallback=hits.fallback, cap=hits.cap
            )
        except ValidationError as exc:
            ctx["errors"] = exc.message_dict
            facets, page, paginator = {}, None, None
        ctx["page_obj"] = page
        ctx["paginator"] = paginator
        ctx["is_paginated"] = bool(paginator and paginator.num_pages > 1)
        ctx["documents"] = list(page) if page else []
        # Past the cap the count stops and relevance ranks the newest hits: the page says so.
        ctx["hits"] = hits
        ctx["cap"] = hits.cap if hits else scaled.SEARCH_CAP
        ctx["facets_capped"] = any(facets.get("capped", {}).values())
        ctx["facets"] = [
            {"key": key, "label": label, "options": facets.get(key, []), "selected": params[key]}
            for key, label in FACET_LABELS.items()
        ]
        ctx["active_filters"] = [
            {"key": k, "label": FACET_LABELS[k], "value": params[k], "remove_url": self._url_without(k)}
            for k in FACET_LABELS
            if params[k]
        ]
        if params["bbox"]:
            ctx["active_filters"].append(
                {
                    "key": "bbox",
                    "label": _("Kartutsnitt"),
                    "value": params["bbox"],
                    "remove_url": self._url_without("bbox"),
                }
            )
        ctx["sorts"] = [("relevance", _("Relevans")), ("year", _("År, nyast först")), ("title", _("Titel"))]
        coverage = json.loads(selectors.coverage_feature_collection(ctx["documents"]))
        ctx["on_map"] = len(coverage["features"])
        # The municipalities give the map its context (never an empty grey square); the map is
        # framed on the documents' coverage when there is one, on the county otherwise.
        ctx["map_layers_json"] = json.dumps(
            [
                municipality_context_layer(),
                {
                    "key": "documents",
                    "name": _("Dokumentens täckning"),
                    "geojson": coverage,
                    "color": "#6a3d9a",
                    "popup": "title",
                    "link": "url",
                    "fit": bool(ctx["on_map"]),
                },
            ]
        )
        return ctx

    def _page(self, params):
        """The requested page of hits (the last one when the number is past it, the first when it
        is not a number) and its documents: see knowledge.selectors.scaled."""
        try:
            number = max(1, int(self.request.GET.get("page", 1)))
        except (TypeError, ValueError):
            number = 1
        user = self.request.user
        hits = scaled.search_hits(user=user, filters=params, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        last = max(1, math.ceil(hits.total / PAGE_SIZE))
        if number > last:
            number = last
            hits = scaled.search_hits(user=user, filters=params, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        paginator = CountedPaginator((), PAGE_SIZE, count=hits.total)
        documents = scaled.page_documents(user=user, hits=hits, q=params["q"])
        return hits, Page(documents, number, paginator), paginator

    def _url_without(self, key):
        query = self.request.GET.copy()
        query.pop(key, None)
        query.pop("page", None)
        return f"{reverse('knowledge:search')}?{query.urlencode()}"
