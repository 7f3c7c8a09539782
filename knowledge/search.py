"""Swedish full-text search for the library.

What the stored `Document.search_vector` holds (kept by the triggers of migrations 0002 and
0005): for title (weight A), summary and the names of its themes and covered municipalities
(B), the text read from files, its publisher's name and its kind (C), the lexemes of two
text-search configurations, then every lexeme `unaccent`-ed:
  * `planportal_sv_compound`: Debian's Swedish Hunspell dictionary (hunspell-sv) as a
    PostgreSQL Ispell dictionary, which splits compounds (detaljplan → detalj, plan), then
    the Swedish Snowball stemmer for words Hunspell does not know. Where the dictionary files
    are absent (a server given by DATABASE_URL) it is a copy of `swedish`.
  * `swedish` (Snowball), which folds inflections (bostäder → bostäd).
A query is built the same way per word, with prefix matching (`bost:*` finds `bostad` and
`bostäder`), and two trigram fallbacks on the unaccented title (`search_title`): word
similarity for typos and, for words of four letters or more, a substring test for compound
tails (`plan` in `översiktsplan`). Each choice was measured on the Swedish test set in
tests/knowledge/test_search_quality.py, which prints the hit rate of every variant below.
"""

import re

from django.db import connection
from django.db.models import TextField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

COMPOUND_CONFIG = "planportal_sv_compound"
HEADLINE_CONFIG = "planportal_sv_unaccent"
HUNSPELL_DICTIONARY = "planportal_sv_hunspell"
MAX_TERMS = 8
MIN_SUBSTRING_LENGTH = 4

TOKEN_RE = re.compile(r"\w+", re.UNICODE)

# ts_headline marks the words found with these (private-use characters, not markup); `marked`
# escapes everything else and turns them into <mark> elements.
HEADLINE_START, HEADLINE_STOP = "\ue000", "\ue001"
_SENTINELS_RE = re.compile(f"({HEADLINE_START}|{HEADLINE_STOP})")
_MARK, _UNMARK = mark_safe("<mark>"), mark_safe("</mark>")


def marked(headline: str) -> SafeString:
    """A headline as HTML: its text escaped, its highlights as balanced <mark> elements."""
    pieces, open_ = [], False
    for piece in _SENTINELS_RE.split(headline or ""):
        if piece == HEADLINE_START:
            if not open_:
                pieces.append(_MARK)
            open_ = True
        elif piece == HEADLINE_STOP:
            if open_:
                pieces.append(_UNMARK)
            open_ = False
        elif piece:
            pieces.append(piece)  # format_html_join escapes it
    if open_:
        pieces.append(_UNMARK)
    return format_html_join("", "{}", ((piece,) for piece in pieces))


class MarkedHeadlineField(TextField):
    """The output field of a headline annotation: read from the database as `marked` HTML."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else marked(value)


def tokens(q: str) -> list[str]:
    """The words of a query, lower-cased; punctuation and tsquery operators are dropped."""
    return [t for t in TOKEN_RE.findall((q or "").lower()) if not t.isdigit() or len(t) > 1][:MAX_TERMS]


def install_text_search_config(cursor, dictionary: str = "sv_se") -> bool:
    """(Re)creates the configurations; returns True when the Hunspell dictionary is in use.
    `dictionary` names the files <dictionary>.dict/.affix in the server's tsearch_data folder
    (Debian's hunspell-sv puts sv_se there through postgresql-common)."""
    # The configurations keep their OIDs (plans cached by the trigger refer to them): create
    # them once, then only change their mappings.
    tokens = "asciiword, word, hword, hword_part, asciihword, hword_asciipart"
    for config in (COMPOUND_CONFIG, HEADLINE_CONFIG):
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [config])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.swedish)")
    cursor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {HEADLINE_CONFIG} ALTER MAPPING FOR {tokens} WITH unaccent, swedish_stem"
    )
    cursor.execute(f"ALTER TEXT SEARCH CONFIGURATION {COMPOUND_CONFIG} ALTER MAPPING FOR {tokens} WITH swedish_stem")
    cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {HUNSPELL_DICTIONARY}")
    cursor.execute("SAVEPOINT planportal_hunspell")
    try:
        cursor.execute(
            f"CREATE TEXT SEARCH DICTIONARY {HUNSPELL_DICTIONARY} "
            f"(TEMPLATE = ispell, DictFile = {dictionary}, AffFile = {dictionary}, StopWords = swedish)"
        )
    except Exception:
        # No sv_se.dict/.affix in this server's tsearch_data: stay with Snowball only.
        cursor.execute("ROLLBACK TO SAVEPOINT planportal_hunspell")
        return False
    cursor.execute("RELEASE SAVEPOINT planportal_hunspell")
    cursor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {COMPOUND_CONFIG} ALTER MAPPING FOR {tokens} "
        f"WITH {HUNSPELL_DICTIONARY}, swedish_stem"
    )
    return True


def hunspell_in_use() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [HUNSPELL_DICTIONARY])
        return cursor.fetchone() is not None


# --- the variants measured by the Swedish test set --------------------------------------------
# Each variant gives: the document vector expression (over table alias d) and, for a list of
# tokens, a WHERE condition, a rank expression and its parameters. The production search
# (CHOSEN) uses the stored column for its vector; the others compute theirs on the fly and
# exist only to be measured.


def _vector(configs, unaccented: bool, alias: str) -> str:
    parts = []
    for text, weight in (
        (f"coalesce({alias}.title, '')", "A"),
        (f"coalesce({alias}.summary, '')", "B"),
        (f"knowledge_document_subjects({alias}.id)", "B"),  # theme and municipality names
        (f"coalesce({alias}.file_text, '')", "C"),
        (f"knowledge_document_origin({alias}.kind, {alias}.publisher_id)", "C"),  # publisher, kind
    ):
        for config in configs:
            parts.append(f"setweight(to_tsvector('{config}', {text}), '{weight}')")
    vector = " || ".join(parts)
    return f"unaccent(({vector})::text)::tsvector" if unaccented else f"({vector})"


def _token_query(token: str, configs, prefix: bool, unaccented: bool) -> tuple[str, list]:
    suffix = ":*" if prefix else ""
    # Tokens are \w+ only, so quoting them as a tsquery literal is safe.
    literal = f"'{token}'{suffix}"
    parts = " || ".join(f"to_tsquery('{config}', %s)" for config in configs)
    expr = f"({parts})"
    if unaccented:
        expr = f"planportal_unaccent({expr}::text)::tsquery"
    return expr, [literal] * len(configs)


VARIANTS = {
    # name: (configs, prefix, unaccent, trigram)
    "snowball": (("swedish",), False, False, False),
    "snowball+unaccent+prefix": (("swedish",), True, True, False),
    "hunspell+snowball+unaccent+prefix": ((COMPOUND_CONFIG, "swedish"), True, True, False),
    "hunspell+snowball+unaccent+prefix+trigram": ((COMPOUND_CONFIG, "swedish"), True, True, True),
}
CHOSEN = "hunspell+snowball+unaccent+prefix+trigram"


def build(q: str, *, variant: str = CHOSEN, alias: str | None = None, stored: bool = True):
    """-> (where_sql, where_params, rank_sql, rank_params, tsquery_sql, tsquery_params), or None
    for a query without words. CHOSEN reads the stored column (unless `stored` is False);
    other variants compute their vector per row, which is fine for the small test set only."""
    words = tokens(q)
    if not words:
        return None
    configs, prefix, unaccented, trigram = VARIANTS[variant]
    if alias is None:
        # For the ORM (selectors.SearchSQL): placeholders that it replaces with the compiled
        # columns, so the SQL stays right inside subqueries, where the table has another alias.
        if variant != CHOSEN or not stored:
            raise ValueError("only the stored vector of the chosen variant is used through the ORM")
        vector, title = "{vector}", "{title}"
    else:
        vector = f"{alias}.search_vector" if variant == CHOSEN and stored else _vector(configs, unaccented, alias)
        title = f"{alias}.search_title"
    conditions, params = [], []
    tsq_parts, tsq_params = [], []
    for word in words:
        expr, p = _token_query(word, configs, prefix, unaccented)
        tsq_parts.append(expr)
        tsq_params += p
        condition = f"{vector} @@ {expr}"
        cond_params = list(p)
        if trigram:
            condition += f" OR {title} %%> planportal_unaccent(%s)"
            cond_params.append(word)
            if len(word) >= MIN_SUBSTRING_LENGTH:
                condition += f" OR {title} LIKE '%%' || planportal_unaccent(%s) || '%%'"
                cond_params.append(word)
        conditions.append(f"({condition})")
        params += cond_params
    tsquery = "(" + " && ".join(tsq_parts) + ")"
    where = " AND ".join(conditions)
    any_word = tsquery.replace(" && ", " || ")
    rank = f"ts_rank({vector}, {any_word})"
    rank_params = list(tsq_params)
    if trigram:
        # Title similarity ranks what only the trigram fallbacks found (typos, compound tails);
        # computing it for every full-text hit too cost ~40 % of a common term's time.
        rank += f" + CASE WHEN {vector} @@ {any_word} THEN 0 ELSE word_similarity(planportal_unaccent(%s), {title}) END"
        rank_params += tsq_params + [" ".join(words)]
    return where, params, rank, rank_params, tsquery, tsq_params


def build_exact(q: str):
    """The exact full-text match of `build(q)` without its trigram fallbacks, for the ORM:
    -> (where_sql, where_params, rank_sql, rank_params), or None for a query without words. Its
    rank equals `build`'s for every document it finds (the fallbacks' term is 0 for those), so
    the exact hits keep their order; the fallbacks are added only when the exact match finds
    little (knowledge.selectors.scaled)."""
    built = build(q)
    if built is None:
        return None
    *_, tsquery, tsquery_params = built
    any_word = tsquery.replace(" && ", " || ")
    return "{vector} @@ " + tsquery, list(tsquery_params), f"ts_rank({{vector}}, {any_word})", list(tsquery_params)
