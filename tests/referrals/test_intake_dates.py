"""The Swedish text readers of the e-mail intake, table-driven: deadline sentences, plan types,
phases, references and plan names. No database."""

from datetime import date

import pytest

from referrals.intake import classify
from referrals.intake.dates import find_deadline
from referrals.intake.text import html_to_text, quoted_headers, statements

RECEIVED = date(2027, 1, 12)

DEADLINES = [
    ("Yttrande önskas senast den 15 mars 2027.", date(2027, 3, 15)),
    ("Vi vill ha ert yttrande senast den 15 mars 2027.", date(2027, 3, 15)),
    ("Samrådstiden pågår till och med 2027-03-15.", date(2027, 3, 15)),
    ("Granskningstiden pågår 1 februari – 1 mars 2027.", date(2027, 3, 1)),
    ("Granskningstiden pågår från och med den 1 februari till och med den 1 mars 2027.", date(2027, 3, 1)),
    ("Svar senast 2027-03-15.", date(2027, 3, 15)),
    ("Svar senast 15/3 2027.", date(2027, 3, 15)),
    ("Synpunkter lämnas senast 31/3-2027.", date(2027, 3, 31)),
    ("Synpunkter ska ha inkommit senast den 15:e mars.", date(2027, 3, 15)),  # the year after the message
    ("Synpunkter ska ha inkommit senast fredag den 12 mars 2027 till kommunen.", date(2027, 3, 12)),
    ("Remisstiden pågår t.o.m. 2027-04-30.", date(2027, 4, 30)),
    ("Sista dag för synpunkter är 2027-02-26.", date(2027, 2, 26)),
    (
        "Samrådet pågår 18 januari – 1 mars 2027 och synpunkter ska ha inkommit senast den 22 februari.",
        date(2027, 2, 22),
    ),
    # Several dates: the one in the deadline sentence wins over a meeting's.
    ("Samrådsmöte hålls den 3 februari 2027.\n\nYttrande önskas senast den 15 mars 2027.", date(2027, 3, 15)),
    ("Välkommen på samrådsmöte den 3 februari 2027 kl. 18.00 i Folkets hus.", None),
    # A date before the message is not a deadline.
    ("Svar senast 2026-12-01.", None),
    ("Planen antogs 2026-11-30. Svar senast 2027-02-01.", date(2027, 2, 1)),
    # Words without a day are no deadline.
    ("Vi behöver era synpunkter senast idag.", None),
    ("Handlingarna finns på kommunens webbplats.", None),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES)
def test_deadline_sentences(text, expected):
    found = find_deadline(text, [], received=RECEIVED)
    assert (found.suggestion and found.suggestion.value) == expected


def test_a_stronger_statement_wins_over_an_earlier_weaker_one():
    text = "Samrådstiden pågår 18 januari – 1 mars 2027.\n\nSynpunkter senast den 22 februari 2027."
    found = find_deadline(text, [], received=RECEIVED)
    assert found.suggestion.value == date(2027, 2, 22)
    assert str(found.suggestion.source) == "Meningen ”Synpunkter senast den 22 februari 2027.”"


def test_a_date_before_the_message_is_warned():
    found = find_deadline("Svar senast 2026-12-01.", [], received=RECEIVED)
    assert found.suggestion is None
    assert [str(w) for w in found.warnings] == [
        "Datumet 2026-12-01 i meningen ”Svar senast 2026-12-01.” ligger före meddelandets datum och "
        "föreslås inte som svarsdatum."
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Plankarta.pdf", "Remiss_svar_senast_2027-03-15.pdf"], date(2027, 3, 15)),
        (["Samrådshandling 2027-01-10.pdf"], None),  # a document's date, not a deadline
    ],
)
def test_deadline_in_an_attachments_name(names, expected):
    found = find_deadline("Hej, se bifogade handlingar.", names, received=RECEIVED)
    assert (found.suggestion and found.suggestion.value) == expected


def test_wrapped_lines_are_one_sentence_and_short_lines_stand_alone():
    text = (
        "Kumla kommun översänder härmed samrådshandlingar för detaljplanen och yttrande\n"
        "önskas senast den 15 mars 2027.\n"
        "Samrådstid: 18 januari – 1 mars 2027\n"
        "Samrådsmöte: 20 mars 2027\n"
    )
    assert statements(text) == [
        "Kumla kommun översänder härmed samrådshandlingar för detaljplanen och yttrande önskas senast den "
        "15 mars 2027.",
        "Samrådstid: 18 januari – 1 mars 2027",
        "Samrådsmöte: 20 mars 2027",
    ]


@pytest.mark.parametrize(
    ("subject", "body", "names", "expected"),
    [
        ("Samråd detaljplan för Norra Bro", "", [], "dp"),
        ("DP Vretstorp 3:12, granskning", "", [], "dp"),
        ("Ändring av detaljplan för Kv. Rosen", "", [], "dp"),
        ("Remiss: Fördjupad översiktsplan för Hovsta", "", [], "fop"),
        ("Samråd FÖP Pålsboda", "", [], "fop"),
        ("Fördjupning av översiktsplanen för Kilsbergen", "", [], "fop"),
        ("Översiktsplan Hallsberg 2040", "", [], "op"),
        ("Samråd om ny ÖP", "", [], "op"),
        ("Områdesbestämmelser för Ramundeboda", "", [], "ob"),
        ("Planprogram för Fjugesta centrum", "", [], "program"),
        ("Remiss: Trafikstrategi för Örebro", "", [], "other"),
        ("Remiss: Bostadsförsörjningsprogram 2027–2030", "", [], "other"),
        # Not in the subject: the body's first mention (not a later "förenlig med översiktsplanen").
        ("Remiss från Nora", "Förslag till detaljplan. Planen är förenlig med översiktsplanen.", [], "dp"),
        ("Remiss från Nora", "Se bifogat.", ["Samrådshandling FÖP Nora.pdf"], "fop"),
        ("Hej", "Se bifogat.", ["bilaga.pdf"], None),
    ],
)
def test_plan_type(subject, body, names, expected):
    found = classify.plan_type(subject, body, names)
    assert (found and found.value) == expected


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Samråd om detaljplan för Kv. Skomakaren", "", "samrad"),
        ("Samrådshandlingar ÖP 2040", "", "samrad"),
        ("Underrättelse om granskning – FÖP Hovsta", "", "granskning"),
        ("Granskningshandlingar Detaljplan Bregården", "", "granskning"),
        ("Underrättelse om samråd, detaljplan Nora 2:14", "", "samrad"),
        ("Underrättelse – områdesbestämmelser för Ramundeboda", "", "underrattelse"),
        ("Detaljplan för Vretstorp antagen", "", "other"),
        ("Detaljplan för Vretstorp", "Planen har varit på samråd och är nu ute på granskning.", "granskning"),
        ("Detaljplan för Vretstorp", "Samrådsredogörelsen bifogas. Synpunkter under granskningen.", "granskning"),
        ("Detaljplan för Vretstorp", "Se bifogat.", None),
    ],
)
def test_phase(subject, body, expected):
    found = classify.phase(subject, body, [])
    assert (found and found.value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dnr KS 2026/123", "KS 2026/123"),
        ("Diarienummer: BN 2026-00456", "BN 2026-00456"),
        ("Vår beteckning: SBN 2026-456", "SBN 2026-456"),
        ("Vårt dnr: KS2026/0123", "KS2026/0123"),
        ("dnr MBN 2026:12.", "MBN 2026:12"),
        ("Ärendenummer 2026/789", "2026/789"),
        ("Vår referens: Anna Åberg", None),  # a person, not a diary number
        ("Ring 019-58 80 00", None),
    ],
)
def test_sender_reference(text, expected):
    found = classify.sender_reference("", text, [])
    assert (found and found.value) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("VB: Samråd detaljplan Norra Bro", "Samråd detaljplan Norra Bro"),
        ("Fwd: SV: Remiss: Översiktsplan 2040", "Översiktsplan 2040"),
        ("[EXTERN] VB: FÖP Hovsta", "FÖP Hovsta"),
        ("RE: Detaljplan Vretstorp, dnr KS 2026/123", "Detaljplan Vretstorp"),
        ("Detaljplan Vretstorp (Dnr SBN 2026-456)", "Detaljplan Vretstorp"),
        ("VB:", None),
    ],
)
def test_plan_name(subject, expected):
    found = classify.plan_name(subject)
    assert (found and found.value) == expected


def test_html_to_text_keeps_paragraphs_and_line_breaks():
    html = (
        "<html><head><style>p {color:red}</style></head><body><p class=MsoNormal>Hej!<o:p></o:p></p>"
        "<p>Yttrande önskas <b>senast</b> den&nbsp;15&nbsp;mars 2027.</p><p>Anna<br>Kumla kommun</p></body></html>"
    )
    assert html_to_text(html) == "Hej!\n\nYttrande önskas senast den 15 mars 2027.\n\nAnna\nKumla kommun"


def test_forwarded_header_blocks():
    body = (
        "För registrering.\n\n"
        "-----Ursprungligt meddelande-----\n"
        "From: Per Persson [mailto:per.persson@hallsberg.se]\n"
        "Sent: Tuesday, January 12, 2027 9:30 AM\n"
        "To: Registrator\n"
        "Subject: Samråd ÖP\n\nHej!\n"
    )
    [header] = quoted_headers(body)
    assert (header.name, header.address, header.subject) == ("Per Persson", "per.persson@hallsberg.se", "Samråd ÖP")
    assert header.sent_text == "Tuesday, January 12, 2027 9:30 AM"


def test_a_long_sentence_is_shown_up_to_its_deadline():
    text = "Kumla kommun översänder " + "handlingar och underlag, " * 12
    text += "och yttrande önskas senast den 15 mars 2027."
    found = find_deadline(text, [], received=RECEIVED)
    source = str(found.suggestion.source)
    assert found.suggestion.value == date(2027, 3, 15)
    assert source.startswith("Meningen ”…") and source.endswith("senast den 15 mars 2027.”")
    assert len(source) < 200


def test_a_past_date_without_a_deadline_word_is_not_warned():
    found = find_deadline("Länsstyrelsens yttrande daterat 2026-10-01 bifogas.", [], received=RECEIVED)
    assert found.suggestion is None and found.warnings == []


def test_a_huge_body_without_full_stops_is_read_quickly():
    import time

    text = "synpunkter om planen " * 50_000 + " senast den 15 mars 2027"
    started = time.monotonic()
    find_deadline(text, [], received=RECEIVED)
    assert time.monotonic() - started < 5


def test_html_nested_too_deep_for_the_parser_keeps_its_words():
    html = "<div>" * 5000 + "Yttrande önskas senast den 15 mars 2027." + "</div>" * 5000
    assert "Yttrande önskas senast den 15 mars 2027." in html_to_text(html)


def test_the_codes_are_the_cases_own():
    from referrals.models import Phase, PlanType

    assert {code for code, _pattern in classify.PLAN_TYPES} | {"other"} == set(PlanType.values)
    assert {code for code, _pattern in classify.PHASES} == set(Phase.values)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("planering@kommun.orebro.se", ["kommun.orebro.se", "orebro.se"]),
        ("Anna@Kumla.SE>", ["kumla.se"]),
        ("ingen-adress", []),
    ],
)
def test_domain_candidates(address, expected):
    from referrals.intake.senders import domain_candidates

    assert domain_candidates(address) == expected


def _attachment(name, data):
    from referrals.intake.types import EmailAttachment

    return EmailAttachment(filename=name, content_type="application/pdf", size=len(data), data=data)


def test_the_message_wins_over_an_attached_letter_and_a_broken_pdf_is_passed_over():
    from .samples import pdf

    letter = _attachment("Missiv.pdf", pdf("Missiv", ("Yttrande önskas senast den 1 april 2027.",)))
    broken = _attachment("Trasig.pdf", b"%PDF-1.7 not really")
    found = find_deadline("Svar senast 2027-03-15.", [broken, letter], received=RECEIVED)
    assert found.suggestion.value == date(2027, 3, 15)
    found = find_deadline("Se bifogade handlingar.", [broken, letter], received=RECEIVED)
    assert found.suggestion.value == date(2027, 4, 1)
    assert "Missiv.pdf" in str(found.suggestion.source)
    assert find_deadline("Se bifogade handlingar.", [broken], received=RECEIVED).suggestion is None
