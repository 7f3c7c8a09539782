from django import forms
from django.utils.translation import gettext_lazy as _

from planportal.forms import PortalForm

from .models import Assessment, PublicationStatus


class ValueImportForm(PortalForm):
    file = forms.FileField(
        label=_("CSV-fil med indikatorvärden"),
        help_text=_(
            "Koladas format: kolumnerna kpi, municipality, period, value (valfritt status och note). "
            "Kommunkod enligt SCB, länet som 0018. Komma eller semikolon som avgränsare."
        ),
    )


class AssessmentForm(PortalForm):
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    rating = forms.ChoiceField(label=_("Bedömning"), choices=Assessment.Rating.choices)
    text = forms.CharField(
        label=_("Skriftlig bedömning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vad har hänt under året och vad betyder det för målet?"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=PublicationStatus.choices,
        help_text=_("Ett utkast syns bara för Regionens medarbetare."),
    )


class ReportRequestForm(PortalForm):
    year = forms.IntegerField(label=_("År att följa upp"), min_value=1990, max_value=2100, help_text=_("T.ex. 2025."))


class StructureImportForm(PortalForm):
    file = forms.FileField(
        label=_("Fil med objekt (GeoJSON eller GeoPackage)"),
        help_text=_(
            "Varje objekt behöver egenskaperna kind (primary_corridor, secondary_corridor, node, "
            "logistics_area) och name. Koordinatsystemet måste anges i filen."
        ),
    )
