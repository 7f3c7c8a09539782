from planportal import roles

_maintain = ["theme", "document", "documentversion", "documentfile", "layer", "newsitem", "documentrequest"]

ROLE_PERMISSIONS = {
    roles.EDITOR: [f"knowledge.{action}_{model}" for model in _maintain for action in ("add", "change", "view")]
    + ["knowledge.delete_newsitem", "knowledge.delete_theme"],
}
