from django.db import models


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The organisation registry is public reference data.
        return self.all()

    def municipalities(self):
        return self.filter(kind=self.model.Kind.MUNICIPALITY)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Personal data is for signed-in users only, never for the public.
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.all()
