"""A cache of compiled SQL for hot, read-only ORM queries (the way SQLAlchemy caches compiled
statements): the ORM builds and compiles a query once per *shape*, and later requests of the
same shape run the cached statement with their own parameter values.

Building and compiling a search query with its subqueries, window count and visibility rule
costs the ORM several milliseconds of Python per request, more than a rare term's SQL itself
(bench/bench_knowledge.py). The statement is still the ORM's own: the visibility rule, joins
and ordering come from the querysets, never from a second hand-written copy.

Use:
    rows = cache.rows(key, build, values, wrap=None)
`build()` returns a `.values()` QuerySet whose request-varying parameters are `Slot` objects
(Slot(value, n) for n = 0, 1, …) and `values` holds this request's values in the same order.
`wrap(sql)`, if given, turns the compiled statement into the one to run (for example one that
builds the response's JSON in PostgreSQL from the query's rows). The caller's `key` must
determine everything else the statement depends on (who is asking, filters, ordering, page,
language); a key that left something out would serve another shape's SQL, so
tests compare cached rows with the uncached ORM's for each shape (tests/planportal/test_sqlcache.py).
"""

import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections


class Slot(str):
    """A string parameter that differs between requests sharing one compiled statement."""

    def __new__(cls, value, index: int):
        obj = super().__new__(cls, value)
        obj.index = index
        return obj


_EMPTY = object()


class CompiledQueryCache:
    def __init__(self, maxsize: int = 512):
        self.maxsize = maxsize
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self):
        return len(self._entries)

    def _compile(self, build, using, wrap):
        queryset = build()
        try:
            sql, params = queryset.query.get_compiler(using).as_sql()
        except EmptyResultSet:
            return _EMPTY
        if wrap is not None:
            sql = wrap(sql)
        template = tuple((True, p.index) if isinstance(p, Slot) else (False, p) for p in params)
        return sql, template

    def rows(self, key, build, values, *, wrap=None, using: str = "default") -> list[dict] | None:
        """The rows of the statement for `key` as dicts (column name → value), run with `values`;
        None when the ORM knows without asking that the query has no rows (EmptyResultSet)."""
        full_key = (using, key)
        with self._lock:
            entry = self._entries.get(full_key)
            if entry is not None:
                self._entries.move_to_end(full_key)
                self.hits += 1
        if entry is None:
            entry = self._compile(build, using, wrap)
            with self._lock:
                self.misses += 1
                self._entries[full_key] = entry
                if len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
        if entry is _EMPTY:
            return None
        sql, template = entry
        params = [values[v] if is_slot else v for is_slot, v in template]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
