"""E-mail intake: each sample message (tests/referrals/samples) gives the suggestions it should,
each with its source; bad files are refused with a Swedish message naming the file."""

import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation

from networks.models import Organisation
from referrals.intake import Contact, EmailDraft, detect_format, draft_from_email
from tests.factories import OrganisationFactory

from . import samples


@pytest.fixture
def organisations(db):
    found = {
        key: OrganisationFactory(municipality=True, name=name, code=code, slug=key, email_domains=domains)
        for key, (name, code, domains) in samples.MUNICIPALITIES.items()
    }
    found["region"] = OrganisationFactory(region=True, email_domains=samples.REGION_DOMAINS)
    return found


def _value(draft: EmailDraft, name):
    suggestion = getattr(draft, name)
    return None if suggestion is None else suggestion.value


def _source(draft: EmailDraft, name):
    return str(getattr(draft, name).source)


def test_kumla_plain_text_quoted_printable(organisations):
    draft = draft_from_email(samples.kumla_samrad_dp(), filename="kumla.eml")

    assert draft.format == "eml"
    assert _value(draft, "sender_organisation") == organisations["kumla"]
    assert _source(draft, "sender_organisation") == "Avsändarens domän kumla.se"
    assert _value(draft, "plan_name") == "Samråd om detaljplan för kvarteret Skomakaren, Kumla"
    assert _source(draft, "plan_name") == "Ämnesraden"
    assert _value(draft, "sender_reference") == "KS 2026/123"
    assert _source(draft, "sender_reference") == "Ämnesraden"
    assert (_value(draft, "plan_type"), _source(draft, "plan_type")) == ("dp", "Ämnesraden")
    assert (_value(draft, "phase"), _source(draft, "phase")) == ("samrad", "Ämnesraden")
    # The meeting on 3 February is a date too, but not in a deadline sentence.
    assert _value(draft, "deadline") == date(2027, 3, 15)
    assert _source(draft, "deadline").startswith("Meningen ”Yttrande önskas senast den 15 mars 2027")
    assert (_value(draft, "received"), _source(draft, "received")) == (date(2027, 1, 12), "Meddelandets datum")
    assert _value(draft, "contact") == Contact(name="Anna Åberg", email="anna.aberg@kumla.se", phone="019-58 81 23")
    assert _source(draft, "contact") == "Avsändaren (Från-raden) och signaturen"
    assert [(a.filename, a.content_type, a.size == len(a.data)) for a in draft.attachments] == [
        ("Plankarta samråd.pdf", "application/pdf", True),
        ("Planbeskrivning samråd.pdf", "application/pdf", True),
    ]
    assert all(a.data.startswith(b"%PDF") and str(a.source) == "Bifogad fil" for a in draft.attachments)
    assert "Kumla kommun översänder härmed samrådshandlingar" in draft.body_text
    assert draft.warnings == []
    assert draft.sources()["deadline"] == _source(draft, "deadline")


def test_orebro_html_only_from_a_subdomain(organisations):
    draft = draft_from_email(samples.orebro_granskning_fop_html(), filename="hovsta.eml")

    assert _value(draft, "sender_organisation") == organisations["orebro"]
    assert _source(draft, "sender_organisation") == "Avsändarens domän orebro.se"
    assert _value(draft, "plan_name") == "Underrättelse om granskning – Fördjupad översiktsplan för Hovsta"
    assert _value(draft, "plan_type") == "fop"
    # "Underrättelse om granskning" is the granskning phase, and "varit på samråd" an earlier one.
    assert _value(draft, "phase") == "granskning"
    assert _value(draft, "deadline") == date(2027, 3, 1)
    assert _source(draft, "deadline") == "Meningen ”Granskningstiden pågår 1 februari – 1 mars 2027.”"
    assert _value(draft, "sender_reference") == "SBN 2026-456"
    assert _source(draft, "sender_reference") == "Texten ”Vår beteckning: SBN 2026-456”"
    assert _value(draft, "received") == date(2027, 1, 25)
    assert _value(draft, "contact").email == "samhallsbyggnad@kommun.orebro.se"
    # The logo shown in the signature is not a document.
    assert [a.filename for a in draft.attachments] == ["Granskningshandling FÖP Hovsta – planbeskrivning.pdf"]
    assert "<p>" not in draft.body_text and "Granskningstiden pågår 1 februari – 1 mars 2027." in draft.body_text


def test_forwarded_by_the_region_reads_the_original_sender(organisations):
    draft = draft_from_email(samples.hallsberg_forwarded_op(), filename="vb.eml")

    assert _value(draft, "sender_organisation") == organisations["hallsberg"]
    assert _source(draft, "sender_organisation") == "Det vidarebefordrade meddelandets avsändare, domänen hallsberg.se"
    assert _value(draft, "plan_name") == "Remiss - Översiktsplan Hallsberg 2040, samråd"
    assert (_value(draft, "plan_type"), _value(draft, "phase")) == ("op", "samrad")
    assert _value(draft, "deadline") == date(2027, 3, 15)
    assert _source(draft, "deadline") == "Meningen ”Samrådstiden pågår till och med 2027-03-15.”"
    # The day the municipality sent it, not the day the registrar forwarded it (20 January).
    assert _value(draft, "received") == date(2027, 1, 18)
    assert _source(draft, "received") == "Det vidarebefordrade meddelandets datum"
    assert _value(draft, "contact") == Contact(
        name="Per Persson", email="per.persson@hallsberg.se", phone="070-123 45 67"
    )
    assert _source(draft, "contact") == "Det vidarebefordrade meddelandets avsändare och signaturen"


def test_sender_from_the_signature_and_deadline_from_the_attachments_name(organisations):
    draft = draft_from_email(samples.lekeberg_program_deadline_in_filename(), filename="fjugesta.eml")

    assert _value(draft, "sender_organisation") == organisations["lekeberg"]
    assert _source(draft, "sender_organisation") == "Signaturen (”Lekebergs kommun”)"
    assert (_value(draft, "plan_type"), _source(draft, "plan_type")) == ("program", "Ämnesraden")
    assert _value(draft, "phase") is None
    assert _value(draft, "deadline") == date(2027, 4, 30)
    assert _source(draft, "deadline") == (
        "Namnet på den bifogade filen ”Planprogram Fjugesta - svar senast 2027-04-30.pdf”"
    )
    assert _value(draft, "contact") == Contact(name="Karin Lund", email="karin.lund@planbyran.se", phone="")


def test_deadline_from_the_attached_cover_letter_when_the_message_states_none(organisations):
    draft = draft_from_email(samples.hallsberg_deadline_in_the_cover_letter(), filename="samsala.eml")

    assert _value(draft, "deadline") == date(2027, 2, 26)
    assert _source(draft, "deadline") == (
        "Meningen ”Synpunkter ska ha inkommit skriftligen senast den 26 februari 2027 till Hallsbergs kommun, "
        "694 80 Hallsberg.” i den bifogade filen ”Missiv granskning.pdf”"
    )
    assert (_value(draft, "phase"), _value(draft, "plan_type")) == ("granskning", "dp")


def test_no_attachments_and_no_deadline_give_a_draft_with_warnings(organisations):
    draft = draft_from_email(samples.laxa_no_attachments(), filename="laxa.eml")

    assert _value(draft, "sender_organisation") == organisations["laxa"]
    assert (_value(draft, "plan_type"), _value(draft, "phase")) == ("ob", "underrattelse")
    assert draft.deadline is None and draft.sender_reference is None
    assert draft.attachments == []
    assert [str(w) for w in draft.warnings] == [
        "Meddelandet ”laxa.eml” har inga bifogade filer. Lägg till planhandlingarna, eller länkar till dem, "
        "innan remissen registreras.",
        "Inget svarsdatum hittades i meddelandet: ange det själv.",
    ]
    assert "deadline" not in draft.sources()


def test_forwarded_as_an_attached_message(organisations):
    draft = draft_from_email(samples.nora_forwarded_as_attachment(), filename="nora.eml")

    assert _value(draft, "sender_organisation") == organisations["nora"]
    assert _source(draft, "sender_organisation") == "Det vidarebefordrade meddelandets avsändare, domänen nora.se"
    assert _value(draft, "plan_name") == "Detaljplan för Gustavsberg 1:1, granskning"
    assert (_value(draft, "plan_type"), _value(draft, "phase")) == ("dp", "granskning")
    assert _value(draft, "deadline") == date(2027, 3, 15)
    assert _value(draft, "received") == date(2027, 2, 8)
    assert [(a.filename, str(a.source)) for a in draft.attachments] == [
        ("Granskningshandling Gustavsberg.pdf", "Bifogad fil i det vidarebefordrade meddelandet")
    ]
    assert draft.body_text.startswith("För registrering.") and "Svar senast 15/3 2027." in draft.body_text


def test_forwarded_with_thunderbird(organisations):
    draft = draft_from_email(samples.degerfors_thunderbird_forward(), filename="fwd.eml")

    assert _value(draft, "sender_organisation") == organisations["degerfors"]
    assert _value(draft, "plan_name") == "Samråd detaljplan för Strömtorp 4:12"
    assert _value(draft, "received") == date(2027, 1, 12)
    assert _value(draft, "deadline") == date(2027, 2, 8)
    assert _value(draft, "contact") == Contact(name="Jonas Ek", email="jonas.ek@degerfors.se", phone="0586-480 00")


def test_latin1_message_without_a_date(organisations):
    draft = draft_from_email(samples.askersund_latin1_without_date(), filename="sanna.eml")

    assert _value(draft, "sender_organisation") == organisations["askersund"]
    assert _value(draft, "plan_name") == "Granskning detaljplan för Sanna 1:5"
    assert (_value(draft, "plan_type"), _value(draft, "phase")) == ("dp", "granskning")
    assert draft.received is None
    assert _value(draft, "deadline") == date(2027, 4, 20)
    assert "Granskningshandlingarna finns på webben." in draft.body_text and "\r" not in draft.body_text
    assert _value(draft, "contact").name == "Bygg- och miljökontoret"


def _plain(sender, subject, body, sent=None):
    message = samples._message(sender=sender, subject=subject, sent=sent or samples.datetime(2027, 2, 1, 9, 0))
    message.set_content(body)
    return message.as_bytes(policy=samples.WRITE)


def test_a_replys_quoted_history_is_not_taken_for_the_sender(organisations):
    data = _plain(
        "Karin Lund <karin.lund@planbyran.se>",
        "SV: Planprogram för Fjugesta centrum",
        "Hej, här kommer rättade handlingar.\n\nHälsningar\nKarin Lund\nPlanbyrån AB på uppdrag av Lekebergs kommun\n\n"
        "Från: Lisa Berg <lisa.berg@nora.se>\nSkickat: den 28 januari 2027 10:00\nÄmne: Planprogram\n\nHej Karin!\n",
    )
    draft = draft_from_email(data, filename="sv.eml")
    assert _value(draft, "sender_organisation") == organisations["lekeberg"]
    assert _source(draft, "sender_organisation") == "Signaturen (”Lekebergs kommun”)"
    assert _value(draft, "contact").email == "karin.lund@planbyran.se"


def test_the_regions_own_message_without_a_forward_has_no_sender_organisation(organisations):
    data = _plain(
        "Maria Holm <maria.holm@regionorebrolan.se>",
        "Detaljplan Vretstorp",
        "Hej, handlingarna ligger på kommunens webbplats.\n\nHälsningar\nMaria Holm\nRegion Örebro län\n",
    )
    draft = draft_from_email(data, filename="internt.eml")
    assert draft.sender_organisation is None
    # No "the signature names Region Örebro län, which no organisation has": the Region is known.
    assert [str(w) for w in draft.warnings][1:] == [
        "Inget svarsdatum hittades i meddelandet: ange det själv.",
        "Avsändarens organisation kändes inte igen: välj den själv.",
    ]
    assert _value(draft, "contact").email == "maria.holm@regionorebrolan.se"


def test_county_board_recognised_from_its_signature(organisations):
    board = OrganisationFactory(county_board=True)
    data = _plain(
        "Handläggare <handlaggare@example.net>",
        "Remiss: Regional handlingsplan för grön infrastruktur",
        "Synpunkter senast den 30 april 2027.\n\nMed vänlig hälsning\nEva Ström\nLänsstyrelsen i Örebro län\n"
        "Telefon 010-224 80 00\n",
    )
    draft = draft_from_email(data, filename="lst.eml")
    assert _value(draft, "sender_organisation") == board
    assert _source(draft, "sender_organisation") == "Signaturen (”Länsstyrelsen i Örebro län”)"
    assert (_value(draft, "plan_type"), _value(draft, "deadline")) == ("other", date(2027, 4, 30))
    assert _value(draft, "contact") == Contact(
        name="Handläggare", email="handlaggare@example.net", phone="010-224 80 00"
    )


def test_outlook_msg(organisations):
    data = samples.karlskoga_granskning_msg()
    assert detect_format(data) == "msg"
    draft = draft_from_email(data, filename="bregard.msg")

    assert draft.format == "msg"
    assert _value(draft, "sender_organisation") == organisations["karlskoga"]
    assert _source(draft, "sender_organisation") == "Avsändarens domän karlskoga.se"
    assert _value(draft, "plan_name") == "Detaljplan för Bregårdsskolan – granskning"
    assert (_value(draft, "plan_type"), _value(draft, "phase")) == ("dp", "granskning")
    assert _value(draft, "deadline") == date(2027, 3, 12)
    assert _source(draft, "deadline") == "Meningen ”Synpunkter ska ha inkommit senast fredag den 12 mars 2027.”"
    assert _value(draft, "sender_reference") == "BMN 2026.0789"
    assert _value(draft, "received") == date(2027, 2, 15)
    sara = Contact(name="Sara Nilsson", email="sara.nilsson@karlskoga.se", phone="0586-610 00")
    assert _value(draft, "contact") == sara
    [attachment] = draft.attachments
    assert attachment.filename == "Granskning Bregårdsskolan plankarta.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.data.startswith(b"%PDF")


def test_outlook_msg_with_plain_text_and_no_attachments(organisations):
    draft = draft_from_email(
        SimpleUploadedFile("hardemo.msg", samples.kumla_plain_msg_without_attachments()), filename="hardemo.msg"
    )
    assert _value(draft, "sender_organisation") == organisations["kumla"]
    assert _value(draft, "deadline") == date(2027, 4, 7)
    assert (_value(draft, "plan_type"), _value(draft, "phase")) == ("dp", "samrad")
    assert any("har inga bifogade filer" in str(w) for w in draft.warnings)


def test_outlook_msg_forwarded_as_an_attached_message(organisations):
    draft = draft_from_email(samples.nora_forwarded_as_attachment_msg(), filename="vb.msg")

    assert draft.format == "msg"
    assert _value(draft, "sender_organisation") == organisations["nora"]
    assert _source(draft, "sender_organisation") == "Det vidarebefordrade meddelandets avsändare, domänen nora.se"
    assert _value(draft, "plan_name") == "Detaljplan för Gustavsberg 1:1, granskning"
    assert (_value(draft, "plan_type"), _value(draft, "phase")) == ("dp", "granskning")
    assert _value(draft, "deadline") == date(2027, 3, 22)
    # The forwarded message carries no date here (see the sample): the registrar's message's.
    assert (_value(draft, "received"), _source(draft, "received")) == (date(2027, 2, 9), "Meddelandets datum")
    assert _value(draft, "contact") == Contact(name="Lisa Berg", email="lisa.berg@nora.se", phone="")
    [attachment] = draft.attachments
    assert (attachment.filename, str(attachment.source)) == (
        "Granskningshandling Gustavsberg.pdf",
        "Bifogad fil i det vidarebefordrade meddelandet",
    )
    assert attachment.data.startswith(b"%PDF")


def test_the_format_is_told_by_the_content_not_the_name(organisations):
    draft = draft_from_email(samples.karlskoga_granskning_msg(), filename="meddelande.eml")
    assert draft.format == "msg"
    draft = draft_from_email(samples.kumla_samrad_dp(), filename="meddelande.msg")
    assert draft.format == "eml"


def test_unknown_sender_is_warned_and_named_from_the_signature(db):
    draft = draft_from_email(samples.kumla_samrad_dp(), filename="kumla.eml")
    assert draft.sender_organisation is None
    assert [str(w) for w in draft.warnings] == [
        "Signaturen nämner ”Kumla kommun”, men ingen organisation i portalen har det namnet eller avsändarens domän.",
        "Avsändarens organisation kändes inte igen: välj den själv.",
    ]


def test_sources_follow_the_language_shown(organisations):
    draft = draft_from_email(samples.kumla_samrad_dp(), filename="kumla.eml")
    with translation.override("en"):
        assert str(draft.sender_organisation.source) == "The sender's domain kumla.se"
        assert str(draft.plan_name.source) == "The subject line"
        assert str(draft.deadline.source).startswith("The sentence “Yttrande önskas senast den 15 mars 2027")


def test_a_draft_can_be_pickled_and_still_translates(organisations):
    import pickle

    draft = pickle.loads(pickle.dumps(draft_from_email(samples.laxa_no_attachments(), filename="laxa.eml")))
    assert draft.sender_organisation.value == organisations["laxa"]
    with translation.override("en"):
        assert str(draft.warnings[0]).startswith("The message “laxa.eml” has no attachments.")


# --- bad files ---------------------------------------------------------------------------------


def _refusal(upload, filename):
    with pytest.raises(ValidationError) as caught:
        draft_from_email(upload, filename=filename)
    return caught.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (samples.pdf("Plankarta"), "plankarta.eml"),  # a PDF renamed .eml
        (b"Hej! Detta ar bara en anteckning.\nInga rubriker.\n", "anteckning.eml"),
        (b"Note: ett rubrikliknande ord\n\nmen inget meddelande\n", "anteckning.txt"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "bild.msg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "trasig.msg"),  # OLE's magic, then nothing
    ],
)
def test_a_file_that_is_not_an_email_is_refused(db, content, filename):
    message = _refusal(content, filename)
    assert message == (
        f"Filen ”{filename}” är inte ett e-postmeddelande. "
        "Släpp meddelandet som .eml, eller som .msg sparat från Outlook."
    )


@pytest.mark.parametrize("content", [b"", b"  \r\n\n "])
def test_an_empty_file_is_refused(db, content):
    assert _refusal(SimpleUploadedFile("tomt.eml", content), "tomt.eml") == "Filen ”tomt.eml” är tom."


def test_a_50_mb_message_is_refused_before_it_is_read(db):
    class Unreadable(TemporaryUploadedFile):
        @property
        def read(self):
            raise AssertionError("read before the size was checked")

    upload = Unreadable("stor.eml", "message/rfc822", 50 * 1024 * 1024, None)
    upload.file.truncate(50 * 1024 * 1024)  # really 50 MB on disk
    message = _refusal(upload, "stor.eml")
    assert message == (
        "Filen ”stor.eml” är 50,0 MB; ett e-postmeddelande får vara högst 25 MB. Spara bilagorna för sig och "
        "släpp meddelandet utan dem, eller be avsändaren om länkar."
    )
    upload.close()


def test_the_limit_is_a_setting_and_holds_for_files_without_a_size(db, settings):
    settings.REFERRAL_EMAIL_MAX_MB = 1
    data = samples.kumla_samrad_dp()
    padded = data.replace(b"Hej!", b"Hej!" + b" " * (1024 * 1024), 1)

    class NoSize:
        def __init__(self, content):
            self.content, self.asked = content, []

        def read(self, size=-1):
            self.asked.append(size)
            return self.content[:size] if size >= 0 else self.content

    unsized = NoSize(padded)
    assert "högst 1 MB" in _refusal(unsized, "stor.eml")
    assert unsized.asked == [1024 * 1024 + 1]
    assert draft_from_email(data, filename="liten.eml").plan_name is not None


def test_raw_8_bit_headers_are_read_as_windows_1252(organisations):
    data = samples.laxa_no_attachments().replace(
        b"From: =?utf-8?q?Lax=C3=A5?= kommun <kommun@laxa.se>", "From: Åsa Ek <asa.ek@laxa.se>".encode("cp1252")
    )
    assert b"\xc5sa Ek" in data
    draft = draft_from_email(data, filename="laxa.eml")
    assert _value(draft, "contact").name == "Åsa Ek"
    assert _value(draft, "sender_organisation") == organisations["laxa"]


def test_damaged_messages_give_a_draft_or_a_named_refusal(organisations):
    """Every sample cut short or with bytes changed at random: a draft, or a ValidationError
    naming the file, never another error (which the API would answer with a 500)."""
    rng = random.Random(9)
    for name, build in {**samples.EML, **samples.MSG}.items():
        data = build()
        variants = [data[: rng.randrange(1, len(data))] for _ in range(6)]
        for _ in range(6):
            changed = bytearray(data)
            for _ in range(rng.randrange(1, 12)):
                changed[rng.randrange(len(changed))] = rng.randrange(256)
            variants.append(bytes(changed))
        for variant in variants:
            try:
                draft_from_email(variant, filename=name)
            except ValidationError as exc:
                assert exc.error_dict["file"][0].code in {"not_email", "damaged", "empty"}
                assert f"”{name}”" in exc.message_dict["file"][0]


def test_refusals_in_english(db):
    with translation.override("en"):
        message = _refusal(b"%PDF-1.4 nothing", "plankarta.eml")
    assert message == (
        "The file “plankarta.eml” is not an e-mail. Drop the message as .eml, or as .msg saved from Outlook."
    )


def test_nothing_is_saved(organisations, django_assert_max_num_queries):
    before = Organisation.objects.count()
    # Recognising the sender reads: one query for the domain (plus one for the signature when
    # the domain is unknown); nothing is written.
    with django_assert_max_num_queries(2):
        draft_from_email(samples.hallsberg_forwarded_op(), filename="vb.eml")
    assert Organisation.objects.count() == before
