from planportal import roles

_network_admin = [
    f"networks.{action}_{model}"
    for model in (
        "network",
        "membership",
        "compositionrule",
        "networkline",
        "membergroup",
        "focusarea",
        "meeting",
        "meetingseries",
        "agendaitem",
        "invitation",
        "minutes",
        "decision",
        "actionitem",
    )
    for action in ("view", "add", "change")
] + ["networks.view_sentnotification", "networks.view_organisation", "networks.view_person"]

ROLE_PERMISSIONS = {
    roles.COORDINATOR: _network_admin,
}
