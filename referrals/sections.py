"""Sections of the case page that other concerns add (internal consultation, the reply, the
outcome …), so the case page (views/cases.py) never imports them:

    register_case_section("reply", order=40, template="referrals/reply/section.html",
                          context=lambda referral, request: {"reply": ...})

Each concern registers at import time of its views module (referrals/urls.py imports them all).
The page renders every section's template, in `order`, with the page's context plus the
section's own (`section_context`, also merged at the top level)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseSection:
    key: str
    order: int
    template: str
    context: Callable | None = None


_SECTIONS: dict[str, CaseSection] = {}


def register_case_section(key: str, *, order: int, template: str, context: Callable | None = None) -> None:
    """Add (or replace, by `key`) a section of the case page. `context(referral, request)` returns
    a dict for the template, or None to leave the section out for this case or user."""
    _SECTIONS[key] = CaseSection(key=key, order=order, template=template, context=context)


def case_sections() -> list[CaseSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def render_sections(referral, request) -> list[dict]:
    """[{"key", "template", "context"}] of the sections to show, in order."""
    shown = []
    for section in case_sections():
        context = section.context(referral, request) if section.context else {}
        if context is None:
            continue
        shown.append({"key": section.key, "template": section.template, "context": context})
    return shown
