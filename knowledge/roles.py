from planportal import roles

# Documents, versions, files, layers, news and requests are written on the portal's pages
# (through the services); the admin only shows them (knowledge/admin.py). Themes have no page.
_shown = ["document", "documentversion", "documentfile", "layer", "newsitem", "documentrequest"]

ROLE_PERMISSIONS = {
    roles.EDITOR: [f"knowledge.view_{model}" for model in _shown]
    + [f"knowledge.{action}_theme" for action in ("add", "change", "view", "delete")],
}
