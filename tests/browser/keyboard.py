"""Keyboard-only use of a page in Chromium, for the tests of the main flows: focus moves by Tab,
every stop shows where the focus is (WCAG 2.4.7), and things are done with Enter, Space and typing."""

import pytest
from playwright.sync_api import expect

FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    // In a date field, Tab also stops on Chromium's own calendar button (inside the field, drawn
    // with the browser's focus ring): the field itself then has no :focus.
    const pickerButton = el.type === "date" && !el.matches(":focus");
    return {id: el.id, tag: el.tagName, text: (el.innerText || "").trim().slice(0, 60),
            shown: outline || style.boxShadow !== "none" || pickerButton};
}"""


def _has_focus(page, target) -> bool:
    if isinstance(target, str):  # a CSS selector
        return page.evaluate("s => document.activeElement.matches(s)", target)
    return target.evaluate("el => el === document.activeElement")  # a Playwright locator


def tab_to(page, target, *, limit=120):
    """Presses Tab until `target` (a CSS selector or a locator of one element) has the focus
    (unless it has it); every stop on the way shows where focus is."""
    if _has_focus(page, target):
        return  # already there (a field the page focuses first)
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SHOWN)
        stops.append(focused["id"] or focused["tag"])
        # Past the page's last stop focus leaves for the browser's own controls (the body).
        assert focused["shown"] or focused["tag"] == "BODY", f"focus not visible on {focused} after {stops}"
        if _has_focus(page, target):
            return
    pytest.fail(f"{target} never got the focus by Tab (stops: {stops[-15:]})")


def sign_in(page, live_server, username, password="secret-pass-123"):
    """Through the sign-in form, by keyboard."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/konto/logga-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    tab_to(page, "#id_password")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.locator(".site-account")).to_contain_text("Logga ut")
