"""Who may do what in the RUS follow-up; the querysets and services ask these."""

from planportal import roles

# Region staff see drafts (strategy, indicators, assessments, reports being prepared).
INTERNAL_ROLES = (roles.EDITOR, roles.ADMINISTRATOR, roles.CASE_OFFICER, roles.COORDINATOR)
# Editors keep the strategy, indicators, values and structure images.
EDITOR_ROLES = (roles.EDITOR, roles.ADMINISTRATOR)
# Staff who write the yearly assessments.
ASSESSOR_ROLES = (roles.EDITOR, roles.ADMINISTRATOR, roles.CASE_OFFICER)


def can_see_drafts(user) -> bool:
    return roles.has_role(user, *INTERNAL_ROLES)


def can_edit(user) -> bool:
    return roles.has_role(user, *EDITOR_ROLES)


def can_assess(user) -> bool:
    return roles.has_role(user, *ASSESSOR_ROLES)
