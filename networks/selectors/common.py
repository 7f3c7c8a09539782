from datetime import timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A meeting's agenda takes proposals until this long before it, unless it says otherwise.
DEFAULT_AGENDA_DEADLINE = timedelta(days=7)
