"""Page forms of the network registry. They collect and convert input; the rules live in
networks.services, whose ValidationErrors the views put back on these forms."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from planportal.forms import PortalForm, PortalModelForm
from planportal.geo import WGS84

from .models import (
    AgendaItem,
    Decision,
    FocusArea,
    Invitation,
    Meeting,
    MemberGroup,
    MembershipRole,
    Network,
    Organisation,
    Person,
)
from .registry import link_providers

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TAKE_HOME_MAX = 5000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class NetworkForm(PortalModelForm):
    focus_areas = forms.ModelMultipleChoiceField(
        queryset=FocusArea.objects.order_by("name"),
        required=False,
        label=_("Fokusområden"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Network
        fields = [
            "name",
            "short_name",
            "slug",
            "kind",
            "purpose",
            "target_group",
            "mandate",
            "mandate_note",
            "convenor",
            "meetings_per_year",
            "rhythm_note",
            "rotating_host",
            "reminder_days",
            "focus_areas",
            "status",
            "visibility",
            "website",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4}), "mandate_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].assume_scheme = "https"


class MembershipForm(PortalForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"), label=_("Organisation"))
    person = forms.ModelChoiceField(
        queryset=Person.objects.select_related("organisation").order_by("organisation__name", "name"),
        required=False,
        label=_("Person"),
        help_text=_("Tomt om organisationen är medlem utan utsedd person."),
    )
    role = forms.ChoiceField(choices=MembershipRole.choices, label=_("Roll"), initial=MembershipRole.MEMBER)
    start = forms.DateField(label=_("Från och med"), widget=DateInput(), help_text=_("Till exempel 2026-01-01."))
    end = forms.DateField(label=_("Till och med"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)


class MeetingForm(PortalForm):
    REPEAT_CHOICES = [
        ("", _("Ett enstaka möte")),
        ("weekly", _("Varje vecka (eller var n:e vecka)")),
        ("monthly", _("Varje månad samma veckodag, t.ex. andra torsdagen")),
        ("custom", _("Egen upprepningsregel (RRULE)")),
    ]

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(
        label=_("Datum"), widget=DateInput(), help_text=_("Det första mötets datum, t.ex. 2026-12-03.")
    )
    start_time = forms.TimeField(label=_("Starttid"), widget=TimeInput(), help_text=_("Svensk tid, t.ex. 09:00."))
    end_time = forms.TimeField(label=_("Sluttid"), widget=TimeInput())
    location_name = forms.CharField(label=_("Plats"), required=False, max_length=200)
    address = forms.CharField(label=_("Adress"), required=False, max_length=300)
    latitude = forms.DecimalField(
        label=_("Latitud"), required=False, max_digits=9, decimal_places=6, help_text=_("Platsens läge, t.ex. 59.2741.")
    )
    longitude = forms.DecimalField(
        label=_("Longitud"), required=False, max_digits=9, decimal_places=6, help_text=_("T.ex. 15.2066.")
    )
    online_url = forms.URLField(label=_("Länk till digitalt möte"), required=False, assume_scheme="https")
    host = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"), required=False, label=_("Värd"))
    invited_group = forms.ModelChoiceField(
        queryset=MemberGroup.objects.none(),
        required=False,
        label=_("Bjud bara in en grupp"),
        help_text=_("Tomt: alla medlemsorganisationer bjuds in."),
    )
    agenda_deadline = forms.DateField(
        label=_("Sista dag för förslag till dagordningen"),
        required=False,
        widget=DateInput(),
        help_text=_("Tomt: sju dagar före mötet."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(Meeting.Status.PLANNED, _("Planerat")), (Meeting.Status.AGENDA_OPEN, _("Dagordningen är öppen"))],
        initial=Meeting.Status.AGENDA_OPEN,
    )
    repeat = forms.ChoiceField(label=_("Upprepning"), choices=REPEAT_CHOICES, required=False)
    interval = forms.IntegerField(
        label=_("Intervall"), min_value=1, max_value=12, initial=1, required=False, help_text=_("1 = varje gång.")
    )
    rrule = forms.CharField(
        label=_("Upprepningsregel"), required=False, max_length=300, help_text=_("T.ex. FREQ=MONTHLY;BYDAY=+2TH.")
    )
    until = forms.DateField(label=_("Serien slutar"), required=False, widget=DateInput())
    count = forms.IntegerField(label=_("Antal möten i serien"), required=False, min_value=1, max_value=60)

    def __init__(self, *args, network=None, series_allowed=True, **kwargs):
        super().__init__(*args, **kwargs)
        if network is not None:
            self.fields["invited_group"].queryset = network.groups.all()
        if not series_allowed:
            for name in ("repeat", "interval", "rrule", "until", "count", "status"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude", _("Ange både latitud och longitud, eller ingen av dem."))
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            data["starts_at"] = datetime.combine(data["date"], data["start_time"], tzinfo=STOCKHOLM)
            # Whether it ends after it starts is the service's rule (its error lands on end_time).
            data["ends_at"] = datetime.combine(data["date"], data["end_time"], tzinfo=STOCKHOLM)
        return data

    def rule(self) -> str:
        repeat = self.cleaned_data.get("repeat")
        interval = self.cleaned_data.get("interval") or 1
        if repeat == "weekly":
            return f"FREQ=WEEKLY;INTERVAL={interval}"
        if repeat == "monthly":
            day = self.cleaned_data["date"]
            nth = (day.day - 1) // 7 + 1
            code = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]
            return f"FREQ=MONTHLY;INTERVAL={interval};BYDAY=+{nth}{code}"
        return self.cleaned_data.get("rrule", "")

    def meeting_data(self) -> dict:
        d = self.cleaned_data
        point = None
        if d.get("latitude") is not None and d.get("longitude") is not None:
            # lon/lat as typed: the service checks it is in Sweden and stores it in SWEREF 99 TM
            point = Point(float(d["longitude"]), float(d["latitude"]), srid=WGS84)
        deadline = None
        if d.get("agenda_deadline"):
            deadline = datetime.combine(d["agenda_deadline"], datetime.max.time(), tzinfo=STOCKHOLM).replace(
                microsecond=0
            )
        data = {
            "title": d["title"],
            "description": d.get("description", ""),
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "location_name": d.get("location_name", ""),
            "address": d.get("address", ""),
            "point": point,
            "online_url": d.get("online_url", ""),
            "host": d.get("host"),
            "invited_group": d.get("invited_group"),
            "agenda_deadline": deadline,
        }
        if "status" in d:
            data["status"] = d["status"]
        return data

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        start = meeting.starts_at.astimezone(STOCKHOLM)
        end = meeting.ends_at.astimezone(STOCKHOLM)
        initial = {
            "title": meeting.title,
            "description": meeting.description,
            "date": start.date(),
            "start_time": start.time().replace(second=0),
            "end_time": end.time().replace(second=0),
            "location_name": meeting.location_name,
            "address": meeting.address,
            "online_url": meeting.online_url,
            "host": meeting.host_id,
            "invited_group": meeting.invited_group_id,
            "agenda_deadline": meeting.agenda_deadline.astimezone(STOCKHOLM).date()
            if meeting.agenda_deadline
            else None,
        }
        if meeting.point is not None:
            p = meeting.point.transform(WGS84, clone=True)
            initial["latitude"], initial["longitude"] = round(p.y, 6), round(p.x, 6)
        return initial


class AgendaItemForm(PortalForm):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad ska tas upp, och vad vill ni få ut av punkten?"),
    )
    kind = forms.ChoiceField(
        label=_("Typ av punkt"),
        choices=[c for c in AgendaItem.Kind.choices if c[0] != AgendaItem.Kind.FOLLOW_UP],
        initial=AgendaItem.Kind.DISCUSSION,
    )
    presenter = forms.CharField(label=_("Föredragande"), required=False, max_length=200)
    duration_minutes = forms.IntegerField(label=_("Önskad tid i minuter"), required=False, min_value=5, max_value=480)

    def __init__(self, *args, user=None, kinds=None, **kwargs):
        """`kinds`: the kinds to offer (services.agenda_item_kinds); a proposal's kinds if None."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [c for c in AgendaItem.Kind.choices if c[0] in kinds]
        self.providers = link_providers()
        for provider in self.providers:
            self.fields[f"link_{provider.field_name}"] = forms.ModelMultipleChoiceField(
                queryset=provider.queryset(user),
                required=False,
                label=provider.label,
                help_text=provider.help_text or None,
                widget=forms.SelectMultiple(attrs={"size": 6}),
            )
        self._describe()

    ITEM_FIELDS = ("title", "description", "kind", "presenter", "duration_minutes")

    def item_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.ITEM_FIELDS}

    def links(self) -> dict:
        return {p.field_name: list(self.cleaned_data.get(f"link_{p.field_name}") or []) for p in self.providers}

    @classmethod
    def initial_for(cls, item: AgendaItem) -> dict:
        initial = {k: getattr(item, k) for k in cls.ITEM_FIELDS}
        for provider in link_providers():
            initial[f"link_{provider.field_name}"] = [o.pk for o in provider.linked(item)]
        return initial


class DeclineForm(PortalForm):
    reason = forms.CharField(label=_("Anledning"), max_length=500, help_text=_("Förslagsställaren ser anledningen."))


class CancelForm(PortalForm):
    reason = forms.CharField(label=_("Anledning"), max_length=300, required=False)


class ReplyForm(PortalForm):
    reply = forms.ChoiceField(
        label=_("Ditt svar"), choices=[c for c in Invitation.Reply.choices if c[0]], widget=forms.RadioSelect
    )
    substitute = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Ersättare"),
        help_text=_("Bara om du skickar någon i ditt ställe."),
    )
    comment = forms.CharField(label=_("Kommentar"), required=False, max_length=300)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["substitute"].queryset = Person.objects.filter(organisation=organisation).order_by("name")


class MinutesForm(PortalForm):
    text = forms.CharField(label=_("Protokoll"), widget=forms.Textarea(attrs={"rows": 12}), required=False)
    summary = forms.CharField(
        label=_("Gemensamt hemtagande"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=TAKE_HOME_MAX,
        help_text=_(
            "Det som gäller alla organisationer. Varje organisations företrädare skriver sitt eget hemtagande "
            "på mötets sida."
        ),
    )


class TakeHomeForm(PortalForm):
    """One organisation's take-home; the coordinator chooses which invited organisation's."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Organisation"))
    text = forms.CharField(
        label=_("Hemtagande"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=TAKE_HOME_MAX,
        help_text=_("Det du tar med hem till din organisation från mötet. Tomt tar bort hemtagandet."),
    )

    def __init__(self, *args, organisation_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids).order_by("name")


class DecisionForm(PortalForm):
    kind = forms.ChoiceField(label=_("Typ"), choices=Decision.Kind.choices)
    text = forms.CharField(label=_("Lydelse"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False, label=_("Punkt"))

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda_items.accepted()


class ActionItemForm(PortalForm):
    title = forms.CharField(label=_("Åtgärd"), max_length=300)
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), required=False, label=_("Ansvarig organisation")
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.select_related("organisation").order_by("organisation__name", "name"),
        required=False,
        label=_("Ansvarig person"),
    )
    due = forms.DateField(label=_("Klart senast"), required=False, widget=DateInput())


class ParticipationFilterForm(PortalForm):
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)


def default_meeting_end(start):
    return start + timedelta(hours=2)
