"""Sources the centre reads on a schedule (notifications.tasks.collect_sources): an app higher in
the order registers, in its AppConfig.ready(), a function that says what happened between two
times and to whom; the centre sends or queues each as the recipients chose. The function
returns an iterable of keyword arguments for notifications.services.notify."""

_SOURCES: dict = {}


def register_source(key: str, func) -> None:
    """func(*, since, until) -> iterable of dicts: kind, recipients, subject, text, url, target."""
    _SOURCES[key] = func


def sources() -> dict:
    return dict(_SOURCES)
