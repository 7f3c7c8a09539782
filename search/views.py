"""/sok/: the global search page. Without a query it shows the empty form; every kind's count
links to that kind alone, whose results come page by page."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.views.generic import TemplateView

from . import selectors
from .kinds import KINDS


class SearchView(TemplateView):
    template_name = "search/index.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        get = self.request.GET
        q = (get.get("q") or "").strip()
        ctx.update(q=q, kind=(get.get("kind") or "").strip(), errors={}, result=None, kinds=KINDS)
        if not q and not get.get("kind") and not get.get("page"):
            return ctx  # the empty form: nothing asked yet
        try:
            params = selectors.parse_params(get)
            result = selectors.global_search(
                user=self.request.user, q=params["q"], kind=params["kind"], page=params["page"]
            )
        except ValidationError as exc:
            ctx["errors"] = exc.message_dict
            return ctx
        for entry in result["kinds"]:
            entry["url"] = self._url(q=q, kind=entry["kind"])
            entry["current"] = entry["kind"] == params["kind"]
        for group in result["groups"]:
            group["url"] = self._url(q=q, kind=group["kind"])
            if params["kind"]:
                page = group["page"]
                group["next_url"] = self._url(q=q, kind=group["kind"], page=page + 1) if group["has_next"] else None
                group["previous_url"] = self._url(q=q, kind=group["kind"], page=page - 1) if page > 1 else None
        ctx["result"] = result
        ctx["kind"] = params["kind"] or ""
        ctx["all_url"] = self._url(q=q)
        ctx["total_hits"] = sum(entry["count"] for entry in result["kinds"])
        return ctx

    def _url(self, **params) -> str:
        params = {key: value for key, value in params.items() if value and value != 1}
        return f"{self.request.path}?{urlencode(params)}"
