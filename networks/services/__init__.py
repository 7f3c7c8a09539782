"""Every write to the network registry and its meetings, one module per concern. Each service
checks the actor's right (networks.permissions) and the object's state, saves inside a
transaction, and schedules notifications with `transaction.on_commit`. Broken rules raise
Django's ValidationError (translatable message, keyed by field) or PermissionDenied; the
pages, the API and the admin all call these. The e-mail the services schedule is sent by
services.notifications (through the Celery tasks in networks.tasks).

The reads and policies that services use (who is invited, the proposal deadline, same-day
conflicts, who may edit an item …) live in networks.selectors and networks.permissions;
they are re-exported here for the callers that still import them from services."""

from ..permissions import agenda_item_check_edit, agenda_item_kinds, is_own_proposal, proposals_open
from ..selectors import (
    composition_report,
    invited_organisation_ids,
    meeting_conflicts,
    proposal_deadline,
    suggested_next_host,
)
from .agenda import (
    agenda_item_accept,
    agenda_item_decline,
    agenda_item_propose,
    agenda_item_update,
    agenda_order,
    agenda_publish,
    carry_over_action_items,
)
from .attendance import attendance_record, meeting_reply
from .calendars import calendar_token_for, calendar_token_reset
from .common import DEFAULT_AGENDA_DEADLINE, STOCKHOLM
from .meetings import (
    ALLOWED_TRANSITIONS,
    MAX_SERIES_MEETINGS,
    MEETING_FIELDS,
    meeting_cancel,
    meeting_schedule,
    meeting_series_schedule,
    meeting_set_status,
    meeting_update,
    series_occurrences,
)
from .memberships import membership_add, membership_end
from .minutes import action_item_add, action_item_done, decision_add, minutes_approve, minutes_publish, minutes_save
from .registry import NETWORK_FIELDS, RESERVED_SLUGS, network_create, network_line_add, network_update
from .take_home import take_home_save

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DEFAULT_AGENDA_DEADLINE",
    "MAX_SERIES_MEETINGS",
    "MEETING_FIELDS",
    "NETWORK_FIELDS",
    "RESERVED_SLUGS",
    "STOCKHOLM",
    "action_item_add",
    "action_item_done",
    "agenda_item_accept",
    "agenda_item_check_edit",
    "agenda_item_decline",
    "agenda_item_kinds",
    "agenda_item_propose",
    "agenda_item_update",
    "agenda_order",
    "agenda_publish",
    "attendance_record",
    "calendar_token_for",
    "calendar_token_reset",
    "carry_over_action_items",
    "composition_report",
    "decision_add",
    "invited_organisation_ids",
    "is_own_proposal",
    "meeting_cancel",
    "meeting_conflicts",
    "meeting_reply",
    "meeting_schedule",
    "meeting_series_schedule",
    "meeting_set_status",
    "meeting_update",
    "membership_add",
    "membership_end",
    "minutes_approve",
    "minutes_publish",
    "minutes_save",
    "network_create",
    "network_line_add",
    "network_update",
    "proposal_deadline",
    "proposals_open",
    "series_occurrences",
    "suggested_next_host",
    "take_home_save",
]
