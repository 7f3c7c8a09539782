"""Officers' pages under /remisser/, the public register under /diarium/, statistics under
/remisser/statistik/. Each concern keeps its URL patterns (with their full paths) in its own
module under referrals/views/; they are gathered here."""

from importlib import import_module

app_name = "referrals"

_VIEW_MODULES = [
    "cases",
    "registration",
    "workflow",
    "consultation",
    "replies",
    "register",
    "statistics",
    "maps",
    "imports",
    "exports",
    "downloads",
]

urlpatterns = []
for _name in _VIEW_MODULES:
    try:
        _module = import_module(f"referrals.views.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"referrals.views.{_name}":
            raise
        continue
    urlpatterns += getattr(_module, "urlpatterns", [])
