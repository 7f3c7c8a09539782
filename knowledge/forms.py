from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from planportal.forms import PortalForm

from .models import Document, DocumentRequest, NewsItem, Theme

TOO_LONG = {"max_length": _("Får vara högst %(limit_value)d tecken (nu %(show_value)d).")}


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


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Checkboxes whose field links (the error summary's "#id") go to the first box, as GOV.UK
    does; Django gives a group no id, so the summary's link led nowhere."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


def municipality_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        label=kwargs.pop("label", _("Kommuner")),
        queryset=Organisation.objects.municipalities().order_by("name"),
        to_field_name="code",
        required=False,
        widget=CheckboxGroup,
        **kwargs,
    )


def theme_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        label=_("Teman"),
        queryset=Theme.objects.order_by("order", "name"),
        to_field_name="slug",
        required=False,
        widget=CheckboxGroup,
        **kwargs,
    )


def document_field(**kwargs):
    """One document, chosen by title, sent as its slug."""
    return forms.ModelChoiceField(
        queryset=Document.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Dokumentet finns inte. Välj ett dokument i listan.")},
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
        widget=CheckboxGroup,
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
    document = document_field(label=_("Publicerat dokument"), help_text=_("Krävs när statusen är Publicerad."))


class LayerForm(PortalForm):
    name = forms.CharField(
        label=_("Namn"), max_length=200, error_messages={"required": _("Ange ett namn på kartlagret."), **TOO_LONG}
    )
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    document = document_field(
        label=_("Dokument"),
        empty_label=_("Inget dokument"),
        help_text=_("Dokumentet som lagret hör till; lagret visas på dokumentets sida."),
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("GeoJSON, GeoPackage eller zippad Shapefile, i SWEREF 99 TM eller WGS 84."),
        error_messages={"required": _("Välj en fil att ladda upp."), "empty": _("Filen är tom.")},
    )
    is_public = forms.BooleanField(
        label=_("Offentligt lager"),
        required=False,
        initial=True,
        help_text=_("Hör lagret till ett internt dokument visas det ändå bara för inloggade medarbetare."),
    )


class LayerEditForm(LayerForm):
    """The upload form, where a file is optional: a new file replaces every feature."""

    field_order = ["name", "description", "document", "is_public", "file"]

    file = forms.FileField(
        label=_("Ersätt objekten med en ny fil"),
        required=False,
        help_text=_(
            "Lämna tomt för att behålla objekten. En ny fil (GeoJSON, GeoPackage eller zippad Shapefile, "
            "i SWEREF 99 TM eller WGS 84) ersätter alla objekt; finns det fel i filen ändras ingenting."
        ),
        error_messages={"empty": _("Filen är tom.")},
    )


class SubscriptionForm(PortalForm):
    themes = theme_field()
    municipalities = municipality_field()


class NewsItemForm(PortalForm):
    title = forms.CharField(
        label=_("Rubrik"), max_length=300, error_messages={"required": _("Ange en rubrik."), **TOO_LONG}
    )
    url = forms.URLField(
        label=_("Länk"),
        assume_scheme="https",
        max_length=500,
        help_text=_("Webbadressen till nyheten, t.ex. https://www.boverket.se/..."),
        error_messages={
            "required": _("Ange en länk."),
            **TOO_LONG,
            "invalid": _("Ange en fullständig webbadress, t.ex. https://www.boverket.se/..."),
        },
    )
    source = forms.CharField(
        label=_("Källa"),
        max_length=200,
        help_text=_("Vem som publicerat nyheten, t.ex. Boverket."),
        error_messages={"required": _("Ange källan."), **TOO_LONG},
    )
    published_on = forms.DateField(
        label=_("Datum"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Ange datumet."), "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
    )
    scope = forms.ChoiceField(
        label=_("Omfattning"),
        choices=NewsItem.Scope.choices,
        error_messages={
            "required": _("Välj omfattning."),
            "invalid_choice": _("Välj omfattning: nationellt, grannlän, EU eller regionalt."),
        },
    )
    themes = theme_field(
        error_messages={"invalid_choice": _("Okänt tema: %(value)s."), "invalid_pk_value": _("Okänt tema: %(pk)s.")}
    )
