"""Defect 6 for the shared pieces: every message planportal's helpers raise (uploads, areas,
vector files, files, bbox, role refusals, the request limit) is marked for translation, the
project's English catalogue has them all, and English comes out when English is active."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.knowledge.test_editing_i18n import _po_entries, _unmarked

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [
    ROOT / "planportal" / name
    for name in (
        "areas.py",
        "area_field.py",
        "files.py",
        "geo.py",
        "geodata.py",
        "middleware.py",
        "permissions.py",
        "uploads.py",
    )
]
RAISED = {"ValidationError", "PermissionDenied", "GeodataError", "Http404", "_refuse", "_error"}


def unmarked_messages(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RAISED:
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg not in ("code", "params"))]
            for arg in arguments:
                if isinstance(arg, ast.Constant) and str(arg.value).startswith(("area_", "upload_", "bbox_")):
                    continue  # an error code: a name, not a message
                if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Mod):
                    arg = arg.left  # _("… %(max)s …") % {...}: the values are numbers and names
                _unmarked(arg, found)
    return [f"{path.name}:{n.lineno}: {ast.unparse(n)[:70]}" for n in found]


def test_every_message_the_shared_helpers_raise_is_marked_for_translation():
    unmarked = [m for path in CHECKED for m in unmarked_messages(path)]
    assert not unmarked, "\n".join(unmarked)


def test_the_projects_english_catalogue_is_complete():
    entries = [e for e in _po_entries(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po") if e[1]]
    assert len(entries) > 100
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []
    assert [msgid for flags, msgid, msgstrs in entries if not all(msgstrs)] == []


def test_upload_vector_file_and_area_errors_in_english(tmp_path):
    from planportal.areas import area_from_geojson
    from planportal.geodata import GeodataError, open_vector_file
    from planportal.uploads import validate_upload

    path = tmp_path / "plan.zip"
    path.write_bytes(b"not a zip")
    with translation.override("en"):
        with pytest.raises(GeodataError) as exc, open_vector_file(path):
            pass
        assert str(exc.value) == "plan.zip: the zip file is damaged or not a zip file."
        with pytest.raises(ValidationError) as exc:
            validate_upload(SimpleUploadedFile("tom.pdf", b""), kinds=("pdf",))
        assert exc.value.message_dict["file"] == ["tom.pdf is empty (0 bytes)."]
        with pytest.raises(ValidationError) as exc:
            area_from_geojson('{"type": "Polygon", "coordinates": [[[5, 59], [5.1, 59], [5.1, 59.1], [5, 59]]]}')
        assert exc.value.message_dict["area"] == [
            "The drawn area lies outside Sweden. Is the coordinate reference system given correctly?"
        ]
