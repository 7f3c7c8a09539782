from pathlib import Path

from tests.knowledge.test_editing_i18n import _po_entries

PO = Path(__file__).resolve().parents[2] / "notifications" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_the_centres_english_catalogue_is_complete():
    entries = [e for e in _po_entries(PO) if e[1]]
    assert len(entries) > 50
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for flags, msgid, msgstrs in entries if not all(msgstrs)] == []
