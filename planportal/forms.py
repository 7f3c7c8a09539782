"""Base form behaviour for every page form: fields point at their help text and errors with
aria-describedby, and invalid fields say so (aria-invalid), as GOV.UK-style forms do. And the
one way a page puts a service's errors back on its form: apply_service / add_service_errors."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class AccessibleFormMixin:
    _errors = None

    def _describe(self):
        for name in self.fields:
            bound = self[name]
            if not bound.auto_id:
                continue
            ids = []
            if bound.help_text:
                ids.append(f"{bound.auto_id}-help")
            if self.is_bound and self._errors and name in self._errors:
                ids.append(f"{bound.auto_id}-error")
                bound.field.widget.attrs["aria-invalid"] = "true"
            if ids:
                bound.field.widget.attrs["aria-describedby"] = " ".join(ids)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self):
        super().full_clean()
        self._describe()

    def add_error(self, field, error):
        # Views add the services' errors after validation: describe those fields too (else
        # Django's own aria-describedby would name an id the templates do not use).
        super().add_error(field, error)
        if self._errors is not None:
            self._describe()


class PortalForm(AccessibleFormMixin, forms.Form):
    pass


class PortalModelForm(AccessibleFormMixin, forms.ModelForm):
    pass


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    pass


def add_service_errors(form, exc: ValidationError, *, field_map: dict | None = None) -> None:
    """Puts a service's ValidationError on `form`: each message beside its field when the error
    is keyed by a field the form has (`field_map` renames a service's key to a form field, e.g.
    {"boundary": "area"}), the rest at the top of the form (non-field errors)."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = field_map.get(key, key)
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def apply_service(form, service, /, *, field_map: dict | None = None, **kwargs):
    """Calls `service(**kwargs)` inside the form-valid path; a ValidationError it raises goes
    back on the form (see add_service_errors) and None is returned, else the service's result.

        def form_valid(self, form):
            referral = apply_service(form, services.referral_register, data=form.cleaned_data, actor=user)
            if not form.is_valid():  # or: if referral is None
                return self.form_invalid(form)
            return redirect(referral)

    A service that returns None itself: test `form.is_valid()` afterwards (False once an error
    was added). PermissionDenied and other errors are not caught."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc, field_map=field_map)
        return None
