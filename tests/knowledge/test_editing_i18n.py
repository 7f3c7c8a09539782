"""Errors in the visitor's language: every message a knowledge service or selector raises is marked for
translation, the English catalogue has them all, and an English request gets English from a
service error on a page and in the API (defect 6 of issue 10)."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from knowledge import services
from tests.knowledge.factories import DocumentFactory

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
SERVICE_FILES = sorted((KNOWLEDGE / "services").glob("*.py")) + [KNOWLEDGE / "permissions.py"]
# The selectors build SQL with f-strings and lists: only what they raise is read there.
SELECTOR_FILES = sorted((KNOWLEDGE / "selectors").glob("*.py"))
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}
RAISED = {"ValidationError", "PermissionDenied"}


def _words(node) -> bool:
    """A literal a user would read: a string with letters, or an f-string."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and any(c.isalpha() for c in node.value)


def _unmarked(node, found):
    """Literals under `node` that are not inside a gettext call."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT:
        return
    if _words(node):
        found.append(node)
        return
    if isinstance(node, ast.Dict):  # {"field": message}: the keys are names, not messages
        for value in node.values:
            _unmarked(value, found)
        return
    if isinstance(node, ast.Subscript):  # exc.message_dict["field"]
        return _unmarked(node.value, found)
    for child in ast.iter_child_nodes(node):
        _unmarked(child, found)


def _untranslated_messages(path: Path, *, collected=True) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RAISED:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                _unmarked(arg, found)
        if not collected:
            continue
        # errors["field"] = "…" / messages.append("…"): collected first, raised later
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
            _unmarked(node.value, found)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "append":
            for arg in node.args:
                _unmarked(arg, found)
    return [f"{path.name}:{n.lineno}: {ast.unparse(n)[:70]}" for n in found]


def test_every_message_of_the_knowledge_services_and_selectors_is_marked_for_translation():
    assert KNOWLEDGE / "selectors" / "searching.py" in SELECTOR_FILES
    unmarked = [m for path in SERVICE_FILES for m in _untranslated_messages(path)]
    unmarked += [m for path in SELECTOR_FILES for m in _untranslated_messages(path, collected=False)]
    assert not unmarked, "\n".join(unmarked)


def _po_entries(path: Path):
    """(flags, msgid, msgstr) of each live entry of a .po file (obsolete #~ entries left out)."""
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        msgid, msgstrs, current = [], [], None
        for line in lines:
            keyword, _, rest = line.partition(" ")
            if keyword == "msgid":
                current = msgid
            elif keyword == "msgid_plural":
                current = None
            elif keyword.startswith("msgstr"):  # msgstr, or msgstr[n] of a plural
                msgstrs.append([])
                current = msgstrs[-1]
            elif line.startswith('"'):
                rest = line
            else:
                continue
            if current is not None:
                current.append(ast.literal_eval(rest))
        if msgid or msgstrs:
            yield flags, "".join(msgid), ["".join(s) for s in msgstrs]


def test_the_english_catalogue_of_the_library_is_complete():
    po = KNOWLEDGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = [e for e in _po_entries(po) if e[1]]  # the header has an empty msgid
    assert len(entries) > 300
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for flags, msgid, msgstrs in entries if not all(msgstrs)] == []


def test_a_service_error_is_in_the_active_language(editor):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.document_create(
            data={"title": "", "year": 17, "kind": "report", "publisher": "finns-inte"}, actor=editor
        )
    errors = exc.value.message_dict
    assert errors["title"] == ["Enter a title."]
    assert errors["year"][0].startswith("Enter a year between 1900 and")
    assert errors["publisher"] == ["There is no organisation with the short address “finns-inte”."]
    with translation.override("sv"), pytest.raises(ValidationError) as exc:
        services.document_create(data={"title": "", "year": 2026, "kind": "report"}, actor=editor)
    assert exc.value.message_dict["title"] == ["Ange en titel."]


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"  # tests/conftest.py puts Swedish back afterwards


def test_an_english_page_shows_the_services_errors_in_english(client, editor, region, english):
    client.force_login(editor)
    response = client.post(
        "/dokument/nytt/",
        {
            "title": "New analysis",
            "year": "17",
            "kind": "report",
            "publisher": region.slug,
            "files": [SimpleUploadedFile("a.pdf", b"no")],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in body
    assert "Enter a year between 1900 and" in body
    assert "a.pdf is named .pdf but its content is not a PDF." in body
    assert "mellan 1900" not in body and "innehållet" not in body


def test_the_api_answers_a_service_error_in_english(client, editor, english):
    document = DocumentFactory()
    client.force_login(editor)
    itself = client.post(
        f"/api/v1/documents/{document.slug}/supersede/", {"by": document.slug}, content_type="application/json"
    )
    assert itself.status_code == 400
    assert itself.json()["superseded_by"] == ["A document cannot supersede itself."]
    created = client.post(
        "/api/v1/documents/",
        {"title": "x", "year": 2026, "kind": "report", "publisher": document.publisher.slug, "municipalities": ["0"]},
        content_type="application/json",
    )
    assert created.status_code == 400
    assert created.json()["municipalities"] == [
        "There is no municipality in the county with code 0. Give SCB codes, e.g. 1880."
    ]


def test_the_api_answers_a_selector_error_in_english(db, client, english):
    kind = client.get("/api/v1/documents/", {"kind": "roman"})
    assert kind.status_code == 400
    assert kind.json()["kind"] == ["Unknown document type. Choose a document type in the list."]
    sort = client.get("/api/v1/documents/", {"sort": "random"})
    assert sort.status_code == 400 and sort.json()["sort"] == ["Sort by relevance, year or title."]
    news = client.get("/api/v1/news/", {"theme": "finns-inte"})
    assert news.status_code == 400 and news.json()["theme"] == ["There is no such theme. Choose a theme in the list."]
