from django.contrib.gis.db.models import GeometryField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Concat

from planportal.geo import SWEREF99TM


def organisation_geometry():
    """The organisation's boundary, or its seat where no boundary is loaded (SWEREF 99 TM):
    what a map shows of it."""
    return Coalesce("boundary", "seat", output_field=GeometryField(srid=SWEREF99TM))


def municipality_url():
    """A municipality's page address in SQL, for GeoJSON properties (get_absolute_url's twin)."""
    return Concat(Value("/kommuner/"), F("slug"), Value("/"))


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The organisation registry is public reference data.
        return self.all()

    def municipalities(self):
        return self.filter(kind=self.model.Kind.MUNICIPALITY)

    def in_bbox(self, bbox):
        """Those whose map geometry (boundary, else seat) meets `bbox`."""
        return self.filter(Q(boundary__intersects=bbox) | Q(boundary__isnull=True, seat__intersects=bbox))


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Personal data is for signed-in users only, never for the public.
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.all()


# --- networks and meetings ------------------------------------------------------------------
# One place decides who sees what of the network registry: the public sees public networks,
# their meeting dates, published agendas and published minutes; a network's insiders (its
# coordinators and the people of its member organisations) see the rest; an internal network
# is invisible to everyone outside it. Superusers see everything.


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _user_organisation_id(user):
    from planportal.roles import user_organisation

    org = user_organisation(user)
    return org.pk if org is not None else None


def _today():
    from django.utils import timezone

    return timezone.localdate()


class NetworkQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Networks the user may manage (coordinators; superusers manage all)."""
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(coordinators=user)

    def insiders_of(self, user):
        """Networks the user is inside of: coordinator, or their organisation is a member today."""
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self.all()
        from .models import Membership

        org_id = _user_organisation_id(user)
        member = models.Exists(
            Membership.objects.active().filter(network=models.OuterRef("pk"), organisation_id=org_id)
        )
        coordinated = models.Exists(
            self.model.coordinators.through.objects.filter(network=models.OuterRef("pk"), user=user)
        )
        return self.filter(coordinated | member) if org_id else self.filter(coordinated)

    def visible_to(self, user):
        if _signed_in(user) and user.is_superuser:
            return self.all()
        public = models.Q(visibility=self.model.Visibility.PUBLIC)
        if not _signed_in(user):
            return self.filter(public)
        inside = self.model.objects.insiders_of(user).values("pk")
        return self.filter(public | models.Q(pk__in=inside))

    def active(self):
        return self.filter(status=self.model.Status.ACTIVE)


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or _today()
        return self.filter(models.Q(start__lte=on), models.Q(end__isnull=True) | models.Q(end__gte=on))

    def visible_to(self, user):
        from .models import Network

        return self.filter(network__in=Network.objects.visible_to(user).values("pk"))


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import Network

        if _signed_in(user) and user.is_superuser:
            return self.all()
        return self.filter(network__in=Network.objects.visible_to(user).values("pk"))

    def upcoming(self, now=None):
        from django.utils import timezone

        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        from django.utils import timezone

        return self.filter(ends_at__lt=now or timezone.now())

    def not_cancelled(self):
        return self.exclude(status=self.model.Status.CANCELLED)


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Insiders see every proposal (the agenda is shaped in the open); others see the
        accepted items of published agendas of networks they can see."""
        from .models import Network

        published = models.Q(status=self.model.Status.ACCEPTED, meeting__agenda_published_at__isnull=False)
        visible_networks = Network.objects.visible_to(user).values("pk")
        if not _signed_in(user):
            return self.filter(published, meeting__network__in=visible_networks)
        if user.is_superuser:
            return self.all()
        inside = Network.objects.insiders_of(user).values("pk")
        return self.filter(
            models.Q(meeting__network__in=inside) | (published & models.Q(meeting__network__in=visible_networks))
        )

    def accepted(self):
        return self.filter(status=self.model.Status.ACCEPTED)


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who is invited and what they replied is personal data: insiders of the network only."""
        from .models import Network

        if not _signed_in(user):
            return self.none()
        return self.filter(meeting__network__in=Network.objects.insiders_of(user).values("pk"))


class TakeHomeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A network's insiders see its meetings' take-homes; everyone who can see the meeting
        sees them once its minutes are published."""
        from .models import Meeting, Minutes, Network

        if _signed_in(user) and user.is_superuser:
            return self.all()
        published = models.Q(
            meeting__in=Meeting.objects.visible_to(user).filter(minutes__status=Minutes.Status.PUBLISHED).values("pk")
        )
        if not _signed_in(user):
            return self.filter(published)
        inside = Network.objects.insiders_of(user).values("pk")
        return self.filter(published | models.Q(meeting__network__in=inside))
