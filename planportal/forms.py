"""Base form behaviour for every page form: fields point at their help text and errors with
aria-describedby, and invalid fields say so (aria-invalid), as GOV.UK-style forms do."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
