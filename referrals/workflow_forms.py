"""Forms of internal consultation, the reply and the outcome loop (the services decide; these
only read the fields)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planportal.forms import PortalForm

from .models import Outcome, Phrase, Unit
from .services.replies import citable_goals


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset whose legend carries the field's id, so the error summary's link
    (to `id_for_label`) has somewhere to go."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class SharedPageForm(PortalForm):
    """A form on the case page beside others: its ids carry `id_prefix` (the posted names stay
    plain), so two forms' fields never share an id."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class ConsultationRequestForm(SharedPageForm):
    id_prefix = "consult"

    units = forms.ModelMultipleChoiceField(
        label=_("Enheter att fråga"), queryset=Unit.objects.none(), widget=CheckboxList
    )
    due = forms.DateField(
        label=_("Svar senast"), widget=DateInput, help_text=_("Ett datum före remissens sista svarsdag.")
    )
    question = forms.CharField(
        label=_("Fråga till enheterna"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad vill du särskilt ha synpunkter på?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(is_active=True).order_by("name")


class ConsultationAnswerForm(PortalForm):
    answer = forms.CharField(
        label=_("Enhetens svar"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Svaret kan ändras tills yttrandet är skickat."),
    )


class GoalsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


def _goals_field():
    return GoalsField(
        label=_("RUS-effektmål som punkten citerar"),
        queryset=citable_goals(),
        required=False,
        widget=CheckboxList,
    )


class VersionForm(SharedPageForm):
    """Every reply action carries the version the page was built from (lost-update guard)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PointAddForm(VersionForm):
    id_prefix = "point"
    phrase = forms.ModelChoiceField(
        label=_("Stycke ur frasbiblioteket"),
        queryset=Phrase.objects.none(),
        required=False,
        empty_label=_("– Fritext –"),
        help_text=_("Välj ett stycke, eller skriv egen text nedan."),
    )
    heading = forms.CharField(label=_("Rubrik"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Lämna tom för att använda styckets text."),
    )

    def __init__(self, *args, referral=None, **kwargs):
        from .selectors_workflow import point_phrases

        super().__init__(*args, **kwargs)
        self.fields["phrase"].queryset = point_phrases(referral)
        self.fields["goals"] = _goals_field()
        self.fields["goals"].help_text = _("Lämna tomt för att använda styckets förvalda effektmål.")


class PointEditForm(VersionForm):
    id_prefix = "edit"
    heading = forms.CharField(label=_("Rubrik"), max_length=200, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"] = _goals_field()


class ReplyTextForm(VersionForm):
    id_prefix = "replytext"
    introduction = forms.CharField(label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    conclusion = forms.CharField(label=_("Avslutning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReplySendForm(VersionForm):
    id_prefix = "send"
    sent_to = forms.CharField(
        label=_("Skickas till"), max_length=500, help_text=_("Mottagare hos avsändaren, t.ex. e-postadress.")
    )
    sent_on = forms.DateField(label=_("Skickat datum"), widget=DateInput, initial=timezone.localdate)


OUTCOME_CHOICES = [("", _("– Inte bedömd –"))] + list(Outcome.choices)


class OutcomesForm(SharedPageForm):
    """One form for all points of the previous reply: an outcome and a note per point."""

    id_prefix = "outcome"

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.points = list(points)
        for point in self.points:
            self.fields[f"outcome_{point.pk}"] = forms.ChoiceField(
                label=_("Utfall"), choices=OUTCOME_CHOICES, required=False, initial=point.outcome
            )
            self.fields[f"note_{point.pk}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                initial=point.outcome_note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(p, self[f"outcome_{p.pk}"], self[f"note_{p.pk}"]) for p in self.points]

    def entries(self):
        return [
            (p, self.cleaned_data.get(f"outcome_{p.pk}", ""), self.cleaned_data.get(f"note_{p.pk}", ""))
            for p in self.points
        ]
