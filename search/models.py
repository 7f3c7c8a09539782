"""The search text of the kinds that have no stored search vector of their own: networks,
meetings, agenda items, organisations, RUS goals and indicators. One row per object, kept by
database triggers on the object's table (migration 0001), so the apps below never call the
search app and a write anywhere (page, API, admin, import, raw SQL) keeps its text current.

The vector has the library's shape (knowledge.search): the lexemes of `planportal_sv_compound`
(Hunspell: compounds split) and `swedish` (Snowball), weights A (title) / B (text) / C (other),
every lexeme folded by `planportal_unaccent`; `title` is the folded, lower-cased title for the
trigram fallbacks. Computed once per write: with the Hunspell dictionary a vector costs about a
third of a millisecond, too much to compute for every row of every search.

Documents (knowledge's trigger-kept `search_vector`) and referral cases (their generated
`search_vector`) are searched through their own columns."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchText(models.Model):
    vector = SearchVectorField()
    title = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


def _source(model: str, related_name: str):
    # No database constraint and nothing for Django to cascade: the row belongs to the
    # triggers, which insert, update and delete it with its object.
    return models.OneToOneField(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name=related_name,
    )


class NetworkText(SearchText):
    network = _source("networks.Network", "search_text")

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_network_vector"),
            GinIndex(fields=["title"], name="search_network_title", opclasses=["gin_trgm_ops"]),
        ]


class MeetingText(SearchText):
    meeting = _source("networks.Meeting", "search_text")

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_meeting_vector"),
            GinIndex(fields=["title"], name="search_meeting_title", opclasses=["gin_trgm_ops"]),
        ]


class AgendaItemText(SearchText):
    agenda_item = _source("networks.AgendaItem", "search_text")

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_agenda_item_vector"),
            GinIndex(fields=["title"], name="search_agenda_item_title", opclasses=["gin_trgm_ops"]),
        ]


class OrganisationText(SearchText):
    organisation = _source("networks.Organisation", "search_text")

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_organisation_vector"),
            GinIndex(fields=["title"], name="search_organisation_title", opclasses=["gin_trgm_ops"]),
        ]


class GoalText(SearchText):
    goal = _source("rus.Goal", "search_text")

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_goal_vector"),
            GinIndex(fields=["title"], name="search_goal_title", opclasses=["gin_trgm_ops"]),
        ]


class IndicatorText(SearchText):
    indicator = _source("rus.Indicator", "search_text")

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_indicator_vector"),
            GinIndex(fields=["title"], name="search_indicator_title", opclasses=["gin_trgm_ops"]),
        ]
