"""Role checks for pages: one mixin for class-based views and one decorator for functions.

Anonymous visitors are sent to the sign-in page (and back afterwards); a signed-in user
without one of the roles gets a 403 page in their language that says why.

    class ImportView(RoleRequiredMixin, FormView):
        required_roles = (roles.EDITOR, roles.ADMINISTRATOR)
        permission_denied_message = gettext_lazy("Bara redaktörer får importera.")

    @role_required(roles.EDITOR, roles.ADMINISTRATOR)
    def import_status(request, pk): ...

Who may see which object stays with `visible_to(user)` and the services: this only guards
the door of a page that is for some roles alone."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .roles import has_role

DEFAULT_MESSAGE = _("Du har inte behörighet att göra det här.")


def forbidden(request, message=None):
    """The portal's 403 page with `message` (the reason, in the user's language)."""
    return render(request, "403.html", {"exception": str(message or DEFAULT_MESSAGE)}, status=403)


class RoleRequiredMixin(AccessMixin):
    """Lets through signed-in users holding any of `required_roles` (superusers hold all)."""

    required_roles: tuple[str, ...] = ()
    permission_denied_message = DEFAULT_MESSAGE

    def has_required_role(self) -> bool:
        return has_role(self.request.user, *self.required_roles)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()  # AccessMixin: to the sign-in page with ?next=
        if not self.has_required_role():
            return forbidden(request, self.get_permission_denied_message())
        return super().dispatch(request, *args, **kwargs)


def role_required(*required_roles, message=None):
    """The same as RoleRequiredMixin for a function view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *required_roles):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
