"""The admin through the services. Pages, the API and the admin must obey the same rules, so
an admin that writes goes through the app's service instead of saving the model itself:

    @admin.register(Network)
    class NetworkAdmin(ServiceModelAdmin):
        def save_with_service(self, request, form, obj):
            data = form.cleaned_data
            if obj is None:
                return services.network_create(data=data, actor=request.user)
            return services.network_update(network=obj, data=data, actor=request.user)

The service runs while the admin validates the form (inside the admin's transaction, in a
savepoint of its own); a ValidationError it raises becomes the form's errors (beside the field
it names, else at the top) and a PermissionDenied an error at the top, with nothing saved.
`obj` is the object as stored (None when adding); what the service returns is what the admin
shows and logs. A service saves the whole object or nothing, so a ServiceModelAdmin has no
writable inlines.

What a page of the portal already does (its rules live in services the admin has no form
for) is shown read-only: `ReadOnlyModelAdmin`, `ReadOnlyInline`."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .forms import add_service_errors

DEFAULT_REFUSAL = _("Du har inte behörighet att göra det här.")


class ServiceModelAdmin(admin.ModelAdmin):
    def save_with_service(self, request, form, obj):
        """Save through the service and return the saved object; `obj` is None when adding."""
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                stored = type(self.instance)._default_manager.get(pk=self.instance.pk) if self.instance.pk else None
                try:
                    with transaction.atomic():
                        self.instance = model_admin.save_with_service(request, self, stored)
                except ValidationError as exc:
                    add_service_errors(self, exc)
                except PermissionDenied as exc:
                    self.add_error(None, str(exc) or DEFAULT_REFUSAL)

        ServiceForm.__name__ = form_class.__name__
        return ServiceForm

    def save_model(self, request, obj, form, change):
        """Saved already, by the service, when the form was validated."""

    def save_related(self, request, form, formsets, change):
        # No form.save_m2m(): the service set the object's relations.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyModelAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Shown, never written: a page of the portal does that through the services."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
