"""The referral map at /remisser/karta/: every case's plan area, filtered like the register, with
the list of the cases in view beside it (without JavaScript: the filtered cases)."""

import json

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from .. import selectors_public as public
from ..querysets import is_case_officer
from .register import export_query, filter_form

STATUS_COLOURS = {"registered": "#b35900", "in_progress": "#005a9c", "answered": "#1d7a35", "declined": "#595959"}


def map_layer(*, name: str, query: str, key: str = "referrals", fit: bool = True) -> dict:
    """A layer spec for static/js/map.js reading the areas API with `query` (filters)."""
    url = reverse("referral-areas") + (f"?{query}" if query else "")
    return {
        "key": key,
        "name": name,
        "url": url,
        "kind": "polygon",
        "color": "#005a9c",
        "popup": "plan_name",
        "detail": "diary_number",
        "link": "url",
        "fit": fit,
    }


class MapView(ListView):
    template_name = "referrals/public/map.html"
    context_object_name = "referrals"
    paginate_by = 50

    def get_queryset(self):
        self.form, self.filters = filter_form(self.request)
        return public.public_referrals(user=self.request.user, filters=self.filters).annotate(
            has_area=ExpressionWrapper(Q(area__isnull=False), output_field=BooleanField())
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Only the valid filters go to the map layer (a bad one is named on the form instead).
        query = self.request.GET.copy()
        for key in ("page", "sort", *self.form.errors):
            query.pop(key, None)
        layer_query = query.urlencode()
        ctx.update(
            form=self.form,
            filters=self.filters,
            is_case_officer=is_case_officer(self.request.user),
            export_query=export_query(self.request),
            map_layers_json=json.dumps([map_layer(name=_("Remissernas planområden"), query=layer_query)]),
        )
        return ctx


urlpatterns = [path("remisser/karta/", MapView.as_view(), name="map")]
