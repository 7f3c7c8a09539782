"""The library in the admin. Documents, map layers, news items and requests are written on the
portal's own pages, through the services (validation, reserved addresses, versions, files,
the search index): here they are read-only, each with a link to the page that changes it.
Themes are reference data without a page and stay editable here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from planportal.service_admin import ReadOnlyModelAdmin

from .models import Document, DocumentRequest, Layer, NewsItem, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


class ChangedOnThePortalAdmin(ReadOnlyModelAdmin):
    """Read-only, with a link to the portal page where the object is changed."""

    page_label = _("Ändra på portalens sida")

    def page_url(self, obj) -> str:
        raise NotImplementedError

    @admin.display(description=_("Ändras på"))
    def portal_page(self, obj):
        return format_html('<a href="{}">{}</a>', self.page_url(obj), self.page_label) if obj and obj.pk else ""

    def get_readonly_fields(self, request, obj=None):
        return ["portal_page", *super().get_readonly_fields(request, obj)]

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "portal_page"]
        return ["portal_page", *fields]


@admin.register(Document)
class DocumentAdmin(ChangedOnThePortalAdmin):
    list_display = ["title", "year", "kind", "status", "is_public", "review_by"]
    list_filter = ["kind", "status", "is_public", "themes"]
    search_fields = ["title"]
    readonly_fields = ["view_count", "file_text"]

    def page_url(self, obj):
        return reverse("knowledge:document_edit", args=[obj.slug])


@admin.register(Layer)
class LayerAdmin(ChangedOnThePortalAdmin):
    list_display = ["name", "feature_count", "source_srid", "is_public"]
    readonly_fields = ["feature_count", "source_srid", "source_name"]

    def page_url(self, obj):
        return reverse("knowledge:layer_edit", args=[obj.pk])


@admin.register(DocumentRequest)
class DocumentRequestAdmin(ChangedOnThePortalAdmin):
    list_display = ["topic", "organisation", "status", "created_at"]
    list_filter = ["status"]

    def page_url(self, obj):
        return obj.get_absolute_url()


@admin.register(NewsItem)
class NewsItemAdmin(ChangedOnThePortalAdmin):
    list_display = ["title", "source", "published_on", "scope"]
    list_filter = ["scope", "themes"]

    def page_url(self, obj):
        return reverse("knowledge:news_edit", args=[obj.pk])
