"""Who may see what in the library. Every read (pages, API, search, feeds, digests) starts here."""

from django.db import models

from planportal.roles import ADMINISTRATOR, EDITOR, has_role, user_organisation

PUBLIC_STATUSES = ("current", "under_revision", "superseded")


def is_editor(user) -> bool:
    return has_role(user, EDITOR, ADMINISTRATOR)


def is_insider(user) -> bool:
    """Staff of a member organisation (or anyone holding a role) see internal documents."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_editor(user) or has_role(user, *_all_roles()) or user_organisation(user) is not None


def _all_roles():
    from planportal.roles import ROLES

    return tuple(ROLES)


def audience(user) -> str:
    """Which of the library's three audiences `user` belongs to: what `visible_to` decides by."""
    if is_editor(user):
        return "editors"
    if is_insider(user):
        return "insiders"
    return "public"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.for_audience(audience(user))

    def for_audience(self, name: str):
        if name == "editors":
            return self.all()
        if name == "insiders":
            return self.exclude(status="withdrawn")
        return self.filter(is_public=True, status__in=PUBLIC_STATUSES)

    def public(self):
        """What anyone may read: used by feeds, which are anonymous."""
        return self.filter(is_public=True, status__in=PUBLIC_STATUSES)


class LayerQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_editor(user):
            return self.all()
        if is_insider(user):
            return self.exclude(document__status="withdrawn")
        from .models import Document

        return self.filter(is_public=True).filter(
            models.Q(document__isnull=True) | models.Q(document__in=Document.objects.public())
        )


class RequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Requests are the municipalities' and the Region's shared work list: signed-in users only.
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.all()

    def with_support_count(self):
        return self.annotate(support_count=models.Count("supports", distinct=True))


class NewsItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        # News items point at public sources.
        return self.all()
