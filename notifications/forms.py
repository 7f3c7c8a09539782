from django import forms
from django.utils.translation import gettext_lazy as _

from planportal.forms import PortalForm

from .models import Frequency, Kind

HELP = {
    Kind.MEETINGS: _("Dagordningar, protokoll och påminnelser om möten i dina nätverk."),
    Kind.DOCUMENTS: _("Nya och uppdaterade dokument om de teman och kommuner du bevakar, och omvärldsnyheter."),
    Kind.REFERRALS: _("Remisser du handlägger: tidsfrister, påminnelser om samråd och svar från samråd."),
    Kind.RUS: _("Den regionala utvecklingsstrategin: nya värden för indikatorer."),
}


class PreferencesForm(PortalForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj hur ofta du vill få e-post om det här.")},
            )
        self._describe()
