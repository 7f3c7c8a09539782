"""Real-looking Swedish referral e-mails made for the intake tests, built in code so that each
test shows what it feeds in:

- `.eml` with the standard library's `email` package (EmailMessage, policy.default: it writes
  quoted-printable / base64 bodies, RFC 2047 headers and RFC 2231 file names as mail programs do);
- `.msg` with msgforge, which writes Outlook's compound file format (MS-CFB) and message
  properties (MS-OXMSG) from scratch, as Outlook's "Spara som" does; extract-msg, the reader
  the portal uses, and olefile open them like messages saved from Outlook.

`python -m tests.referrals.samples FOLDER` writes every sample to FOLDER (to drop them on the
page by hand, or from a browser test)."""

import io
import zlib
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Python 3.11's header folder drops the space between two encoded words when it breaks a long
# non-ASCII subject over lines ("Fördjupad översiktsplan" came back "Fördjupadöversiktsplan");
# mail programs do not, so the samples' headers are written unfolded (RFC 5322 allows 998).
WRITE = policy.default.clone(max_line_length=998)

# The municipalities the samples come from: (name, SCB code, e-mail domains).
MUNICIPALITIES = {
    "kumla": ("Kumla kommun", "1881", ["kumla.se"]),
    "orebro": ("Örebro kommun", "1880", ["orebro.se"]),
    "hallsberg": ("Hallsbergs kommun", "1861", ["hallsberg.se"]),
    "lekeberg": ("Lekebergs kommun", "1814", ["lekeberg.se"]),
    "laxa": ("Laxå kommun", "1860", ["laxa.se"]),
    "karlskoga": ("Karlskoga kommun", "1883", ["karlskoga.se"]),
    "nora": ("Nora kommun", "1884", ["nora.se"]),
    "degerfors": ("Degerfors kommun", "1862", ["degerfors.se"]),
    "askersund": ("Askersunds kommun", "1882", ["askersund.se"]),
}
REGION_DOMAINS = ["regionorebrolan.se"]


def pdf(title: str, lines: tuple[str, ...] = ()) -> bytes:
    """A one-page PDF, as a plan document would be (with `lines` of text below the title, as a
    cover letter would be)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(title)
    page.drawString(72, 770, title)
    for number, line in enumerate(lines):
        page.drawString(72, 740 - 16 * number, line)
    page.save()
    return buffer.getvalue()


def _message(*, sender, subject, sent, to="Region Örebro län <regionorebrolan@regionorebrolan.se>"):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{sent:%Y%m%d%H%M}.{zlib.crc32(subject.encode())}@example.se>"
    return message


def _attach_pdf(message, filename):
    message.add_attachment(pdf(filename), maintype="application", subtype="pdf", filename=filename)


def kumla_samrad_dp() -> bytes:
    """Plain text in quoted-printable; the deadline in a sentence, another date (the meeting)
    elsewhere; the reference at the end of the subject; two PDFs."""
    message = _message(
        sender="Anna Åberg <anna.aberg@kumla.se>",
        subject="Remiss: Samråd om detaljplan för kvarteret Skomakaren, Kumla, dnr KS 2026/123",
        sent=datetime(2027, 1, 12, 9, 30, tzinfo=STOCKHOLM),
    )
    message.set_content(
        "Hej!\n\n"
        "Kumla kommun översänder härmed samrådshandlingar för detaljplan för kvarteret Skomakaren "
        "i centrala Kumla. Planens syfte är att möjliggöra cirka 60 nya bostäder och en förskola.\n\n"
        "Ett samrådsmöte hålls den 3 februari 2027 kl. 18.00 i Folkets hus.\n\n"
        "Yttrande önskas senast den 15 mars 2027 till kommunstyrelsen@kumla.se. Ange "
        "diarienummer KS 2026/123 i svaret.\n\n"
        "Med vänlig hälsning\n"
        "Anna Åberg\n"
        "Planarkitekt\n"
        "Samhällsbyggnadsförvaltningen, Kumla kommun\n"
        "Växel: 019-58 80 00\n"
        "Direkt: 019-58 81 23\n",
        cte="quoted-printable",
    )
    _attach_pdf(message, "Plankarta samråd.pdf")
    _attach_pdf(message, "Planbeskrivning samråd.pdf")
    return message.as_bytes(policy=WRITE)


def orebro_granskning_fop_html() -> bytes:
    """HTML only (base64), from a subdomain; a period statement; an inline logo that is no
    document; a file name with Swedish letters (RFC 2231)."""
    message = _message(
        sender="Samhällsbyggnad Örebro <samhallsbyggnad@kommun.orebro.se>",
        subject="Underrättelse om granskning – Fördjupad översiktsplan för Hovsta",
        sent=datetime(2027, 1, 25, 15, 2, tzinfo=STOCKHOLM),
    )
    message.set_content(
        "<html><head><style>p{margin:0}</style></head><body>"
        "<p>Hej,</p>"
        "<p>Örebro kommun har tagit fram ett förslag till <b>fördjupad översiktsplan</b> för Hovsta. "
        "Planen har varit på samråd under hösten 2026.</p>"
        "<p>Granskningstiden pågår 1 februari – 1 mars 2027.</p>"
        "<p>Vår beteckning: SBN 2026-456</p>"
        "<p>Med vänliga hälsningar<br>Erik Lind<br>Översiktsplanerare<br>Örebro kommun<br>"
        '<img src="cid:logo"></p>'
        "</body></html>",
        subtype="html",
        cte="base64",
    )
    message.add_related(b"\x89PNG\r\n\x1a\nlogo", maintype="image", subtype="png", cid="<logo>")
    _attach_pdf(message, "Granskningshandling FÖP Hovsta – planbeskrivning.pdf")
    return message.as_bytes(policy=WRITE)


def hallsberg_forwarded_op() -> bytes:
    """Forwarded inline by the Region's registrar (Outlook, Swedish): the municipality is the
    forwarded block's sender, the day received the day it was sent."""
    message = _message(
        sender="Registrator Region Örebro län <registrator@regionorebrolan.se>",
        subject="VB: Remiss - Översiktsplan Hallsberg 2040, samråd",
        sent=datetime(2027, 1, 20, 8, 15, tzinfo=STOCKHOLM),
        to="Planenheten <planering@regionorebrolan.se>",
    )
    message.set_content(
        "Vidarebefordras för registrering.\n\n"
        "Från: Per Persson <per.persson@hallsberg.se>\n"
        "Skickat: den 18 januari 2027 14:05\n"
        "Till: Region Örebro län <regionorebrolan@regionorebrolan.se>\n"
        "Ämne: Remiss - Översiktsplan Hallsberg 2040, samråd\n\n"
        "Hej!\n\n"
        "Hallsbergs kommun har tagit fram ett samrådsförslag till ny översiktsplan, Hallsberg 2040.\n"
        "Samrådstiden pågår till och med 2027-03-15.\n\n"
        "Med vänlig hälsning\n"
        "Per Persson\n"
        "Översiktsplanerare\n"
        "Hallsbergs kommun\n"
        "Telefon: 0582-68 50 00\n"
        "Mobil: 070-123 45 67\n",
        cte="8bit",
    )
    _attach_pdf(message, "Samrådshandling ÖP 2040.pdf")
    return message.as_bytes(policy=WRITE)


def lekeberg_program_deadline_in_filename() -> bytes:
    """Sent by a consultant from their own domain: the municipality only in the signature;
    the deadline only in the attachment's name."""
    message = _message(
        sender="Karin Lund <karin.lund@planbyran.se>",
        subject="Planprogram för Fjugesta centrum",
        sent=datetime(2027, 2, 2, 10, 0, tzinfo=STOCKHOLM),
    )
    message.set_content(
        "Hej,\n\nHär kommer planprogrammet för Fjugesta centrum för kännedom och synpunkter.\n\n"
        "Hälsningar\nKarin Lund\nPlanbyrån AB på uppdrag av Lekebergs kommun\n",
    )
    _attach_pdf(message, "Planprogram Fjugesta - svar senast 2027-04-30.pdf")
    return message.as_bytes(policy=WRITE)


def hallsberg_deadline_in_the_cover_letter() -> bytes:
    """The message says nothing of a deadline; the attached cover letter (missiv) does."""
    message = _message(
        sender="Erik Holm <erik.holm@hallsberg.se>",
        subject="Granskning av detaljplan för Samsala 2:14",
        sent=datetime(2027, 1, 20, 8, 15, tzinfo=STOCKHOLM),
    )
    message.set_content("Hej,\n\nSe bifogade handlingar.\n\nErik Holm\nHallsbergs kommun\n")
    letter = pdf(
        "Missiv",
        (
            "Granskning av detaljplan för Samsala 2:14, Hallsbergs kommun.",
            "Synpunkter ska ha inkommit skriftligen senast den 26 februari 2027",
            "till Hallsbergs kommun, 694 80 Hallsberg.",
        ),
    )
    message.add_attachment(letter, maintype="application", subtype="pdf", filename="Missiv granskning.pdf")
    _attach_pdf(message, "Plankarta granskning.pdf")
    return message.as_bytes(policy=WRITE)


def laxa_no_attachments() -> bytes:
    """No attachments and no deadline: a draft with warnings."""
    message = _message(
        sender="Laxå kommun <kommun@laxa.se>",
        subject="Underrättelse – områdesbestämmelser för Ramundeboda",
        sent=datetime(2027, 3, 1, 13, 45, tzinfo=STOCKHOLM),
    )
    message.set_content(
        "Hej!\n\nLaxå kommun underrättar om förslag till områdesbestämmelser för Ramundeboda. "
        "Handlingarna finns på kommunens webbplats.\n\nLaxå kommun\n"
    )
    return message.as_bytes(policy=WRITE)


def nora_forwarded_as_attachment() -> bytes:
    """Forwarded "as attachment" (message/rfc822) by the registrar: the municipality's message
    and its PDF are inside."""
    inner = _message(
        sender="Lisa Berg <lisa.berg@nora.se>",
        subject="Detaljplan för Gustavsberg 1:1, granskning",
        sent=datetime(2027, 2, 8, 11, 0, tzinfo=STOCKHOLM),
    )
    inner.set_content("Hej!\n\nSvar senast 15/3 2027.\n\nMvh\nLisa Berg\nNora kommun\n")
    _attach_pdf(inner, "Granskningshandling Gustavsberg.pdf")
    outer = _message(
        sender="registrator@regionorebrolan.se",
        subject="VB: Detaljplan för Gustavsberg 1:1, granskning",
        sent=datetime(2027, 2, 9, 8, 0, tzinfo=STOCKHOLM),
    )
    outer.set_content("För registrering.\n")
    outer.add_attachment(inner)
    return outer.as_bytes(policy=WRITE)


def degerfors_thunderbird_forward() -> bytes:
    """Forwarded inline by a colleague at the Region with Thunderbird (Swedish): the header
    lines are "Ämne: / Datum: / Från: / Till:", the From line among them, not first."""
    message = _message(
        sender="Maria Holm <maria.holm@regionorebrolan.se>",
        subject="Fwd: Samråd detaljplan för Strömtorp 4:12",
        sent=datetime(2027, 1, 14, 16, 40, tzinfo=STOCKHOLM),
    )
    message.set_content(
        "Skickar vidare till registraturen.\n\n"
        "-------- Vidarebefordrat meddelande --------\n"
        "Ämne: \tSamråd detaljplan för Strömtorp 4:12\n"
        "Datum: \tTue, 12 Jan 2027 09:30:00 +0100\n"
        "Från: \tJonas Ek <jonas.ek@degerfors.se>\n"
        "Till: \tmaria.holm@regionorebrolan.se\n\n"
        "Hej!\nSamrådstiden pågår 18 januari – 8 februari 2027.\n\n"
        "Mvh\nJonas Ek\nDegerfors kommun\nTel 0586-480 00\n",
        cte="quoted-printable",
    )
    _attach_pdf(message, "Plankarta Strömtorp.pdf")
    return message.as_bytes(policy=WRITE)


def askersund_latin1_without_date() -> bytes:
    """An older mail program's message, written byte by byte: ISO-8859-1 text in 8 bits, the
    subject Q-encoded in ISO-8859-1, no Date header, CRLF line ends."""
    head = (
        "From: =?iso-8859-1?q?Bygg-_och_milj=F6kontoret?= <bygg@askersund.se>\r\n"
        "To: regionorebrolan@regionorebrolan.se\r\n"
        "Subject: =?iso-8859-1?q?Granskning_detaljplan_f=F6r_Sanna_1:5?=\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    body = (
        "Hej!\r\nGranskningshandlingarna finns på webben. Svar senast den 20 april 2027.\r\n\r\nAskersunds kommun\r\n"
    )
    return head.encode("ascii") + body.encode("iso-8859-1")


def karlskoga_granskning_msg() -> bytes:
    """An Outlook .msg: HTML body, a PDF, a reply prefix in the subject."""
    from msgforge import Message

    message = Message(
        subject="SV: Detaljplan för Bregårdsskolan – granskning",
        html_body=(
            "<p>Hej!</p><p>Karlskoga kommun skickar granskningshandlingar för detaljplan för "
            "Bregårdsskolan.</p><p>Synpunkter ska ha inkommit senast fredag den 12 mars 2027.</p>"
            "<p>Dnr: BMN 2026.0789</p>"
            "<p>Med vänlig hälsning<br>Sara Nilsson<br>Planhandläggare<br>Karlskoga kommun<br>"
            "Tel. 0586-610 00</p>"
        ),
        sender=("sara.nilsson@karlskoga.se", "Sara Nilsson"),
        to=[("regionorebrolan@regionorebrolan.se", "Region Örebro län")],
        sent=datetime(2027, 2, 15, 7, 45),
    )
    message.attach_bytes("Granskning Bregårdsskolan plankarta.pdf", pdf("Plankarta"), mime_type="application/pdf")
    return message.as_bytes()


def kumla_plain_msg_without_attachments() -> bytes:
    """An Outlook .msg with a plain text body and nothing attached."""
    from msgforge import Message

    return Message(
        subject="Samråd detaljplan Hardemo 3:4",
        text_body="Hej,\nsamrådstiden pågår 10 mars – 7 april 2027.\n\nMed vänlig hälsning\nAnna Åberg\nKumla kommun\n",
        sender=("anna.aberg@kumla.se", "Anna Åberg"),
        to=[("regionorebrolan@regionorebrolan.se", "Region Örebro län")],
        sent=datetime(2027, 3, 2, 12, 0),
    ).as_bytes()


def nora_forwarded_as_attachment_msg() -> bytes:
    """Outlook's "Vidarebefordra som bifogad fil", saved as .msg: the municipality's message
    embedded whole in the registrar's (written with aspose-email-foss, which embeds messages;
    its sender is in the sender properties only, as Exchange keeps it). The embedded message's
    fixed-size properties, its dates among them, do not come through between this writer and
    extract-msg (its strings and attachments do): the message thus also shows a forwarded
    message without a date."""
    from datetime import UTC

    from aspose.email_foss import msg

    def message(subject, body, name, address, delivered):
        item = msg.MapiMessage.create(subject, body)
        item.set_property(msg.PropertyId.SENDER_NAME, name)
        item.set_property(msg.PropertyId.SENDER_ADDRESS_TYPE, "SMTP")
        item.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, address)
        item.set_property(msg.PropertyId.MESSAGE_DELIVERY_TIME, delivered)
        return item

    inner = message(
        "Detaljplan för Gustavsberg 1:1, granskning",
        "Hej!\r\nGranskningstiden pågår till och med den 22 mars 2027.\r\n\r\nMvh\r\nLisa Berg\r\nNora kommun\r\n",
        "Lisa Berg",
        "lisa.berg@nora.se",
        datetime(2027, 2, 8, 10, 0, tzinfo=UTC),
    )
    inner.add_attachment("Granskningshandling Gustavsberg.pdf", pdf("Granskningshandling"), mime_type="application/pdf")
    outer = message(
        "VB: Detaljplan för Gustavsberg 1:1, granskning",
        "För registrering.\r\n",
        "Registrator",
        "registrator@regionorebrolan.se",
        datetime(2027, 2, 9, 7, 0, tzinfo=UTC),
    )
    outer.add_embedded_message_attachment(inner, filename="Detaljplan för Gustavsberg 1:1, granskning.msg")
    return outer.to_bytes()


EML = {
    "kumla-samrad-dp.eml": kumla_samrad_dp,
    "orebro-granskning-fop.eml": orebro_granskning_fop_html,
    "hallsberg-vidarebefordrad-op.eml": hallsberg_forwarded_op,
    "lekeberg-planprogram.eml": lekeberg_program_deadline_in_filename,
    "laxa-utan-bilagor.eml": laxa_no_attachments,
    "nora-bifogat-meddelande.eml": nora_forwarded_as_attachment,
    "degerfors-thunderbird.eml": degerfors_thunderbird_forward,
    "askersund-latin1.eml": askersund_latin1_without_date,
}
MSG = {
    "karlskoga-granskning.msg": karlskoga_granskning_msg,
    "kumla-hardemo-utan-bilagor.msg": kumla_plain_msg_without_attachments,
    "nora-bifogat-meddelande.msg": nora_forwarded_as_attachment_msg,
}
