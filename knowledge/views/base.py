"""Shared pieces of the library's views: editor-only access, an object page for editors,
errors from services back on the form."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from ..querysets import is_editor

PAGE_SIZE = 20


def apply_errors(form, exc: ValidationError):
    """A service's field-keyed ValidationError onto the form (unknown keys to the summary)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class EditorRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_editor(request.user):
            raise PermissionDenied(_("Bara redaktörer får göra detta."))
        return super().dispatch(request, *args, **kwargs)


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
