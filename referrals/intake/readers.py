"""Reading an uploaded e-mail into a RawMessage: .eml with the standard library's `email`
package (policy.default decodes RFC 2047 headers, quoted-printable, base64 and RFC 2231 file
names), .msg saved from Outlook with extract-msg. The format is decided by the content, not
the file name: an OLE compound file that extract-msg opens as a message is .msg; bytes that
start with RFC 5322 header lines naming a sender, date or subject are .eml; anything else is
refused."""

import dataclasses
import logging
import mimetypes
import re
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import html_to_text
from .types import EmailAttachment, RawMessage

logger = logging.getLogger(__name__)
# extract-msg logs every property it finds unusual (a warning each for many messages that open
# well); what matters to us is whether the message opens, which is handled below.
logging.getLogger("extract_msg").setLevel(logging.ERROR)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")
# Headers a real message has; a text file with one "Note:" line is not a message.
MESSAGE_HEADERS = {"from", "date", "subject", "message-id", "mime-version", "received", "to", "return-path"}
ATTACHED = _("Bifogad fil")
ATTACHED_IN_FORWARDED = _("Bifogad fil i det vidarebefordrade meddelandet")


def max_bytes() -> int:
    return int(getattr(settings, "REFERRAL_EMAIL_MAX_MB", 25)) * 1024 * 1024


def read_upload(upload, *, filename: str) -> bytes:
    """The upload's bytes, after refusing one that is too large (by its reported size, before
    anything is read) or empty. `upload` is a Django UploadedFile, a file object or bytes."""
    limit = max_bytes()
    if isinstance(upload, bytes | bytearray | memoryview):
        data = bytes(upload)
        size = len(data)
    else:
        size = getattr(upload, "size", None)
        data = None
    if size is not None and size > limit:
        raise _too_large(filename, size, limit)
    if data is None:
        if hasattr(upload, "seek"):
            upload.seek(0)
        # One byte more than the limit: a file object without a size is still not read whole.
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise _too_large(filename, len(data), limit)
    if not data or data.isspace():
        raise ValidationError(
            {"file": ValidationError(_("Filen ”%(name)s” är tom."), code="empty", params={"name": filename})}
        )
    return data


def _too_large(filename: str, size: int, limit: int) -> ValidationError:
    message = _(
        "Filen ”%(name)s” är %(size)s MB; ett e-postmeddelande får vara högst %(max)s MB. "
        "Spara bilagorna för sig och släpp meddelandet utan dem, eller be avsändaren om länkar."
    )
    params = {"name": filename, "size": f"{size / (1024 * 1024):.1f}".replace(".", ","), "max": limit // 1048576}
    return ValidationError({"file": ValidationError(message, code="too_large", params=params)})


def not_an_email(filename: str) -> ValidationError:
    return ValidationError(
        {
            "file": ValidationError(
                _(
                    "Filen ”%(name)s” är inte ett e-postmeddelande. Släpp meddelandet som .eml, "
                    "eller som .msg sparat från Outlook."
                ),
                code="not_email",
                params={"name": filename},
            )
        }
    )


def detect_format(data: bytes) -> str | None:
    """ "msg", "eml" or None, from the content."""
    if data.startswith(OLE_MAGIC):
        return "msg"
    head = data[:65536]
    if b"\x00" in head:
        return None
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n\t ")
    if head.startswith(b"From "):  # an mbox separator line before the headers
        head = head.split(b"\n", 1)[-1]
    if not HEADER_LINE.match(head):
        return None
    headers = BytesParser(policy=policy.compat32).parsebytes(head, headersonly=True)
    names = {key.lower() for key in headers}
    return "eml" if len(names & MESSAGE_HEADERS) >= 2 else None


def damaged(filename: str) -> ValidationError:
    return ValidationError(
        {
            "file": ValidationError(
                _(
                    "Filen ”%(name)s” ser ut som ett e-postmeddelande men kunde inte läsas; den kan vara "
                    "skadad. Spara meddelandet på nytt från e-postprogrammet och försök igen."
                ),
                code="damaged",
                params={"name": filename},
            )
        }
    )


def read_message(data: bytes, *, filename: str) -> tuple[str, RawMessage]:
    kind = detect_format(data)
    if kind is None:
        raise not_an_email(filename)
    try:
        if kind == "msg":
            return kind, _cleaned(_read_msg(data, filename=filename))
        return kind, _cleaned(_from_email_message(BytesParser(policy=policy.default).parsebytes(data)))
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a message the readers choke on is the sender's file, not our fault
        logger.info("Unreadable e-mail %s", filename, exc_info=True)
        raise damaged(filename) from exc


def clean_text(value: str) -> str:
    """Text safe to store and send: no NUL, and no lone surrogates, which the email package
    leaves for bytes it could not decode (raw 8-bit headers from older programs); those bytes
    are read as UTF-8 when they are, else as Windows-1252."""
    value = (value or "").replace("\x00", "")
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _cleaned(raw: RawMessage) -> RawMessage:
    raw.subject, raw.from_name = clean_text(raw.subject), clean_text(raw.from_name)
    raw.from_address, raw.body_text = clean_text(raw.from_address), clean_text(raw.body_text)
    raw.attachments = [dataclasses.replace(a, filename=clean_text(a.filename)) for a in raw.attachments]
    raw.attached_messages = [_cleaned(m) for m in raw.attached_messages]
    return raw


# --- .eml ---------------------------------------------------------------------------------------


def _header(message, name) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, TypeError, IndexError):  # a header too broken to decode
        return ""


def _from_email_message(message) -> RawMessage:
    raw = RawMessage(subject=" ".join(_header(message, "subject").split()))
    raw.from_name, raw.from_address = _address(message)
    try:
        date_header = message.get("date")
        raw.sent = getattr(date_header, "datetime", None)
    except (ValueError, TypeError, IndexError):
        raw.sent = None
    body = None
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError):
        body = None
    if body is not None:
        content = _text_content(body).replace("\r\n", "\n")
        raw.body_text = html_to_text(content) if body.get_content_type() == "text/html" else content
    _collect_parts(message, body, raw)
    return raw


def _address(message) -> tuple[str, str]:
    try:
        header = message.get("from")
        addresses = getattr(header, "addresses", ())
        if addresses:
            return addresses[0].display_name or "", addresses[0].addr_spec or ""
    except (ValueError, TypeError, IndexError):
        pass
    name, address = parseaddr(_header(message, "from"))
    return name, address


def _text_content(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError):  # unknown or wrong charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("latin-1", errors="replace")


def _collect_parts(part, body, raw: RawMessage) -> None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if hasattr(inner, "get_content_type"):
            raw.attached_messages.append(_from_email_message(inner))
        return
    if part.is_multipart():
        for sub in part.iter_parts():
            _collect_parts(sub, body, raw)
        return
    if part is body:
        return
    disposition = part.get_content_disposition()
    filename = part.get_filename()
    content_type = part.get_content_type()
    if disposition != "attachment" and not filename:
        return  # the other alternative of the body, not a file
    if disposition == "inline" and content_type.startswith("image/") and part.get("content-id"):
        return  # a logo or picture shown in the body (a signature's image)
    data = part.get_payload(decode=True) or b""
    name = _clean_filename(filename) or f"bilaga-{len(raw.attachments) + 1}{_extension(content_type)}"
    raw.attachments.append(EmailAttachment(name, content_type, len(data), data, ATTACHED))


def _clean_filename(name) -> str:
    name = " ".join(str(name or "").replace("\\", "/").split("/")[-1].split())
    return name.strip(". ")


def _extension(content_type: str) -> str:
    return mimetypes.guess_extension(content_type) or ".bin"


# --- .msg ---------------------------------------------------------------------------------------


def _read_msg(data: bytes, *, filename: str) -> RawMessage:
    import extract_msg
    from extract_msg.msg_classes import MessageBase

    try:
        message = extract_msg.openMsg(data)
    except Exception as exc:  # noqa: BLE001 - any OLE file that is not a message (a .doc, a broken file)
        logger.info("Not an Outlook message: %s (%s)", filename, exc)
        raise not_an_email(filename) from exc
    try:
        if not isinstance(message, MessageBase):
            raise not_an_email(filename)
        return _from_msg(message)
    finally:
        message.close()


# Where Outlook keeps the sender's SMTP address when the From header does not show it (an
# Exchange sender's PR_SENDER_EMAIL_ADDRESS is an X.500 name, not an address):
# PR_SENDER_SMTP_ADDRESS, PR_SENT_REPRESENTING_SMTP_ADDRESS, PR_SENDER_EMAIL_ADDRESS,
# PR_SENT_REPRESENTING_EMAIL_ADDRESS.
SENDER_ADDRESS_STREAMS = ["__substg1.0_5D01", "__substg1.0_5D02", "__substg1.0_0C1F", "__substg1.0_0065"]
SENDER_NAME_STREAMS = ["__substg1.0_0C1A", "__substg1.0_0042"]


def _msg_property(message, name):
    try:
        return getattr(message, name)
    except Exception:  # noqa: BLE001 - a property extract-msg cannot decode counts as missing
        return None


def _msg_sender(message) -> tuple[str, str]:
    name, address = parseaddr(_msg_property(message, "sender") or "")
    if "@" not in address:
        for stream in SENDER_ADDRESS_STREAMS:
            value = message.getStringStream(stream) or ""
            if "@" in value:
                address = value.strip()
                break
        else:
            address = ""
    if not name:
        name = next((v for s in SENDER_NAME_STREAMS if (v := message.getStringStream(s))), "") or ""
    if name == address:
        name = ""
    return name.strip(), address


def _from_msg(message) -> RawMessage:
    from extract_msg.enums import AttachmentType

    name, address = _msg_sender(message)
    raw = RawMessage(subject=" ".join((message.subject or "").split()), from_name=name, from_address=address)
    raw.sent = message.date or _msg_property(message, "receivedTime")
    body = message.body or ""
    if not body.strip() and message.htmlBody:
        html = message.htmlBody
        body = html_to_text(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html)
    raw.body_text = body.replace("\r\n", "\n")
    for attachment in message.attachments:
        if getattr(attachment, "hidden", False):
            continue  # an image shown inside the body
        try:
            content = attachment.data
        except Exception:  # noqa: BLE001 - an attachment extract-msg cannot read is left out, not the message
            logger.info("Unreadable attachment in an Outlook message", exc_info=True)
            continue
        if attachment.type == AttachmentType.MSG:
            raw.attached_messages.append(_from_msg(content))
            continue
        if not isinstance(content, bytes):
            continue  # a web link or OLE object Outlook keeps, not a file
        name = _clean_filename(attachment.longFilename or attachment.shortFilename or attachment.name)
        content_type = attachment.mimetype or mimetypes.guess_type(name)[0] or "application/octet-stream"
        name = name or f"bilaga-{len(raw.attachments) + 1}{_extension(content_type)}"
        raw.attachments.append(EmailAttachment(name, content_type, len(content), content, ATTACHED))
    return raw
