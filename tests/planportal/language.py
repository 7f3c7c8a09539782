"""Telling the portal's own text on a page from the people's, and Swedish from English (issue 12 and
issue 13 item 2), shared by test_english_pages.py and test_language_every_page.py.

own_text(html) is what the portal wrote inside <main>: tags, scripts, styles and SVG dropped, and
whatever is marked lang="sv" (people's text shown among English, which stays in its language).
SWEDISH finds Swedish the portal would write on an English page (function words and UI verbs
English never has); ENGLISH finds English UI words and function words on a Swedish page (none of
them a Swedish word: "Filter", "Status", "in", "all" are left out, which Swedish uses too)."""

import re

SWEDISH = re.compile(
    r"\b(och|för|inte|eller|från|till|med|som|att|har|ett|är|måste|finns|detta|kunde|Visa|Sök|Spara|Avbryt|Filtrera|"
    r"Alla|Inga|Ingen|saknas|senast|procent|antal|kommunen|möten|mötet|dokument|remisser|nätverk|Kommun|"
    r"Ändra|Ta bort|Hittades|behörighet|obligatoriskt)\b"
)
ENGLISH = re.compile(
    r"\b(the|and|of|with|from|your|you|this|is|are|not|Search|Save|Cancel|Show|Hide|Delete|Remove|Edit|"
    r"Previous|Next|Sign in|Sign out|Log in|Download|Upload|Submit|Loading|Required|Optional|Back to|"
    r"No results|Page|Close|More|Add|Choose|Select|Found|Not found|Authentication|Permission)\b"
)
LANG_SV = re.compile(r'<(\w+)\b[^>]*\blang="sv"[^>]*>.*?</\1>', re.S)
LANG_EN = re.compile(r'<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', re.S)


def own_text(html, drop=LANG_SV):
    """The text the portal wrote in <main> (the whole body when a page has no <main>), with what
    `drop` matches (by default: marked lang="sv") left out."""
    inside = re.split(r"<main\b[^>]*>", html, maxsplit=1)
    main = inside[1].split("</main>", 1)[0] if len(inside) > 1 else html
    main = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", main, flags=re.S)
    main = drop.sub(" ", main)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def found_words(pattern, text, context=50, limit=5):
    """(sorted words found, up to `limit` snippets around them) for a failure message."""
    matches = list(pattern.finditer(text))
    words = sorted({m.group(0) for m in matches})
    snippets = [text[max(0, m.start() - context) : m.end() + context].strip() for m in matches[:limit]]
    return words, snippets


def strings_of(data):
    """Every string in a decoded JSON body (keys left out), for checking an API answer's language."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_of(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_of(value)]
    return []
