"""Forms of the officers' pages: the work list's filters, registration (from a dropped e-mail or
by hand), editing with the stale-form guard, the plan area, assignment, triage and extension."""

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from planportal.area_field import AreaField
from planportal.forms import PortalForm, PortalModelForm

from . import selectors
from .models import IntakeMessage, InterestMatch, PlanType, Referral
from .services.cases import CASE_FIELDS


def date_input():
    """A fresh date widget (never one shared between fields or forms: attrs are per field)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (cleaned to a list; empty list when none)."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class WorkListFilterForm(PortalForm):
    """GET filters above the work list; works without JavaScript."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Öppna")), ("all", _("Alla")), *Referral.Status.choices],
    )
    assignee = forms.CharField(label=_("Handläggare"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Kommun"), required=False, queryset=Organisation.objects.none(), to_field_name="slug"
    )
    plan_type = forms.ChoiceField(label=_("Plantyp"), required=False, choices=[("", _("Alla")), *PlanType.choices])
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    sort = forms.ChoiceField(
        label=_("Sortering"),
        required=False,
        choices=[
            ("deadline", _("Sista svarsdag, närmast först")),
            ("-received", _("Inkommen, senaste först")),
            ("diary", _("Diarienummer")),
            ("sender", _("Avsändare")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = selectors.municipalities()
        self.fields["municipality"].empty_label = _("Alla")
        self.officers = list(selectors.case_officers())
        self.assignee_choices = [
            ("", _("Alla")),
            ("me", _("Mina")),
            ("none", _("Ej tilldelade")),
            *[(str(u.pk), u.get_full_name() or u.get_username()) for u in self.officers],
        ]

    def clean_assignee(self):
        value = self.cleaned_data.get("assignee") or ""
        if value in ("", "me", "none"):
            return value
        for officer in self.officers:
            if str(officer.pk) == value:
                return officer
        raise forms.ValidationError(_("Okänd handläggare: %(value)s. Välj i listan."), params={"value": value[:40]})


class ReferralFieldsMixin:
    """The case's own fields, shared by registration and editing."""

    def _setup_case_fields(self):
        self.fields["sender"].queryset = selectors.sender_choices()
        # The same plan's earlier phase: the sender's cases when known (the edit form), else
        # the most recent cases (a select of every case ever registered would not be usable).
        previous = Referral.objects.order_by("-diary_year", "-diary_seq").only("pk", "diary_number", "plan_name")
        if getattr(self.instance, "sender_id", None):
            previous = previous.filter(sender_id=self.instance.sender_id).exclude(pk=self.instance.pk)
        else:
            previous = previous.filter(pk__in=previous.values("pk")[:300])
        self.fields["previous"].queryset = previous
        self.fields["previous"].label_from_instance = lambda r: f"{r.diary_number} {r.plan_name}"
        for name in ("received", "deadline"):
            self.fields[name].widget = date_input()
        self.fields["internal_notes"].widget.attrs["rows"] = 3

    def clean(self):
        cleaned = super().clean()
        received, deadline = cleaned.get("received"), cleaned.get("deadline")
        if received and deadline and deadline < received:
            self.add_error(
                "deadline",
                _(
                    "Sista svarsdag (%(deadline)s) är före inkommen-datum (%(received)s). "
                    "Ange ett datum efter mottagningsdatum."
                )
                % {"deadline": deadline.isoformat(), "received": received.isoformat()},
            )
        return cleaned


class ReferralRegisterForm(ReferralFieldsMixin, PortalModelForm):
    area = AreaField(label=_("Planområde"), required=False)
    whole_municipality = forms.BooleanField(
        label=_("Hela kommunen (för en översiktsplan)"),
        required=False,
        help_text=_("Planområdet blir avsändarkommunens hela yta; ersätter en ritad eller uppladdad yta."),
    )
    files = MultipleFileField(
        label=_("Handlingar (filer)"),
        required=False,
        widget=MultipleFileInput,
        help_text=_("PDF, Office-dokument, GeoPackage eller bilder. Du kan välja flera filer."),
    )
    files_confidential = forms.BooleanField(label=_("De uppladdade filerna omfattas av sekretess"), required=False)
    links = forms.CharField(
        label=_("Handlingar (länkar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("En adress per rad, t.ex. till kommunens planhandlingar."),
    )
    intake = forms.ModelChoiceField(queryset=IntakeMessage.objects.none(), required=False, widget=forms.HiddenInput)
    confidential_attachments = forms.MultipleChoiceField(
        label=_("Bilagor som omfattas av sekretess"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bilagorna i e-postmeddelandet blir remissens handlingar; markera de som inte är offentliga."),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Registrera ändå: det är inte samma remiss"), required=False, widget=forms.CheckboxInput
    )

    class Meta:
        model = Referral
        fields = list(CASE_FIELDS)

    def __init__(self, *args, user=None, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_case_fields()
        self.fields["intake"].queryset = IntakeMessage.objects.visible_to(user).filter(referral__isnull=True)
        self.fields["confidential_attachments"].choices = [(name, name) for name in attachments]
        if not attachments:
            del self.fields["confidential_attachments"]

    def clean_links(self):
        links = []
        for line in (self.cleaned_data.get("links") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                forms.URLField().clean(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("%(link)s är ingen webbadress (börja med https://)."), params={"link": line[:80]}
                ) from None
            links.append(line)
        return links

    def documents(self):
        public = not self.cleaned_data.get("files_confidential")
        items = [{"file": f, "is_public": public} for f in self.cleaned_data.get("files") or []]
        items += [{"url": url, "is_public": True} for url in self.cleaned_data.get("links") or []]
        return items


class EmailDropForm(PortalForm):
    file = forms.FileField(
        label=_("E-postmeddelandet med remissen"),
        help_text=_(
            "Spara meddelandet från e-postprogrammet (.eml, eller .msg från Outlook) och välj filen här, eller "
            "dra den hit. Uppgifterna läses ur meddelandet och visas för dig att kontrollera; inget sparas förrän "
            "du registrerar."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".eml,.msg,message/rfc822,application/vnd.ms-outlook", "data-autosubmit": ""}
        ),
    )


class ReferralEditForm(ReferralFieldsMixin, PortalModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Referral
        fields = list(CASE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_case_fields()
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class CaseActionForm(PortalForm):
    """A form of the case page, several of which share the page: ids are prefixed by `id_prefix`
    (the posted names stay plain)."""

    id_prefix = "case"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class AreaForm(CaseActionForm):
    id_prefix = "area"
    area = AreaField(label=_("Planområde"), required=False)
    whole_municipality = forms.BooleanField(label=_("Hela kommunen (för en översiktsplan)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(CaseActionForm):
    id_prefix = "assign"
    assignee = OfficerChoiceField(label=_("Handläggare"), queryset=None, required=False, empty_label=_("Ingen"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.case_officers()


class TriageForm(CaseActionForm):
    id_prefix = "triage"
    decision = forms.ChoiceField(label=_("Beslut om hantering"), choices=Referral.Triage.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExtendForm(CaseActionForm):
    id_prefix = "extend"
    new_deadline = forms.DateField(label=_("Ny svarsdag"), widget=date_input())
    reason = forms.CharField(label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 2}))
    granted_by = forms.CharField(
        label=_("Beviljad av"), required=False, help_text=_("Vem hos avsändaren som gav anståndet.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DocumentAddForm(CaseActionForm):
    id_prefix = "documents"
    files = MultipleFileField(
        label=_("Filer"),
        required=False,
        widget=MultipleFileInput,
        help_text=_("PDF, Office-dokument, GeoPackage eller bilder. Du kan välja flera filer."),
    )
    links = forms.CharField(
        label=_("Länkar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("En adress per rad."),
    )
    confidential = forms.BooleanField(label=_("Handlingarna omfattas av sekretess"), required=False)

    clean_links = ReferralRegisterForm.clean_links

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("files") and not cleaned.get("links"):
            raise forms.ValidationError(_("Välj en fil eller ange en länk."))
        return cleaned

    def documents(self):
        public = not self.cleaned_data.get("confidential")
        items = [{"file": f, "is_public": public} for f in self.cleaned_data.get("files") or []]
        return items + [{"url": url, "is_public": public} for url in self.cleaned_data.get("links") or []]


class InterestDecisionForm(PortalForm):
    decision = forms.ChoiceField(choices=InterestMatch.Decision.choices, required=False)
