"""/api/v1/referrals/…: each concern keeps its URL patterns in its own module under referrals/api/
(intake, cases, workflow, replies, areas …); they are gathered here."""

from importlib import import_module

_API_MODULES = ["intake", "cases", "workflow", "consultation", "replies", "areas", "tiles", "exports"]

urlpatterns = []
for _name in _API_MODULES:
    try:
        _module = import_module(f"referrals.api.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"referrals.api.{_name}":
            raise
        continue
    urlpatterns += getattr(_module, "urlpatterns", [])
