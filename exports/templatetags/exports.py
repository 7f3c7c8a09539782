"""{% load exports %}{% export_links "networks.organisations" %} on a list page: links to the list
as CSV, GeoJSON and (with geometry) GeoPackage, carrying the page's current filters. Fixed
filters of the page go as keywords: {% export_links "networks.meetings" network=network.slug %}."""

from django import template
from django.http import QueryDict
from django.urls import reverse

from ..registry import get_export
from ..views import FORMAT_LABELS

register = template.Library()


@register.inclusion_tag("exports/includes/links.html", takes_context=True)
def export_links(context, name, label=None, **fixed):
    spec = get_export(name)
    if spec is None:
        return {"links": []}
    request = context.get("request")
    filters = spec.filters_from(request.GET) if request is not None else {}
    filters.update({key: str(value) for key, value in fixed.items() if value not in (None, "")})
    links = []
    for export_format in spec.formats:
        query = QueryDict(mutable=True)
        query.update(filters)
        query["format"] = export_format
        links.append(
            {
                "url": f"{reverse('exports:list', kwargs={'name': name})}?{query.urlencode()}",
                "label": FORMAT_LABELS[export_format],
            }
        )
    return {"links": links, "spec": spec, "label": label}
