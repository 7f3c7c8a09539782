"""The API's filters (django-filter FilterSets), one per list endpoint. Filters a selector
applies itself are declared here for the schema and left to the selector."""

from django_filters import rest_framework as filters

from ..models import AgendaItem, Meeting, Membership, Network, Organisation


class OrganisationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Organisation.Kind.choices, label="Typ av organisation")

    class Meta:
        model = Organisation
        fields = ["kind"]


class NetworkFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Network.Kind.choices)
    status = filters.ChoiceFilter(choices=Network.Status.choices)
    organisation = filters.CharFilter(method="noop", label="Organisationens slug (medlem i dag)")
    focus = filters.CharFilter(method="noop", label="Fokusområdets slug")

    class Meta:
        model = Network
        fields = ["kind", "status"]

    def noop(self, queryset, name, value):
        return queryset  # applied by the selector


class MembershipFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="network__slug", label="Nätverkets slug")
    organisation = filters.CharFilter(field_name="organisation__slug", label="Organisationens slug")
    role = filters.CharFilter(field_name="role")

    class Meta:
        model = Membership
        fields = ["network", "organisation", "role"]


class MeetingFilter(filters.FilterSet):
    network = filters.CharFilter(field_name="network__slug", label="Nätverkets slug")
    status = filters.ChoiceFilter(choices=Meeting.Status.choices)
    starts_after = filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label="Från och med datum")
    starts_before = filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label="Till och med datum")

    class Meta:
        model = Meeting
        fields = ["network", "status"]


class AgendaItemFilter(filters.FilterSet):
    meeting = filters.NumberFilter(field_name="meeting_id")
    status = filters.ChoiceFilter(choices=AgendaItem.Status.choices)

    class Meta:
        model = AgendaItem
        fields = ["meeting", "status"]
