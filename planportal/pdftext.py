"""A PDF's text, read with pypdf, for the library's search (knowledge) and the referral intake
(a deadline stated in an attached cover letter). Never raises on a broken or hostile file: the
outcome says what happened."""

import dataclasses
import io
import logging

logger = logging.getLogger(__name__)

DONE, EMPTY, ENCRYPTED, UNREADABLE = "done", "empty", "encrypted", "unreadable"


@dataclasses.dataclass(frozen=True)
class PdfText:
    text: str
    status: str  # DONE, EMPTY (no text layer: a scan), ENCRYPTED or UNREADABLE
    pages: int | None = None


def pdf_text(data: bytes, *, max_pages: int | None = None, label: str = "") -> PdfText:
    """The text of the PDF in `data` (its first `max_pages` pages when given), NUL-free (a
    PostgreSQL text cannot hold one). Many PDFs are "encrypted" with an empty password only to
    block editing: those are read."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return PdfText("", ENCRYPTED)
            except (FileNotDecryptedError, NotImplementedError):
                return PdfText("", ENCRYPTED)
        pages = reader.pages if max_pages is None else reader.pages[:max_pages]
        text = "\n".join((page.extract_text() or "") for page in pages).strip().replace("\x00", "")
        return PdfText(text, DONE if text else EMPTY, len(reader.pages))
    except (PdfReadError, FileNotDecryptedError, ValueError, KeyError, TypeError, OSError) as exc:
        logger.info("PDF %s unreadable: %s", label, exc)
    except Exception as exc:  # pypdf raises many kinds on malformed files; never fail the caller
        logger.warning("PDF %s unreadable (%s): %s", label, type(exc).__name__, exc)
    return PdfText("", UNREADABLE)
