"""Referral cases (remisser): the case and its documents, the event trail, the regional-interest
check, internal consultation, the reply (yttrande) and its points with their outcomes."""

from .cases import DeadlineExtension, DiaryCounter, IntakeMessage, Phase, PlanType, Referral, ReferralDocument
from .consultation import Consultation, Unit
from .events import ReferralEvent
from .imports import ImportJob
from .interests import InterestMatch
from .replies import Outcome, Phrase, Reply, ReplyPoint

__all__ = [
    "Consultation",
    "DeadlineExtension",
    "DiaryCounter",
    "ImportJob",
    "IntakeMessage",
    "InterestMatch",
    "Outcome",
    "Phase",
    "Phrase",
    "PlanType",
    "Referral",
    "ReferralDocument",
    "ReferralEvent",
    "Reply",
    "ReplyPoint",
    "Unit",
]
