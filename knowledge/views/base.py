"""Shared pieces of the library's views: editor-only access (planportal.permissions) and an
editor's page about one object (change it, delete it). Errors from the services go back on
the forms with planportal.forms.apply_service."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from planportal import roles
from planportal.permissions import RoleRequiredMixin

PAGE_SIZE = 20


class EditorRequiredMixin(RoleRequiredMixin):
    """The library's editors' pages (and administrators'): the portal's one role door."""

    required_roles = (roles.EDITOR, roles.ADMINISTRATOR)
    permission_denied_message = gettext_lazy("Bara redaktörer får göra detta.")


class EditorObjectMixin(EditorRequiredMixin):
    """An editor's page about one object; `object_context` names it in the template."""

    object_context = "object"

    def get_queryset(self):
        raise NotImplementedError

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._object

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx[self.object_context] = self.get_object()
        return ctx


class EditorObjectFormView(FormView):
    """The object's form filled in with its current values (many-to-many fields as lists)."""

    def get_initial(self):
        obj = self.get_object()
        initial = {}
        for name in self.get_form_class().base_fields:
            value = getattr(obj, name, None)
            initial[name] = list(value.all()) if hasattr(value, "all") else value
        return initial


class DeleteConfirmView(EditorObjectMixin, TemplateView):
    """GET asks to confirm; POST deletes through the service and goes back to the list."""

    success_url = None
    success_message = ""

    def perform_delete(self, obj):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.perform_delete(obj)
        messages.success(request, self.success_message % {"name": obj})
        return redirect(self.success_url)
