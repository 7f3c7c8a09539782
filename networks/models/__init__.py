"""The models of `networks`, one module per concern; every model is importable from here."""

from .calendars import CalendarToken
from .meetings import AgendaItem, Invitation, Meeting, MeetingSeries, SentNotification
from .minutes import ActionItem, Decision, Minutes, TakeHome
from .networks import CompositionRule, FocusArea, MemberGroup, Membership, MembershipRole, Network, NetworkLine
from .organisations import Organisation, Person

__all__ = [
    "ActionItem",
    "AgendaItem",
    "CalendarToken",
    "CompositionRule",
    "Decision",
    "FocusArea",
    "Invitation",
    "Meeting",
    "MeetingSeries",
    "MemberGroup",
    "Membership",
    "MembershipRole",
    "Minutes",
    "Network",
    "NetworkLine",
    "Organisation",
    "Person",
    "SentNotification",
    "TakeHome",
]
