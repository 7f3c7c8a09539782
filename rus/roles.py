from planportal import roles

_EDIT = [
    f"rus.{action}_{model}"
    for model in (
        "strategy",
        "overarchinggoal",
        "priorityarea",
        "strategicdirection",
        "goal",
        "indicator",
        "indicatorvalue",
        "structureimage",
        "structurefeature",
        "assessment",
    )
    for action in ("add", "change", "delete", "view")
]

ROLE_PERMISSIONS = {
    roles.EDITOR: _EDIT + ["rus.view_valueimport", "rus.view_annualreport", "rus.view_agenda2030goal"],
    roles.CASE_OFFICER: ["rus.add_assessment", "rus.change_assessment", "rus.view_assessment"],
}
