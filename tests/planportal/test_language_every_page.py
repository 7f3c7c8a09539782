"""Issue 13 item 2: the language of every page and of the API's errors.

Every page of the portal is walked from the URL configuration (tests/planportal/url_walk.py, the
walk of the permission matrix, on its data set): each row answering 200 HTML to some role is read
as the role that works with it (url_walk.working_role) and, where the signed-out may see it,
signed out, through Django's test client, in English and in Swedish, plus the 403 and 404 pages.
The page's own text (language.own_text: inside <main>, without what is marked lang="sv") must have
no Swedish of the portal in English (language.SWEDISH), and the Swedish page no English UI text
(language.ENGLISH; what is marked lang="en" is left out). The data set's names are neutral or
marked where shown; people's text stays in its language.

The API's error bodies (a validation 400, 403, 404, 405) answer in the language asked for
(Accept-Language), and every English catalogue (*.po) is complete: no untranslated or fuzzy entry."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from . import url_walk
from .language import ENGLISH, LANG_EN, LANG_SV, SWEDISH, found_words, own_text, strings_of
from .matrix_world import ROLES
from .url_walk import cells, expected_page, html_pages, working_role

pytestmark = pytest.mark.django_db

world, clients = url_walk.world, url_walk.clients


def _visits(world, clients):
    """(label, URL, role) of every page read, and the error pages."""
    visits = []
    for name, url, seeing in html_pages(world, clients):
        roles = [working_role(name, seeing)] + (["anonymous"] if "anonymous" in seeing else [])
        visits += [(name, url, role) for role in roles if role]
    refused = next(
        (name, url, role)
        for name, url in cells(world)
        for role, got in zip(ROLES, expected_page(name) or (), strict=False)
        if got == 403 and not name.startswith("admin:")
    )
    visits.append(("403 " + refused[0], refused[1], refused[2]))
    visits += [("404", "/finns-inte/", "anonymous"), ("404", "/finns-inte/", "planner")]
    return visits


def _read(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    try:
        return client.get(url, HTTP_ACCEPT=url_walk.BROWSER_ACCEPT)
    finally:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]


def _reference_names():
    """Names the portal did not write but shows as they are: the Region's units (proper names of
    its own units, written by referrals' migrations), left out of the text read."""
    from referrals.models import Unit

    return sorted((name for name in Unit.objects.values_list("name", flat=True) if name), key=len, reverse=True)


def test_every_page_is_in_one_language(world, clients):
    problems, read, in_language = [], 0, {"en": 0, "sv": 0}
    names = _reference_names()
    for label, url, role in _visits(world, clients):
        for language, pattern, drop in (("en", SWEDISH, LANG_SV), ("sv", ENGLISH, LANG_EN)):
            response = _read(clients[role], url, language)
            if response.status_code not in (200, 403, 404):
                problems.append(f"{label} {url} as {role}, {language}: status {response.status_code}")
                continue
            read += 1
            html = response.content.decode()
            text = own_text(html, drop=drop)
            for name in names:
                text = text.replace(name, " ")
            words, snippets = found_words(pattern, text)
            if words:
                problems.append(f"{label} {url} as {role}, {language}: {words}\n    " + "\n    ".join(snippets))
            # The check can fail: the text read is in the page's language (its own words are found).
            in_language[language] += bool((ENGLISH if language == "en" else SWEDISH).search(text))
    print(f"language: {read} pages read, {in_language} of them with words of their language")
    assert read > 2 * 100, f"only {read} pages read"
    assert min(in_language.values()) > 0.9 * read / 2, in_language
    assert not problems, f"{len(problems)} pages in the wrong language:\n" + "\n".join(problems)


def test_the_patterns_find_what_they_look_for():
    assert SWEDISH.search("Sök bland dokument och nätverk") and SWEDISH.search("Hittades inte.")
    assert ENGLISH.search("Save the changes") and ENGLISH.search("Sign in to see it")
    # Words Swedish shares with English are not English here; the people's text is left out.
    for swedish in ("Logga in", "Filter", "Status", "alla år", "Start", "Kommun", "Dokument"):
        assert not ENGLISH.search(swedish), swedish
    for english in ("Municipality", "Documents", "Referral register", "Per cent"):
        assert not SWEDISH.search(english), english
    html = '<main><h1>Planned</h1><p lang="sv">Planer för alla</p><script>x = "och"</script></main>'
    assert own_text(html).split() == ["Planned"]
    assert "Planer för alla" in own_text(html, drop=LANG_EN)


# --- the API's error bodies -----------------------------------------------------------------


def _api_errors(world):
    """(label, role, method, URL, body, status) of one error answer of each kind."""
    theme = world["theme"].slug
    return [
        ("validation", "case_officer", "post", "/api/v1/referrals/", {}, 400),
        ("bad parameter", "anonymous", "get", "/api/v1/search/", None, 400),
        ("not signed in", "anonymous", "get", "/api/v1/people/", None, 403),
        ("no right", "planner", "post", "/api/v1/referrals/", {}, 403),
        ("no object", "anonymous", "get", "/api/v1/documents/finns-inte/", None, 404),
        ("no route", "anonymous", "get", "/api/v1/finns-inte/", None, 404),
        ("method", "planner", "delete", f"/api/v1/themes/{theme}/", None, 405),
    ]


def test_api_errors_answer_in_the_language_asked_for(world, clients):
    problems, bodies = [], {}
    for label, role, method, url, body, status in _api_errors(world):
        for language, pattern in (("en", SWEDISH), ("sv", ENGLISH)):
            kwargs = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_ACCEPT": "application/json"}
            if body is not None:
                kwargs.update(data=json.dumps(body), content_type="application/json")
            response = getattr(clients[role], method)(url, **kwargs)
            where = f"{label}: {method.upper()} {url} as {role}, {language}"
            if response.status_code != status:
                problems.append(f"{where}: status {response.status_code}, expected {status}")
                continue
            texts = strings_of(response.json())
            bodies[(label, language)] = texts
            words, snippets = found_words(pattern, " | ".join(texts))
            if not texts:
                problems.append(f"{where}: no message")
            if words:
                problems.append(f"{where}: {words} in {texts}")
        if bodies.get((label, "en")) == bodies.get((label, "sv")):
            problems.append(f"{label}: the same body in English and Swedish: {bodies.get((label, 'en'))}")
    assert not problems, "\n".join(problems)


def test_the_portals_own_calls_to_the_api_follow_the_language_switch(client, db):
    """A browser (Sec-Fetch-Site) on the portal's pages gets the API in the switch's language, as
    the page around it, whatever its Accept-Language; a script asking for English gets English."""
    browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9", "HTTP_SEC_FETCH_SITE": "same-origin"}
    assert client.get("/api/v1/finns-inte/", **browser).json() == {"detail": "Hittades inte."}
    assert client.get("/api/v1/finns-inte/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").json() == {"detail": "Not found."}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/api/v1/finns-inte/", **browser).json() == {"detail": "Not found."}
    assert client.get("/api/v1/finns-inte/", HTTP_ACCEPT_LANGUAGE="sv").json() == {"detail": "Not found."}


# --- the catalogues ---------------------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po")) + [ROOT / "locale/en/LC_MESSAGES/django.po"]


def _live_entries(path):
    """(fuzzy, msgid, [msgstr …]) of each entry but the header and the obsolete (#~) ones."""
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                current = match.group(1)
                parts[current] = [json.loads(match.group(2))]
            elif line.startswith('"') and current:
                parts[current].append(json.loads(line))
        msgid = "".join(parts.get("msgid", []))
        if msgid:
            yield fuzzy, msgid, ["".join(v) for k, v in parts.items() if k.startswith("msgstr")]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(catalogue):
    entries = list(_live_entries(catalogue))
    assert entries, f"{catalogue}: no entries read"
    fuzzy = [msgid for is_fuzzy, msgid, _ in entries if is_fuzzy]
    untranslated = [msgid for _, msgid, msgstrs in entries if not msgstrs or not all(msgstrs)]
    assert not fuzzy, f"fuzzy entries in {catalogue}: {fuzzy}"
    assert not untranslated, f"untranslated entries in {catalogue}: {untranslated}"


def test_the_catalogue_check_finds_what_it_looks_for(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy\nmsgid "Spara"\nmsgstr "Save"\n\n'
        'msgid "Avbryt"\nmsgstr ""\n\n'
        'msgid "en fil"\nmsgid_plural "%(n)s filer"\nmsgstr[0] "a file"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gammal"\n#~ msgstr ""\n'
    )
    entries = list(_live_entries(po))
    assert [(fuzzy, msgid) for fuzzy, msgid, _ in entries] == [(True, "Spara"), (False, "Avbryt"), (False, "en fil")]
    assert [msgstrs for _, _, msgstrs in entries] == [["Save"], [""], ["a file", ""]]
