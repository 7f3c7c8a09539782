"""Reads of what the public and the map see of referral cases: the register (diarium), the map and
its plan-area GeoJSON, the exports. One filter form and one filtering function serve them all,
so the register, the map, the API and the exports cannot drift apart.

Nothing internal is read here: no internal notes, events, interest checklist, consultations,
unsent replies or confidential documents. The columns are named explicitly (`PUBLIC_FIELDS`)."""

import json
import re

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db.models import CharField, F, Func, IntegerField, Q, TextField, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Exact
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from planportal.choices import choice_label
from planportal.forms import PortalForm
from planportal.geo import feature_collection, parse_bbox

from .models import Phase, PlanType, Referral, ReferralDocument, Reply
from .querysets import is_case_officer

# The register's columns: what every list, export and map property may read of a case.
PUBLIC_FIELDS = (
    "id",
    "diary_number",
    "diary_year",
    "diary_seq",
    "received",
    "deadline",
    "sender_id",
    "sender_reference",
    "plan_name",
    "plan_type",
    "phase",
    "status",
    "is_example",
)
SENDER_FIELDS = ("sender__name", "sender__slug", "sender__kind")

# ?status= accepts a status or one of these groups.
STATUS_GROUPS = {"open": Referral.OPEN_STATUSES, "closed": (Referral.Status.ANSWERED, Referral.Status.DECLINED)}

SORTS = {
    "number": ("diary_year", "diary_seq"),
    "received": ("received", "diary_year", "diary_seq"),
    "deadline": ("deadline", "diary_year", "diary_seq"),
    "sender": ("sender__name", "diary_year", "diary_seq"),
    "plan_name": ("plan_name", "diary_year", "diary_seq"),
}
DEFAULT_SORT = "-number"


def _status_choices():
    return [
        ("", _("Alla")),
        ("open", _("Pågående (registrerad eller under handläggning)")),
        ("closed", _("Avslutade")),
        *Referral.Status.choices,
    ]


class PublicFilterForm(PortalForm):
    """The filters of the register, the map, the areas API and the exports (all optional)."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=200)
    year = forms.IntegerField(label=_("År"), required=False, min_value=1990, max_value=2100)
    municipality = forms.ModelChoiceField(
        label=_("Avsändare"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alla"),
    )
    plan_type = forms.ChoiceField(label=_("Plantyp"), required=False, choices=[("", _("Alla")), *PlanType.choices])
    phase = forms.ChoiceField(label=_("Skede"), required=False, choices=[("", _("Alla")), *Phase.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_status_choices)
    sort = forms.ChoiceField(
        label=_("Sortering"),
        required=False,
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Senders that have cases (municipalities first): few, and what a filter can find.
        self.fields["municipality"].queryset = (
            Organisation.objects.filter(referrals__isnull=False).distinct().order_by("-kind", "name")
        )
        self.fields["municipality"].error_messages["invalid_choice"] = _(
            "Okänd avsändare i filtret (municipality): välj en i listan."
        )
        self.fields["year"].error_messages["invalid"] = _("Året (year) ska vara ett årtal, t.ex. 2026.")
        for name in ("plan_type", "phase", "status", "sort"):
            # Name the parameter: Django's message gives only the value.
            self.fields[name].error_messages["invalid_choice"] = gettext(
                "Okänt värde %(value)s i filtret {field}."
            ).format(field=name)


def parse_filters(params, *, with_bbox: bool = False) -> dict:
    """Validated filters from a query dict; ValidationError (Swedish, keyed by the parameter) on
    bad input. With `with_bbox`, `bbox` (minlon,minlat,maxlon,maxlat) is read too."""
    filters = {}
    if any(params.get(name) for name in PublicFilterForm.base_fields):  # no filter, no form (a map's tiles)
        filters = _form_filters(params)
    if with_bbox and params.get("bbox"):
        filters["bbox"] = parse_bbox(params["bbox"])
    return filters


def _form_filters(params) -> dict:
    form = PublicFilterForm(params)
    if not form.is_valid():
        raise ValidationError(
            {name: [ValidationError(str(message)) for message in errors] for name, errors in form.errors.items()}
        )
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}


class Unaccent(Func):
    """The library's IMMUTABLE unaccent (knowledge migration 0004), so folding is the same as there."""

    function = "planportal_unaccent"
    output_field = TextField()


def _search(qs, text: str):
    """Full text in Swedish over plan name, sender, sender reference and diary number: every word
    must match (as a prefix, accents folded), in the case's stored search vector, in its
    sender's name, or inside the diary number / reference."""
    words = re.findall(r"\w+", text)[:10]
    for word in words:
        query = SearchQuery(Unaccent(Value(f"{word}:*")), search_type="raw", config="swedish")
        senders = (
            Organisation.objects.annotate(_search=SearchVector(Unaccent(F("name")), config="swedish"))
            .filter(_search=query)
            .values("pk")
        )
        # A stop word ("för", "och") has no lexeme: it asks for nothing rather than for no case.
        stop_word = Exact(Func(query, function="numnode", output_field=IntegerField()), 0)
        qs = qs.filter(
            Q(search_vector=query)
            | Q(sender__in=senders)
            | Q(diary_number__icontains=word)
            | Q(sender_reference__icontains=word)
            | Q(stop_word)
        )
    return qs


def public_referrals(*, user, filters: dict | None = None):
    """The cases `user` may see, filtered (see PublicFilterForm) and sorted; only the register's
    columns are loaded, with the sender's name."""
    filters = filters or {}
    qs = Referral.objects.visible_to(user).select_related("sender").only(*PUBLIC_FIELDS, *SENDER_FIELDS)
    if filters.get("q"):
        qs = _search(qs, filters["q"])
    if filters.get("year"):
        qs = qs.filter(diary_year=filters["year"])
    if filters.get("municipality"):
        qs = qs.filter(sender=filters["municipality"])
    if filters.get("plan_type"):
        qs = qs.filter(plan_type=filters["plan_type"])
    if filters.get("phase"):
        qs = qs.filter(phase=filters["phase"])
    status = filters.get("status")
    if status:
        qs = qs.filter(status__in=STATUS_GROUPS.get(status, (status,)))
    if filters.get("bbox") is not None:
        qs = qs.filter(area__intersects=filters["bbox"])
    sort = filters.get("sort") or DEFAULT_SORT
    fields = SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        fields = tuple(f"-{f}" for f in fields)
    return qs.order_by(*fields)


def register_case(*, user, year: int, seq: int) -> Referral:
    """One case of the register, or Referral.DoesNotExist."""
    return (
        Referral.objects.visible_to(user)
        .select_related("sender")
        .only(*PUBLIC_FIELDS, *SENDER_FIELDS, "area")
        .get(diary_year=year, diary_seq=seq)
    )


def public_documents(*, user, referral):
    """The register shows public documents only, whoever reads it (officers see the confidential
    ones on the case page)."""
    return ReferralDocument.objects.visible_to(user).filter(referral=referral, is_public=True).order_by("created_at")


def sent_reply(*, user, referral):
    """The reply once it is sent (never a draft, also not for officers here), with its points."""
    return (
        Reply.objects.visible_to(user)
        .filter(referral=referral, status=Reply.Status.SENT)
        .only("id", "referral_id", "status", "introduction", "conclusion", "sent_on", "is_standard")
        .prefetch_related("points")
        .first()
    )


def _url_parts(name: str) -> tuple[str, str, str]:
    """The address of `name` (kwargs year, seq) split around the two numbers, for building it in SQL."""
    url = reverse(name, kwargs={"year": 1111, "seq": 2222})
    before, rest = url.split("1111", 1)
    middle, after = rest.split("2222", 1)
    return before, middle, after


def case_url_parts(user) -> tuple[str, str, str]:
    """A case's address around its diary year and running number: the officers' case page for
    case officers, else the register page (get_absolute_url's / get_public_url's twin)."""
    name = "referrals:register_detail"
    if is_case_officer(user):
        try:
            _url_parts("referrals:detail")
            name = "referrals:detail"
        except NoReverseMatch:  # the case page not installed: the register page is the case's page
            pass
    return _url_parts(name)


def case_url_expr(user):
    """A case's address in SQL (see case_url_parts)."""
    before, middle, after = case_url_parts(user)
    return Concat(
        Value(before),
        Cast("diary_year", CharField()),
        Value(middle),
        Cast("diary_seq", CharField()),
        Value(after),
        output_field=CharField(),
    )


def areas_feature_collection(*, user, filters: dict) -> str:
    """The plan areas of the cases `user` may see, filtered, as a GeoJSON FeatureCollection in
    EPSG:4326 (text), built by PostGIS in one statement."""
    return areas_of(public_referrals(user=user, filters=filters), user=user)


def area_properties(user) -> dict:
    """A plan area's GeoJSON properties (the register's columns only), as database expressions:
    the map's areas, the exports and OGC API Features read the same."""
    return {
        "diary_number": F("diary_number"),
        "plan_name": F("plan_name"),
        "sender": F("sender__name"),
        "status": F("status"),
        "status_label": choice_label("status", Referral.Status.choices),
        "plan_type": F("plan_type"),
        "plan_type_label": choice_label("plan_type", PlanType.choices),
        "phase": F("phase"),
        "phase_label": choice_label("phase", Phase.choices),
        "received": F("received"),
        "deadline": F("deadline"),
        "url": case_url_expr(user),
    }


def areas_of(queryset, *, user) -> str:
    """The plan areas of `queryset` (already visible to `user` and filtered) as GeoJSON text."""
    qs = queryset.filter(area__isnull=False)
    return feature_collection(qs, geometry="area", properties=area_properties(user), precision=6)


def sender_cases(*, user, organisation, recent: int = 5):
    """A sender's open cases and its most recently received closed ones, for its page."""
    base = Referral.objects.visible_to(user).filter(sender=organisation).only(*PUBLIC_FIELDS)
    open_cases = list(base.open().order_by("deadline", "diary_seq"))
    recent_cases = list(base.closed().order_by("-received", "-diary_seq")[:recent])
    return open_cases, recent_cases


def feed_entries(*, user, limit: int = 50):
    """Newly registered cases and sent replies, newest first (the register's Atom feed)."""
    cases = list(
        Referral.objects.visible_to(user)
        .select_related("sender")
        .only(*PUBLIC_FIELDS, "created_at", *SENDER_FIELDS)
        .order_by("-created_at")[:limit]
    )
    replies = list(
        Reply.objects.visible_to(user)
        .filter(status=Reply.Status.SENT, sent_on__isnull=False)
        .select_related("referral", "referral__sender")
        .only("id", "sent_on", "updated_at", *(f"referral__{f}" for f in (*PUBLIC_FIELDS, *SENDER_FIELDS)))
        .order_by("-sent_on", "-id")[:limit]
    )
    entries = [{"kind": "registered", "referral": c, "at": c.created_at} for c in cases]
    entries += [{"kind": "reply", "referral": r.referral, "at": r.updated_at, "sent_on": r.sent_on} for r in replies]
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]


def case_map_layers(referral) -> str:
    """The map layer spec (static/js/map.js) of one case's plan area, its GeoJSON inline."""
    collection = feature_collection(
        Referral.objects.filter(pk=referral.pk, area__isnull=False),
        geometry="area",
        properties={"name": "plan_name"},
    )
    layer = {"key": "area", "name": str(_("Planområde")), "geojson": json.loads(collection), "fit": True}
    return json.dumps([{**layer, "popup": "name", "color": "#005a9c"}])
