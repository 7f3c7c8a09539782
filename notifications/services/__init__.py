"""The notification centre's writes: preferences (set, one-click unsubscribe), notify (send at
once or queue, as each recipient chose), the digests (one e-mail per person gathering every
kind that is due) and the collection of the apps' registered sources."""

from .digests import WEEKLY_DAY, digests_send, sources_collect
from .preferences import frequencies, preferences_for, preferences_set, unsubscribe
from .sending import absolute_url, build_message, notify

__all__ = [
    "WEEKLY_DAY",
    "absolute_url",
    "build_message",
    "digests_send",
    "frequencies",
    "notify",
    "preferences_for",
    "preferences_set",
    "sources_collect",
    "unsubscribe",
]
