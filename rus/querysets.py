"""Visibility: everyone reads what is published; drafts stay with the Region's staff."""

from django.db import models

from .permissions import can_see_drafts

PUBLISHED = "published"


class StrategyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if can_see_drafts(user) else self.filter(status=PUBLISHED)


class StrategyPartQuerySet(models.QuerySet):
    """Overarching goals and priority areas follow their strategy."""

    def visible_to(self, user):
        return self.all() if can_see_drafts(user) else self.filter(strategy__status=PUBLISHED)


class GoalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if can_see_drafts(user) else self.filter(strategy__status=PUBLISHED)


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        if can_see_drafts(user):
            return self.all()
        return self.filter(status=PUBLISHED, goal__strategy__status=PUBLISHED)


class IndicatorValueQuerySet(models.QuerySet):
    def visible_to(self, user):
        if can_see_drafts(user):
            return self.all()
        return self.filter(indicator__status=PUBLISHED, indicator__goal__strategy__status=PUBLISHED)


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if can_see_drafts(user):
            return self.all()
        return self.filter(status=PUBLISHED, goal__strategy__status=PUBLISHED)


class StructureImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Structure images are adopted, public planning material.
        return self.all()


class StructureFeatureQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all()


class AnnualReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if can_see_drafts(user):
            return self.all()
        # The public sees finished follow-ups of published strategies.
        return self.filter(status="done", strategy__status=PUBLISHED)
