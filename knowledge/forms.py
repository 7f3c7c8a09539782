from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from planportal.forms import PortalForm

from .models import Document, DocumentRequest, NewsItem, Theme


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def municipality_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        label=kwargs.pop("label", _("Kommuner")),
        queryset=Organisation.objects.municipalities().order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


def theme_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        label=_("Teman"),
        queryset=Theme.objects.order_by("order", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class DocumentForm(PortalForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = _goal_queryset()

    title = forms.CharField(label=_("Titel"), max_length=300)
    summary = forms.CharField(label=_("Sammanfattning"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    year = forms.IntegerField(label=_("År"), help_text=_("Året dokumentet gäller eller gavs ut, t.ex. 2026."))
    kind = forms.ChoiceField(label=_("Typ"), choices=Document.Kind.choices)
    publisher = forms.ModelChoiceField(
        label=_("Utgivare"), queryset=Organisation.objects.order_by("name"), to_field_name="slug"
    )
    themes = theme_field()
    municipalities = municipality_field(label=_("Kommuner som omfattas"))
    goals = forms.ModelMultipleChoiceField(
        label=_("RUS-effektmål"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Effektmål i den regionala utvecklingsstrategin som dokumentet stödjer."),
    )
    url = forms.URLField(
        assume_scheme="https",
        label=_("Extern länk"),
        required=False,
        help_text=_("Om dokumentet finns på en annan webbplats."),
    )
    files = MultipleFileField(
        label=_("Filer"),
        required=False,
        help_text=_("PDF, Office-filer eller GeoPackage. Text i PDF-filer blir sökbar."),
    )
    is_public = forms.BooleanField(label=_("Offentligt dokument"), required=False, initial=True)
    review_by = forms.DateField(
        label=_("Granskas senast"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD. Ansvarig påminns i god tid före datumet."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _goal_queryset():
    from rus.models import Goal

    return Goal.objects.select_related("strategy").order_by("strategy", "order", "code")


class DocumentEditForm(DocumentForm):
    status = forms.ChoiceField(label=_("Status"), choices=Document.Status.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["files"]  # files change through a new version


class VersionForm(PortalForm):
    label = forms.CharField(label=_("Versionsbeteckning"), max_length=60, required=False, help_text=_("T.ex. 2026."))
    note = forms.CharField(label=_("Vad har ändrats?"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    files = MultipleFileField(label=_("Filer"), required=False, help_text=_("Filerna i den nya versionen."))


class ReviewedForm(PortalForm):
    review_by = forms.DateField(
        label=_("Nästa granskning senast"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RequestForm(PortalForm):
    topic = forms.CharField(label=_("Vilket underlag behövs?"), max_length=200)
    reason = forms.CharField(
        label=_("Varför behövs det?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vilken planeringsfråga ska underlaget hjälpa till med?"),
    )
    municipalities = municipality_field(label=_("Vilka kommuner berörs?"))
    themes = theme_field()


class RequestStatusForm(PortalForm):
    status = forms.ChoiceField(label=_("Status"), choices=DocumentRequest.Status.choices)
    status_reason = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när önskemålet avslås."),
    )
    document = forms.ModelChoiceField(
        label=_("Publicerat dokument"),
        queryset=Document.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        help_text=_("Krävs när statusen är Publicerad."),
    )


class LayerForm(PortalForm):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("GeoJSON, GeoPackage eller zippad Shapefile, i SWEREF 99 TM eller WGS 84."),
    )
    is_public = forms.BooleanField(label=_("Offentligt lager"), required=False, initial=True)


class SubscriptionForm(PortalForm):
    themes = theme_field()
    municipalities = municipality_field()


class NewsItemForm(PortalForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    url = forms.URLField(label=_("Länk"), assume_scheme="https")
    source = forms.CharField(label=_("Källa"), max_length=200)
    published_on = forms.DateField(
        label=_("Datum"), help_text=_("ÅÅÅÅ-MM-DD"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.ChoiceField(label=_("Omfattning"), choices=NewsItem.Scope.choices)
    themes = theme_field()
