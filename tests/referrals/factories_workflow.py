"""Factories for the consultation, reply and outcome tests, on top of tests/referrals/factories.py:
consultations, a unit with members, a case officer holding the delegation."""

import datetime

import factory
from django.contrib.auth.models import Permission

from planportal import roles
from referrals.models import Consultation

from ..factories import UserFactory
from .factories import ReferralFactory, UnitFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    referral = factory.SubFactory(ReferralFactory, in_progress=True)
    unit = factory.SubFactory(UnitFactory)
    question = "Påverkar planen kollektivtrafiken?"
    due = factory.LazyAttribute(lambda o: o.referral.deadline - datetime.timedelta(days=5))


def unit_with_member(username="enhetsmedarbetare", **kwargs):
    """A unit and a signed-in user (no role) who works there."""
    user = UserFactory(username=username, first_name="Ulla", last_name="Enhetsson")
    unit = UnitFactory(**kwargs)
    unit.members.add(user)
    return unit, user


def approver(username="godkannare"):
    """A case officer holding the delegation (permission referrals.approve_reply)."""
    user = UserFactory(username=username, roles=[roles.CASE_OFFICER], first_name="Greta", last_name="Godkännare")
    user.user_permissions.add(Permission.objects.get(codename="approve_reply", content_type__app_label="referrals"))
    return type(user).objects.get(pk=user.pk)  # fresh: no cached permissions
