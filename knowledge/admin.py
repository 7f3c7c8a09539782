from django.contrib import admin

from .models import Document, DocumentRequest, Layer, NewsItem, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "kind", "status", "is_public", "review_by"]
    list_filter = ["kind", "status", "is_public", "themes"]
    search_fields = ["title"]
    readonly_fields = ["view_count", "file_text"]
    filter_horizontal = ["themes", "municipalities", "related"]


@admin.register(Layer)
class LayerAdmin(admin.ModelAdmin):
    list_display = ["name", "feature_count", "source_srid", "is_public"]
    readonly_fields = ["feature_count", "source_srid", "source_name"]


@admin.register(DocumentRequest)
class DocumentRequestAdmin(admin.ModelAdmin):
    list_display = ["topic", "organisation", "status", "created_at"]
    list_filter = ["status"]


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_on", "scope"]
    list_filter = ["scope", "themes"]
