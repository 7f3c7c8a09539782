from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(LeafletGeoAdmin):
    list_display = ["name", "short_name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "email", "is_example"]
    list_filter = ["organisation__kind", "is_example"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["user"]
