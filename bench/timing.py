"""Timing helpers for benchmarks: interleaved runs so both sides see the same machine state."""

import io
import statistics
import time


def interleaved(funcs: dict, *, rounds: int = 30, warmup: int = 3) -> dict[str, list[float]]:
    """Runs each callable once per round, alternating, and returns the seconds per call."""
    for _ in range(warmup):
        for func in funcs.values():
            func()
    times = {name: [] for name in funcs}
    for _ in range(rounds):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return times


def median(values):
    return statistics.median(values)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def wsgi_get(
    application, path: str, query: str = "", *, accept: str = "application/json", cookie: str = "", consume=False
) -> bytes | int:
    """One GET through the WSGI application, as a WSGI server (gunicorn) calls it: without the
    test client's own instrumentation (template signals, cookie jar, response decoration).
    Asserts a 200 and returns the body; with `consume`, only its length (the chunks are passed
    on as a WSGI server writes them, so the measurement holds no copy of its own)."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_ACCEPT": accept,
        "HTTP_COOKIE": cookie,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    chunks = application(environ, lambda s, headers, exc_info=None: status.append(s))
    if consume:
        size = sum(len(chunk) for chunk in chunks)
        assert status[0].startswith("200"), status
        return size
    body = b"".join(chunks)
    assert status[0].startswith("200"), (status, body[:300])
    return body


TRIVIAL_PATH = "/api/v1/themes/"  # a small public list: one tiny query


def trivial_get(application):
    """One trivial API request: beside a measurement, the fixed cost of any request on this
    machine (middleware, session, URL resolving, DRF), for reading a ratio to a fast query."""
    return wsgi_get(application, TRIVIAL_PATH)
