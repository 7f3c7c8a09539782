"""OGC's messages are marked for translation and its English catalogue is complete (the
library's checks, tests/knowledge/test_editing_i18n.py)."""

from pathlib import Path

from tests.knowledge.test_editing_i18n import _po_entries, _untranslated_messages

OGC = Path(__file__).resolve().parents[2] / "ogc"


def test_every_message_ogc_raises_is_marked_for_translation():
    unmarked = _untranslated_messages(OGC / "params.py")
    unmarked += _untranslated_messages(OGC / "views.py", collected=False)
    assert not unmarked, "\n".join(unmarked)


def test_the_english_catalogue_of_ogc_is_complete():
    entries = [e for e in _po_entries(OGC / "locale" / "en" / "LC_MESSAGES" / "django.po") if e[1]]
    assert len(entries) > 25
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for flags, msgid, msgstrs in entries if not all(msgstrs)] == []
