"""Who may see what of referral cases. Every read (pages, API, register, map, exports, search)
starts here.

Referral cases are public records (allmänna handlingar): every registered case is in the public
register, for anyone. What is internal never leaves the case officers: internal notes, the
event trail, the interest checklist, consultations (and their answers: also the consulted
unit's members), unsent replies, confidential documents and dropped e-mails."""

from django.db import models
from django.db.models import Q

from planportal.roles import ADMINISTRATOR, CASE_OFFICER, has_role


def is_case_officer(user) -> bool:
    """Case officers (and administrators) handle referrals and see everything about them."""
    return has_role(user, CASE_OFFICER, ADMINISTRATOR)


def can_approve(user) -> bool:
    """Holds the delegation to approve replies (permission referrals.approve_reply)."""
    return is_case_officer(user) and user.has_perm("referrals.approve_reply")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The register is public; field-level rules (internal notes …) are in serializers/templates
        # through `is_case_officer`. The filter stays here so a future rule has one place to go.
        return self.all()

    def open(self):
        return self.filter(status__in=("registered", "in_progress"))

    def closed(self):
        return self.exclude(status__in=("registered", "in_progress"))


class ReferralDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_case_officer(user):
            return self.all()
        return self.filter(is_public=True)


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_case_officer(user):
            return self.all()
        return self.filter(status="sent")


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_case_officer(user):
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(unit__members=user)


class OfficersOnlyQuerySet(models.QuerySet):
    """Internal throughout: the event trail, dropped e-mails."""

    def visible_to(self, user):
        return self.all() if is_case_officer(user) else self.none()


class ReferralEventQuerySet(OfficersOnlyQuerySet):
    pass


class IntakeMessageQuerySet(OfficersOnlyQuerySet):
    def visible_to(self, user):
        if has_role(user, ADMINISTRATOR):
            return self.all()
        if is_case_officer(user):
            return self.filter(Q(uploaded_by=user))
        return self.none()
