"""The cases list's filters (GET /api/v1/referrals/), a django-filter FilterSet. Free text is
the register's search (selectors_public), so the API, the register, the map and the exports
find the same cases for the same words; `assignee` is for case officers only (who handles a
case is internal)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .. import selectors_public
from ..models import Phase, PlanType, Referral
from ..querysets import is_case_officer

STATUS_CHOICES = [
    ("open", _("Pågående (registrerad eller under handläggning)")),
    ("closed", _("Avslutade (besvarade eller avstått)")),
    *Referral.Status.choices,
]
SORTS = {
    "number": ("diary_year", "diary_seq"),
    "received": ("received", "diary_year", "diary_seq"),
    "deadline": ("deadline", "diary_year", "diary_seq"),
    "sender": ("sender__name", "diary_year", "diary_seq"),
    "plan_name": ("plan_name", "diary_year", "diary_seq"),
}
SORT_CHOICES = [(key, key) for name in SORTS for key in (name, f"-{name}")]


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class ReferralFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q", max_length=200, label=_("Fritext: planens namn, avsändare, beteckning, diarienummer")
    )
    status = filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("Status, eller open / closed")
    )
    year = IntegerFilter(field_name="diary_year", min_value=1990, max_value=2100, label=_("Diarieår"))
    plan_type = filters.ChoiceFilter(choices=PlanType.choices, label=_("Plantyp"))
    phase = filters.ChoiceFilter(choices=Phase.choices, label=_("Skede"))
    sender = filters.CharFilter(
        method="filter_sender", max_length=100, label=_("Avsändare: kommunens SCB-kod (t.ex. 1880) eller kortadress")
    )
    municipality = filters.CharFilter(method="filter_sender", max_length=100, label=_("Samma som sender"))
    assignee = filters.CharFilter(
        method="filter_assignee",
        max_length=20,
        label=_("Handläggare (bara för handläggare): me, none eller användar-id"),
    )
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("Öppna ärenden vars svarsdag har passerat"))
    deadline_after = filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label=_("Sista svarsdag från och med")
    )
    deadline_before = filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label=_("Sista svarsdag till och med")
    )
    sort = filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_sort", label=_("Sortering (standard: -number)"))

    class Meta:
        model = Referral
        fields = ["q", "status", "year", "plan_type", "phase", "sender", "municipality", "assignee", "overdue"]

    @property
    def user(self):
        return getattr(self.request, "user", None)

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        found = selectors_public.public_referrals(user=self.user, filters={"q": value}).values("pk")
        return queryset.filter(pk__in=found)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=selectors_public.STATUS_GROUPS.get(value, (value,)))

    def filter_sender(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(sender__slug=value) | Q(sender__code=value)) if value else queryset

    def filter_assignee(self, queryset, name, value):
        value = value.strip()
        if not is_case_officer(self.user):
            raise ValidationError({"assignee": _("Filtret på handläggare är bara för handläggare.")})
        if value == "me":
            return queryset.filter(assignee=self.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value.isdigit() and len(value) < 10:
            return queryset.filter(assignee_id=int(value))
        raise ValidationError({"assignee": _("Handläggaren (assignee) anges som me, none eller ett användar-id.")})

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        late = Q(status__in=Referral.OPEN_STATUSES, deadline__lt=today)
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last by sorted_queryset, so it also holds without the parameter

    def sorted_queryset(self, queryset):
        sort = self.form.cleaned_data.get("sort") or "-number"
        fields = SORTS[sort.lstrip("-")]
        if sort.startswith("-"):
            fields = tuple(f"-{f}" for f in fields)
        return queryset.order_by(*fields)

    @property
    def qs(self):
        return self.sorted_queryset(super().qs)
