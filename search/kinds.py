"""The kinds of thing the global search finds, each starting from its owner's visibility rules.

A kind gives, for a user and a query: the matching objects it may see, ranked (`matches`), and
the rows a result list shows for a page of them (`rows`). Matching is the library's
(knowledge.search.build): Swedish stemming and compounds, folded accents, prefixes; its trigram
fallbacks (typos, compound tails in titles) are used only when the exact full-text match finds
little (`fallback=True`, decided in `Kind._matching`). Documents are the library's own
search as /dokument/sok/ runs it (knowledge.selectors.scaled).

Nothing a user may not open is matched, counted or shown: every queryset starts from the
model's `visible_to(user)`, and what is searched and shown of an object is what its page shows
to everyone who may open it (a referral case: the public register's fields only)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from knowledge import search as library_search
from knowledge.models import Document
from knowledge.selectors import MarkedHeadline, RowSQL
from knowledge.selectors.scaled import page_documents, search_hits
from networks.models import AgendaItem, Meeting, Network, Organisation
from planportal.counting import capped_count
from referrals.models import Referral
from referrals.selectors_public import PUBLIC_FIELDS, SENDER_FIELDS
from rus.models import Goal, Indicator


@dataclass(frozen=True)
class Query:
    """A query as the library builds it (knowledge.search.build), with {vector} and {title}
    placeholders for the searched columns."""

    text: str
    where: str  # full text or trigram fallbacks, per word
    params: list
    rank: str
    rank_params: list
    tsquery: str  # every word's full-text query, AND-ed: the exact match
    tsquery_params: list

    @classmethod
    def build(cls, q: str) -> "Query | None":
        built = library_search.build(q)
        return cls(q, *built) if built else None

    def exact(self) -> str:
        return "{vector} @@ " + self.tsquery

    def any_word(self) -> RawSQL:
        """The tsquery matching any of the words: what a snippet highlights."""
        return RawSQL(self.tsquery.replace(" && ", " || "), self.tsquery_params)


def headline(field: str, query: Query) -> MarkedHeadline:
    """A snippet of `field` as the library makes it: the text escaped, the words found in <mark>."""
    return MarkedHeadline(
        field,
        query.any_word(),
        config=library_search.HEADLINE_CONFIG,
        start_sel=library_search.HEADLINE_START,
        stop_sel=library_search.HEADLINE_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
    )


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value) if hasattr(value, "tzinfo") else value, "Y-m-d")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    base: Callable  # user -> the visible queryset
    order: tuple  # after the rank
    row: Callable  # (object) -> dict(title, url, details)
    # The stored search vector and the folded title for the trigram fallbacks (field paths, or an
    # annotation): by default the kind's row in its search-text table (search/triggers.py).
    vector: str = "search_text__vector"
    title: str = "search_text__title"
    snippet_field: str | None = None
    related: tuple = ()
    annotate_title: Callable | None = None
    # Reference fields (diary numbers …) also found by a query holding a digit, as typed.
    literal_fields: tuple = ()

    @property
    def has_fallback(self) -> bool:
        return True

    def matches(self, *, user, query: Query, fallback: bool) -> QuerySet:
        qs = self.base(user)
        if self.annotate_title:
            qs = qs.annotate(_search_title=self.annotate_title())
        columns = {"vector": self.vector, "title": self.title}
        qs = qs.filter(self.match(query, fallback=fallback))
        qs = qs.annotate(rank=RowSQL(query.rank, query.rank_params, output_field=FloatField(), **columns))
        return qs.order_by(F("rank").desc(), *self.order)

    def match(self, query: Query, *, fallback: bool) -> Q:
        """The condition on the kind's rows: the exact full-text match, or with `fallback` the
        library's per-word match with its trigram fallbacks."""
        condition = query.where if fallback else query.exact()
        params = query.params if fallback else query.tsquery_params
        columns = {"vector": self.vector, "title": self.title}
        match = Q(RowSQL(condition, params, output_field=BooleanField(), **columns))
        if self.literal_fields and any(ch.isdigit() for ch in query.text):
            for field in self.literal_fields:
                match |= Q(**{f"{field}__icontains": query.text})
        return match

    def _matching(self, *, user, query: Query, cap: int, few: int):
        """The matches and their capped count: the exact full-text match, or, when that finds
        fewer than `few`, the match with the typo fallbacks (a superset)."""
        qs = self.matches(user=user, query=query, fallback=False)
        # Counted without the rank: its value changes no count, and it would be computed per hit.
        count, capped = capped_count(qs.values("pk"), cap=cap)
        if count < few and self.has_fallback:
            qs = self.matches(user=user, query=query, fallback=True)
            count, capped = capped_count(qs.values("pk"), cap=cap)
        return qs, count, capped

    def count(self, *, user, query: Query, cap: int, few: int) -> tuple[int, bool]:
        """(count, capped): how many matches `user` may open, at most `cap`."""
        _qs, count, capped = self._matching(user=user, query=query, cap=cap, few=few)
        return count, capped

    def find(self, *, user, query: Query, offset: int, limit: int, cap: int, few: int):
        """(count, capped, rows, ranked_newest): the count and the rows of the matches from
        `offset`, `limit` of them; every match is ranked (ranked_newest is False)."""
        qs, count, capped = self._matching(user=user, query=query, cap=cap, few=few)
        if not capped and count <= offset:
            return count, capped, [], False
        return count, capped, self.rows(qs[offset : offset + limit], query, user=user), False

    def rows(self, qs: QuerySet, query: Query, *, user) -> list[dict]:
        qs = qs.select_related(*self.related)
        if self.snippet_field:
            qs = qs.annotate(snippet=headline(self.snippet_field, query))
        rows = []
        for obj in qs:
            rows.append({"kind": self.key, **self.row(obj), "snippet": getattr(obj, "snippet", None) or None})
        return rows


class DocumentKind(Kind):
    """The library's own search as its pages run it (knowledge.selectors.scaled): its visibility,
    its matching (typo fallbacks when the exact match finds little), its ranking and its capped
    count, found in one statement; past the cap relevance is ranked among the newest hits."""

    def count(self, *, user, query: Query, cap: int, few: int) -> tuple[int, bool]:
        hits = search_hits(user=user, filters={"q": query.text}, offset=0, limit=0, cap=cap)
        return hits.total, hits.capped

    def find(self, *, user, query: Query, offset: int, limit: int, cap: int, few: int):
        hits = search_hits(user=user, filters={"q": query.text}, offset=offset, limit=limit, cap=cap)
        documents = page_documents(user=user, hits=hits, q=query.text)
        rows = [
            {"kind": self.key, **self.row(doc), "snippet": getattr(doc, "headline", None) or None} for doc in documents
        ]
        return hits.total, hits.capped, rows, hits.ranked_newest


def _text_title():
    return Func(F("plan_name"), function="search_text_title", output_field=TextField())


def _document_row(doc):
    return {
        "title": doc.title,
        "url": doc.get_absolute_url(),
        "details": [str(doc.year), doc.get_kind_display(), doc.publisher.name],
    }


def _network_row(network):
    details = [network.get_kind_display()]
    if network.visibility == Network.Visibility.INTERNAL:
        details.append(str(_("Internt")))
    return {"title": network.display_name, "url": network.get_absolute_url(), "details": details}


def _meeting_row(meeting):
    details = [_date(meeting.starts_at), meeting.network.display_name]
    if meeting.is_cancelled:
        details.append(meeting.get_status_display())
    return {"title": meeting.title, "url": meeting.get_absolute_url(), "details": details}


def _agenda_item_row(item):
    meeting = item.meeting
    details = [f"{meeting.title}, {_date(meeting.starts_at)}", meeting.network.display_name]
    if item.status != AgendaItem.Status.ACCEPTED:
        details.append(item.get_status_display())
    return {"title": item.title, "url": f"{meeting.get_absolute_url()}#item-{item.pk}", "details": details}


def _referral_row(case, *, officer_url: bool):
    return {
        "title": case.plan_name,
        "url": case.get_absolute_url() if officer_url else case.get_public_url(),
        "details": [case.diary_number, case.sender.name, case.get_status_display()],
    }


def _goal_row(goal):
    return {"title": f"{goal.code} {goal.name}", "url": goal.get_absolute_url(), "details": [goal.strategy.name]}


def _indicator_row(indicator):
    goal = indicator.goal
    details = [f"{goal.code} {goal.name}"] + ([indicator.unit] if indicator.unit else [])
    return {"title": indicator.name, "url": indicator.get_absolute_url(), "details": details}


def _organisation_row(organisation):
    return {
        "title": organisation.name,
        "url": organisation.get_absolute_url(),
        "details": [organisation.get_kind_display()],
    }


ORGANISATION_COLUMNS = {"vector": "search_text__vector", "title": "search_text__title"}


class ReferralKind(Kind):
    """Referral cases by their generated `search_vector` (plan name, sender's reference, diary
    number) and their sender's name: the register's fields, which is all the public may read of a case. Case officers
    reach the case page, everyone else the register's page."""

    def match(self, query: Query, *, fallback: bool) -> Q:
        """Also the cases of a sender whose name matches (as the register's search does): the
        organisations' own text, through its index, then the cases by their sender."""
        senders = Organisation.objects.filter(
            RowSQL(query.exact(), query.tsquery_params, output_field=BooleanField(), **ORGANISATION_COLUMNS)
        ).values("pk")
        return super().match(query, fallback=fallback) | Q(sender__in=senders)

    def rows(self, qs: QuerySet, query: Query, *, user) -> list[dict]:
        from referrals.querysets import is_case_officer

        officer = is_case_officer(user)
        qs = qs.select_related("sender").only(*PUBLIC_FIELDS, *SENDER_FIELDS)
        return [{"kind": self.key, **_referral_row(case, officer_url=officer), "snippet": None} for case in qs]


KINDS = (
    DocumentKind(
        key="documents",
        label=_("Dokument"),
        base=lambda user: Document.objects.visible_to(user),
        vector="search_vector",
        title="search_title",
        order=("-year", "pk"),
        row=_document_row,
    ),
    Kind(
        key="networks",
        label=_("Nätverk"),
        base=lambda user: Network.objects.visible_to(user),
        order=("name", "pk"),
        row=_network_row,
        snippet_field="purpose",
    ),
    Kind(
        key="meetings",
        label=_("Möten"),
        base=lambda user: Meeting.objects.visible_to(user),
        order=("-starts_at", "pk"),
        row=_meeting_row,
        snippet_field="description",
        related=("network",),
    ),
    Kind(
        key="agenda_items",
        label=_("Dagordningspunkter"),
        base=lambda user: AgendaItem.objects.visible_to(user),
        order=("-meeting__starts_at", "pk"),
        row=_agenda_item_row,
        snippet_field="description",
        related=("meeting__network",),
    ),
    ReferralKind(
        key="referrals",
        label=_("Remisser"),
        base=lambda user: Referral.objects.visible_to(user),
        vector="search_vector",
        title="_search_title",
        order=("-diary_year", "-diary_seq"),
        row=None,
        annotate_title=_text_title,
        literal_fields=("diary_number", "sender_reference"),
    ),
    Kind(
        key="goals",
        label=_("RUS-mål"),
        base=lambda user: Goal.objects.visible_to(user),
        order=("strategy_id", "order", "code"),
        row=_goal_row,
        snippet_field="description",
        related=("strategy",),
    ),
    Kind(
        key="indicators",
        label=_("Indikatorer"),
        base=lambda user: Indicator.objects.visible_to(user),
        order=("name", "pk"),
        row=_indicator_row,
        snippet_field="definition",
        related=("goal",),
    ),
    Kind(
        key="organisations",
        label=_("Organisationer"),
        base=lambda user: Organisation.objects.visible_to(user),
        order=("name", "pk"),
        row=_organisation_row,
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
