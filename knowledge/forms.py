"""The library's page forms. A form converts what was typed (text, dates, numbers, choices
from the database); the rules of the content (what is required, how long, which values) are
the services' and are checked there once, for the pages and the API alike. A form names
those fields in `service_rules`: it marks them as required where the service requires them,
but leaves the check and its message to the service (see ServiceRulesMixin)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from planportal.area_field import AreaField
from planportal.forms import PortalForm
from planportal.uploads import VECTOR_KINDS, validate_upload

from .models import Document, DocumentRequest, NewsItem, Theme
from .services.common import validate_document_file
from .services.documents import validate_document_fields, validate_review_fields
from .services.layers import validate_layer_fields, validate_upload_fields
from .services.news import validate_news_fields
from .services.requests import validate_request_fields, validate_status_fields


def _leave_rules_to_service(field) -> None:
    """The field still converts its value (a date, a number) and says what it needs, but
    neither an empty value, a length nor a choice is refused here: the service does it."""
    field.validators = [v for v in field.validators if not isinstance(v, (MaxLengthValidator, MinLengthValidator))]
    field.validate = lambda value: None


class ServiceRulesMixin:
    """See the module's docstring. `service_rules` names the fields whose rules the service
    checks; `service_validator(data, partial=True)` is the service's own check of them, called
    here too so that the page names every error at once (also beside a date that did not parse)."""

    service_rules: tuple[str, ...] = ()
    service_validator = None  # a staticmethod

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.service_rules:
            if name in self.fields:
                _leave_rules_to_service(self.fields[name])

    def clean(self):
        cleaned = super().clean()
        data = {name: cleaned[name] for name in self.service_rules if name in cleaned}
        if self.service_validator is not None and data:
            try:
                self.service_validator(data, partial=True)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    if field in self.fields and field not in self.errors:
                        self.add_error(field, messages)
        return cleaned


class ServiceForm(ServiceRulesMixin, PortalForm):
    pass


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _check_uploads(uploads, check):
    """The service's check of each uploaded file (type, size, content), named at once with the
    form's other errors; the service checks them again when it saves."""
    messages = []
    for upload in uploads:
        try:
            check(upload)
        except ValidationError as exc:
            messages.extend(exc.messages)
    if messages:
        raise ValidationError(messages)
    return uploads


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


class DocumentForm(ServiceForm):
    service_rules = ("title", "year", "kind", "status")
    service_validator = staticmethod(validate_document_fields)

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
    coverage = AreaField(
        label=_("Geografisk täckning"),
        required=False,
        help_text=_("Området dokumentet gäller, om det är ett annat än kommunernas hela yta."),
    )
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

    def clean_files(self):
        return _check_uploads(self.cleaned_data["files"], lambda u: validate_document_file(u, field=None))


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

    def clean_files(self):
        return _check_uploads(self.cleaned_data["files"], lambda u: validate_document_file(u, field=None))


class ReviewedForm(ServiceForm):
    service_rules = ("review_by",)
    service_validator = staticmethod(validate_review_fields)

    review_by = forms.DateField(
        label=_("Nästa granskning senast"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RequestForm(ServiceForm):
    service_rules = ("topic", "reason")
    service_validator = staticmethod(validate_request_fields)

    topic = forms.CharField(label=_("Vilket underlag behövs?"), max_length=200)
    reason = forms.CharField(
        label=_("Varför behövs det?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vilken planeringsfråga ska underlaget hjälpa till med?"),
    )
    municipalities = municipality_field(label=_("Vilka kommuner berörs?"))
    themes = theme_field()


class RequestStatusForm(ServiceForm):
    service_rules = ("status", "status_reason", "document")
    service_validator = staticmethod(validate_status_fields)

    status = forms.ChoiceField(label=_("Status"), choices=DocumentRequest.Status.choices)
    status_reason = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när önskemålet avslås."),
    )
    document = document_field(label=_("Publicerat dokument"), help_text=_("Krävs när statusen är Publicerad."))


class LayerForm(ServiceForm):
    service_rules = ("name",)
    service_validator = staticmethod(validate_upload_fields)

    name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        required=False,
        help_text=_("Lämnas namnet tomt får lagret filens namn."),
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

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            _check_uploads([upload], lambda u: validate_upload(u, kinds=VECTOR_KINDS, field=None))
        return upload


class LayerEditForm(LayerForm):
    """The upload form, where a file is optional: a new file replaces every feature."""

    field_order = ["name", "description", "document", "is_public", "file"]
    service_validator = staticmethod(validate_layer_fields)

    name = forms.CharField(label=_("Namn"), max_length=200)

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


class NewsItemForm(ServiceForm):
    service_rules = ("title", "url", "source", "published_on", "scope")
    service_validator = staticmethod(validate_news_fields)

    title = forms.CharField(label=_("Rubrik"), max_length=300)
    url = forms.URLField(
        label=_("Länk"),
        assume_scheme="https",
        max_length=500,
        help_text=_("Webbadressen till nyheten, t.ex. https://www.boverket.se/..."),
        error_messages={
            "invalid": _("Ange en fullständig webbadress, t.ex. https://www.boverket.se/..."),
        },
    )
    source = forms.CharField(
        label=_("Källa"),
        max_length=200,
        help_text=_("Vem som publicerat nyheten, t.ex. Boverket."),
    )
    published_on = forms.DateField(
        label=_("Datum"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
    )
    scope = forms.ChoiceField(
        label=_("Omfattning"),
        choices=NewsItem.Scope.choices,
    )
    themes = theme_field(
        error_messages={"invalid_choice": _("Okänt tema: %(value)s."), "invalid_pk_value": _("Okänt tema: %(pk)s.")}
    )
