"""The search result's snippet (PostgreSQL's ts_headline over the summary) is text: whatever a
summary holds is shown escaped; only the highlight marks are markup."""

import re

import pytest

from knowledge import search
from tests.knowledge.factories import DocumentFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Vindkraft <script>alert('x')</script> och <img src=x onerror=alert(1)> nära "
    '"vägar" & 3 < 4 > 2 i länet, vindkraftens <b>elnät</b>.'
)


@pytest.fixture
def hostile():
    return DocumentFactory(title="Vindkraftsunderlag", summary=HOSTILE)


def snippets(body):
    return [part.split("</p>", 1)[0] for part in body.split('class="kl-snippet">')[1:]]


def only_marks(snippet):
    return set(re.findall(r"<[^>]*>", snippet)) <= {"<mark>", "</mark>"}


def test_a_summarys_markup_is_shown_as_text_on_the_search_page(client, hostile):
    body = client.get("/dokument/sok/", {"q": "vindkraft"}).content.decode()
    (snippet,) = snippets(body)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert only_marks(snippet), snippet
    # ts_headline drops some tags itself (<script>, <b>) but hands others on (<img …>).
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "&quot;vägar&quot; &amp; 3 &lt; 4 &gt; 2" in snippet
    # The words found are still marked.
    assert "<mark>Vindkraft</mark>" in snippet and "<mark>vindkraftens</mark>" in snippet


def test_a_plain_less_than_sign_does_not_break_the_page(client):
    DocumentFactory(title="Buller", summary="Vindkraft under 40 dB<br eller < 35 dB.")
    body = client.get("/dokument/sok/", {"q": "vindkraft"}).content.decode()
    (snippet,) = snippets(body)
    # (ts_headline cuts a fragment of a few words around the match.)
    assert snippet.startswith("<mark>Vindkraft</mark> under 40 dB&lt;br eller") and only_marks(snippet), snippet
    assert body.count("<p") == body.count("</p>")


@pytest.mark.parametrize(
    "raw, html",
    [
        ("a \ue000b\ue001 c", "a <mark>b</mark> c"),
        ("<i>\ue000x\ue001</i>", "&lt;i&gt;<mark>x</mark>&lt;/i&gt;"),
        # Stray or unbalanced sentinels (a summary could hold the characters) never leave an open tag.
        ("\ue001a \ue000b", "a <mark>b</mark>"),
        ("\ue000a \ue000b\ue001\ue001", "<mark>a b</mark>"),
        ("", ""),
    ],
)
def test_marked_keeps_only_balanced_marks(raw, html):
    assert search.marked(raw) == html


def test_the_api_gives_the_summary_as_text(client, hostile):
    response = client.get("/api/v1/documents/", {"q": "vindkraft"})
    assert response["Content-Type"] == "application/json"
    (row,) = response.json()["results"]
    assert row["summary"] == HOSTILE and "headline" not in row
