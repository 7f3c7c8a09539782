"""The exports app in English: its catalogue is complete (no empty or fuzzy entry) and its pages
and messages follow the chosen language."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.knowledge.test_editing_i18n import _po_entries

PO = Path(__file__).resolve().parents[2] / "exports" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_the_english_catalogue_of_exports_is_complete():
    entries = [e for e in _po_entries(PO) if e[1]]
    assert len(entries) > 40
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for flags, msgid, msgstrs in entries if not all(msgstrs)] == []


@pytest.mark.django_db
def test_a_bad_filter_is_explained_in_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("exports:list", args=["rus.values"]), {"year": "x", "format": "csv"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The list could not be downloaded" in html and "year: Enter a whole number, e.g. 2026." in html


@pytest.mark.django_db
def test_the_downloads_page_is_in_english_when_chosen(client, planner):
    client.force_login(planner)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("exports:job_list")).content.decode()
    assert "My downloads" in html and "You have no downloads." in html
