"""The pages of `networks`, one module per concern: organisations, networks (registry and
memberships), reports (participation), calendars, meetings, agenda, attendance, minutes."""
