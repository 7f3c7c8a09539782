"""The referral pages end to end in real Chromium (issue 9, "How fast the work itself must be" and
"How it is shown"): a standard reply from the work list with the officer's actions counted; the
full flow (register from e-mail, draw the area, triage, consult a unit, reply, review, approve,
send) read back from the case's timeline; registration by keyboard only; axe on every referral
page in Swedish and English (bad input: test_browser_bad_input.py)."""

import datetime
import email
import email.policy
import email.utils

import pytest
from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from knowledge.models import LayerFeature
from planportal import roles
from planportal.geo import SWEREF99TM
from referrals.models import Consultation, Referral, Reply
from rus.models import StructureFeature
from tests.browser.keyboard import tab_to
from tests.factories import UserFactory
from tests.knowledge.factories import LayerFactory
from tests.knowledge.test_browser import _sign_in
from tests.rus.factories import StructureFeatureFactory, StructureImageFactory

from . import samples
from .factories import (
    DeadlineExtensionFactory,
    InterestMatchFactory,
    MunicipalityFactory,
    PhraseFactory,
    ReferralDocumentFactory,
    ReferralFactory,
    ReplyFactory,
    ReplyPointFactory,
    UnitFactory,
)
from .factories_workflow import ConsultationFactory, approver, unit_with_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# draw.js frames the county; the middle of its map is about here (WGS 84).
MAP_CENTRE = (15.04, 59.38)


class Actions:
    """The officer's actions, counted: a click, a field entry, a file drop, a choice in a list, a
    key press — each one. Waiting and reading the page are not actions."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.log: list[str] = []

    def _did(self, what):
        self.count += 1
        self.log.append(what)

    def click(self, locator, what="click"):
        locator.click()
        self._did(what)

    def fill(self, locator, value, what="fill"):
        locator.fill(value)
        self._did(what)

    def set_input_files(self, locator, files, what="file drop"):
        locator.set_input_files(files)
        self._did(what)

    def select_option(self, locator, what="select", **choice):
        locator.select_option(**choice)
        self._did(what)

    def press(self, locator, key, what="key"):
        locator.press(key)
        self._did(what)

    def click_at(self, x, y, what="map click"):
        self.page.mouse.click(x, y)
        self._did(what)


@pytest.fixture
def kumla(db):
    centre = Point(*MAP_CENTRE, srid=4326).transform(SWEREF99TM, clone=True)
    x, y = centre.x, centre.y
    outline = Polygon.from_bbox((x - 20000, y - 20000, x + 20000, y + 20000))
    outline.srid = SWEREF99TM
    return MunicipalityFactory(
        name="Kumla kommun", slug="kumla", code="1881", email_domains=["kumla.se"], boundary=MultiPolygon(outline)
    )


@pytest.fixture
def regional_interests(db):
    """Hand-placed items in the middle of the county map (where the area is drawn): a node and a
    primary corridor of the structure image, and a feature of a public knowledge layer."""
    centre = Point(*MAP_CENTRE, srid=4326).transform(SWEREF99TM, clone=True)
    x, y = centre.x, centre.y
    image = StructureImageFactory(key="flows", name="Strukturbild för Örebroregionen 2030")
    node = StructureFeatureFactory(
        image=image, name="Kumla resecentrum", kind=StructureFeature.Kind.NODE, geometry=Point(x, y, srid=SWEREF99TM)
    )
    corridor = StructureFeatureFactory(
        image=image,
        name="Västra stambanan",
        kind=StructureFeature.Kind.PRIMARY_CORRIDOR,
        geometry=LineString((x - 30000, y + 200), (x + 30000, y + 200), srid=SWEREF99TM),
    )
    layer = LayerFactory(name="Riksintressen kulturmiljö", is_public=True)
    box = Polygon.from_bbox((x - 300, y - 300, x + 300, y + 300))
    box.srid = SWEREF99TM
    feature = LayerFeature.objects.create(
        layer=layer, number=1, geometry=MultiPolygon(box), properties={"namn": "Kumla kyrkby"}
    )
    return {"node": node, "corridor": corridor, "feature": feature}


def _map_centre(page, selector="[data-area-map]"):
    """The map's middle on the screen (scrolled into view; scrolling is not an action)."""
    root = page.locator("[data-area-input]").first
    expect(root).to_have_attribute("data-area-ready", "true")
    area_map = page.locator(selector).first
    area_map.scroll_into_view_if_needed()
    box = area_map.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _draw_rectangle(page, actions, button_name="Rita Rektangel"):
    """Geoman's rectangle tool: the tool, one corner, the opposite corner (three actions)."""
    cx, cy = _map_centre(page)
    actions.click(page.get_by_role("button", name=button_name), "rectangle tool")
    actions.click_at(cx - 60, cy - 40, "first corner")
    actions.click_at(cx + 60, cy + 40, "opposite corner")
    expect(page.locator("[data-area-input]").first).to_have_attribute("data-area-parts", "1")


def _eml(tmp_path):
    """Kumla's sample e-mail, sent this morning (the sample is dated 2027-01-12: a reply cannot be
    sent before the date a case was received)."""
    message = email.message_from_bytes(samples.kumla_samrad_dp(), policy=email.policy.default)
    sent = timezone.localtime().replace(hour=8, minute=5, second=0, microsecond=0)
    message.replace_header("Date", email.utils.format_datetime(sent))
    path = tmp_path / "remiss-kumla.eml"
    path.write_bytes(message.as_bytes())
    return path


# --- 1. the standard reply, counted ----------------------------------------------------------


def test_standard_reply_from_the_work_list_in_at_most_twelve_actions(
    page, live_server, kumla, regional_interests, tmp_path, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    officer = approver()  # a case officer holding the delegation
    eml = _eml(tmp_path)
    _sign_in(page, live_server, officer.username)
    page.goto(live_server.url + "/remisser/")

    act = Actions(page)
    act.set_input_files(page.get_by_label("E-postmeddelandet med remissen"), str(eml), "drop the e-mail")
    expect(page.locator("#draft-title")).to_contain_text("remiss-kumla.eml")
    _draw_rectangle(page, act)
    act.click(page.get_by_role("button", name="Registrera", exact=True), "register")
    referral = Referral.objects.get(plan_name__icontains="Skomakaren")
    expect(page.locator("h1")).to_contain_text(referral.diary_number)
    interests = page.locator("#intressen .interest-list > li")
    expect(interests).to_have_count(3)
    expect(page.locator("#intressen")).to_contain_text("Kumla resecentrum")
    expect(page.locator("#intressen")).to_contain_text("Västra stambanan")
    expect(page.locator("#intressen")).to_contain_text("Kumla kyrkby")
    act.click(page.get_by_role("button", name="Ta med 3 föreslagna regionala intressen som punkter"), "interests")
    expect(page.locator("#yttrande ol.reply-points > li")).to_have_count(3)
    act.click(page.get_by_role("button", name="Godkänn yttrandet"), "approve")
    expect(page.get_by_label("Skickas till")).to_have_value("anna.aberg@kumla.se")  # prefilled
    act.click(page.get_by_role("button", name="Skicka yttrandet"), "send")
    expect(page.locator(".messages")).to_contain_text("Yttrandet är skickat")
    expect(page.locator(".lead .status")).to_have_text("Besvarad")
    act.click(page.get_by_role("link", name="Visa i diariet"), "open the register page")
    expect(page.locator("#reply-title")).to_have_text("Regionens yttrande")
    expect(page.locator("article.reply")).to_contain_text("Kumla resecentrum")

    print(f"\nstandard reply: {act.count} actions ({', '.join(act.log)})")
    assert act.count <= 12
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ANSWERED
    assert referral.reply.status == Reply.Status.SENT and referral.reply.points.count() == 3
    assert referral.area is not None and referral.area_source == Referral.AreaSource.DRAWN
    assert [m.to for m in mail.outbox if m.attachments] == [["anna.aberg@kumla.se"]]


# --- 2. the full flow, read back from the timeline -----------------------------------------


def _context_page(browser, live_server, username):
    """Another person at another computer: a browser context of their own, signed in."""
    context = browser.new_context()
    other = context.new_page()
    _sign_in(other, live_server, username)
    return context, other


def test_full_flow_register_draw_triage_consult_reply_review_approve_send(
    page, browser, live_server, kumla, regional_interests, tmp_path, settings, axe_check
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    today = timezone.localdate()
    officer = UserFactory(
        username="anna", roles=[roles.CASE_OFFICER], first_name="Anna", last_name="Andersson"
    )  # no delegation: someone else approves
    boss = approver()
    # The Region's own unit (written by migrate): its name is "Kollektivtrafik (Länstrafiken)".
    unit, member = unit_with_member(name="Kollektivtrafik", slug="kollektivtrafik")
    UnitFactory(name="Folkhälsa", slug="folkhalsa")
    PhraseFactory(title="Cykelstråk", text="Regionen vill att planen ansluter till det regionala cykelstråket.")

    # Registered from the dropped e-mail, with the area drawn on the registration page's map.
    _sign_in(page, live_server, officer.username)
    page.goto(live_server.url + "/remisser/")
    act = Actions(page)
    act.set_input_files(page.get_by_label("E-postmeddelandet med remissen"), str(_eml(tmp_path)))
    _draw_rectangle(page, act)
    act.click(page.get_by_role("button", name="Registrera", exact=True))
    referral = Referral.objects.get(plan_name__icontains="Skomakaren")
    expect(page.locator("#intressen .interest-list > li")).to_have_count(3)

    # Triage: assigned to herself, and the Region answers.
    act.select_option(page.get_by_label("Handläggare"), label="Anna Andersson")
    act.click(page.get_by_role("button", name="Tilldela"))
    expect(page.locator(".messages")).to_contain_text("Handläggaren är sparad")
    expect(page.locator(".facts")).to_contain_text("Anna Andersson")
    act.click(page.get_by_role("button", name="Yttra sig", exact=True))
    expect(page.locator(".lead .status")).to_have_text("Under handläggning")

    # Internal consultation of a unit …
    act.click(page.locator("#samrad summary"))
    act.click(page.get_by_label(unit.name))
    act.fill(page.get_by_label("Svar senast"), (today + datetime.timedelta(days=10)).isoformat())
    act.fill(page.get_by_label("Fråga till enheterna"), "Hur påverkas busslinjerna vid Skomakaren?")
    act.click(page.get_by_role("button", name="Begär internt samråd"))
    expect(page.locator("#samrad")).to_contain_text("Väntar på svar")

    # … whose member answers at her own computer.
    context, unit_page = _context_page(browser, live_server, member.username)
    unit_page.goto(live_server.url + "/remisser/samrad/")
    unit_page.get_by_role("link", name=f"{referral.diary_number} {referral.plan_name}").click()
    unit_page.get_by_label("Enhetens svar").fill("Linje 701 får en hållplats vid Skomakaren.")
    unit_page.get_by_role("button", name="Skicka svar").click()
    expect(unit_page.locator(".messages")).to_contain_text("Svaret är sparat")
    context.close()

    # The reply: a paragraph from the phrase library, free text, the interests and the answer.
    page.reload()
    expect(page.locator("#samrad")).to_contain_text("Linje 701")
    act.click(page.locator("#yttrande summary", has_text="Lägg till punkt"))
    act.select_option(page.get_by_label("Stycke ur frasbiblioteket"), label="Cykelstråk")
    act.click(page.locator("#yttrande").get_by_role("button", name="Lägg till punkt"))
    expect(page.locator("#yttrande ol.reply-points > li")).to_have_count(1)
    act.click(page.locator("#yttrande summary", has_text="Lägg till punkt"))
    act.fill(page.get_by_label("Rubrik", exact=True), "Förskolans placering")
    act.fill(page.get_by_label("Text", exact=True), "Regionen föreslår att förskolan placeras nära hållplatsen.")
    act.click(page.locator("#yttrande").get_by_role("button", name="Lägg till punkt"))
    # Each button posts a form: wait for the page it answers before the next click, or the click
    # lands on the page being left (and its version token is stale).
    expect(page.locator("#yttrande ol.reply-points > li")).to_have_count(2)
    act.click(page.get_by_role("button", name="Ta med 3 föreslagna regionala intressen som punkter"))
    expect(page.locator("#yttrande ol.reply-points > li")).to_have_count(5)
    act.click(page.get_by_role("button", name=f"Ta med svaret från {unit.name} som punkt"))
    expect(page.locator("#yttrande ol.reply-points > li")).to_have_count(6)
    expect(page.locator("#yttrande")).to_contain_text("Yttrandet godkänns av den som har delegation.")
    act.click(page.get_by_role("button", name="Markera som granskat"))
    expect(page.locator("#yttrande .status")).to_have_text("Granskat")

    # The colleague holding the delegation approves and sends.
    context, boss_page = _context_page(browser, live_server, boss.username)
    boss_page.goto(live_server.url + referral.get_absolute_url())
    boss_page.get_by_role("button", name="Godkänn yttrandet").click()
    boss_page.get_by_role("button", name="Skicka yttrandet").click()
    expect(boss_page.locator(".messages")).to_contain_text("Yttrandet är skickat")
    context.close()
    print(f"\nfull flow (one officer's part, the unit's answer and the approval apart): {act.count} actions")

    page.reload()
    expect(page.locator(".lead .status")).to_have_text("Besvarad")
    timeline = page.locator(".timeline")
    for words in (
        f"Registrerad som {referral.diary_number} från Kumla kommun (inkommen e-post remiss-kumla.eml)",
        "Planområde angivet",
        "Regionala intressen kontrollerade: 3 träffar",
        "Tilldelad Anna Andersson",
        "Beslut: yttra sig",
        f"Internt samråd begärt från {unit.name}, svar senast {today + datetime.timedelta(days=10)}",
        f"{unit.name} svarade i det interna samrådet",
        "Punkt tillagd: Cykelstråk",
        "Punkt tillagd: Förskolans placering",
        "3 regionala intressen tillagda som punkter",
        f"Punkt tillagd: {unit.name}",
        "Yttrandet granskat av Anna Andersson",
        "Yttrandet godkänt av Greta Godkännare",
        f"Yttrandet skickat till anna.aberg@kumla.se {today}",
        "Yttrandet e-postat till anna.aberg@kumla.se",
    ):
        expect(timeline).to_contain_text(words)
    axe_check(page)
    reply = Reply.objects.get(referral=referral)
    assert reply.status == Reply.Status.SENT
    assert (reply.reviewed_by, reply.approved_by, reply.sent_by) == (officer, boss, boss)
    assert Consultation.objects.get(referral=referral, unit=unit).is_answered
    assert [p.source for p in reply.points.order_by("order")] == [
        "phrase",
        "free",
        "interest",
        "interest",
        "interest",
        "consultation",
    ]


# --- 3. keyboard only ------------------------------------------------------------------------


def _type_date(page, day):
    """Into the focused date field, part by part in the order headless Chromium shows them
    (its own language, en-US: month, day, year; each part moves on when full)."""
    page.keyboard.type(f"{day.month:02d}{day.day:02d}{day.year}")


def test_registration_by_keyboard_only_with_the_error_summary_focused(page, live_server, kumla, axe_check):
    officer = approver()
    _sign_in(page, live_server, officer.username)
    page.goto(live_server.url + "/remisser/")
    today = timezone.localdate()

    tab_to(page, "a.button[href='/remisser/registrera/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Registrera remiss")
    tab_to(page, "#id_sender")
    page.keyboard.type("Kumla")
    tab_to(page, "#id_sender_reference")
    page.keyboard.type("KS 2026/77")
    tab_to(page, "#id_plan_name")
    page.keyboard.type("Detaljplan för Hagaby äng")
    tab_to(page, "#id_plan_type")
    page.keyboard.type("Detaljplan")
    tab_to(page, "#id_phase")
    page.keyboard.type("Granskning")
    tab_to(page, "#id_deadline")
    yesterday = today - datetime.timedelta(days=1)
    _type_date(page, yesterday)
    expect(page.locator("#id_deadline")).to_have_value(yesterday.isoformat())
    page.keyboard.press("Enter")

    # The bad submission: the summary has the focus and names the field; nothing is saved.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        f"Sista svarsdag: Sista svarsdag ({yesterday}) är före inkommen-datum ({today}). "
        "Ange ett datum efter mottagningsdatum."
    )
    expect(page.locator("#id_deadline")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_plan_name")).to_have_value("Detaljplan för Hagaby äng")
    expect(page.locator("#id_sender option:checked")).to_have_text("Kumla kommun")
    assert not Referral.objects.exists()
    axe_check(page)

    tab_to(page, "#id_deadline")
    _type_date(page, datetime.date(2099, 1, 15))
    tab_to(page, "button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Detaljplan för Hagaby äng")
    referral = Referral.objects.get()
    assert (referral.sender, referral.plan_type, referral.phase) == (kumla, "dp", "granskning")
    assert referral.deadline == datetime.date(2099, 1, 15) and referral.received == today


# --- 4. axe on every referral page, Swedish and English -------------------------------------


@pytest.fixture
def populated_case(db, kumla):
    """A case with every section of its page filled: documents, area, interests (one accepted),
    an extension, an answered consultation, a reply with points, and an earlier phase whose sent
    reply awaits its outcome."""
    officer = approver()
    earlier = ReferralFactory(sender=kumla, answered=True, plan_name="Planprogram Skomakaren")
    sent = ReplyFactory(referral=earlier, status=Reply.Status.SENT, sent_on=timezone.localdate())
    ReplyPointFactory(reply=sent, order=1, heading="Kollektivtrafik", text="Behåll hållplatsen.")
    case = ReferralFactory(
        sender=kumla,
        in_progress=True,
        assignee=officer,
        previous=earlier,
        phase="granskning",
        plan_name="Detaljplan för kvarteret Skomakaren",
        internal_notes="Ring kommunen om förskolan.",
    )
    ReferralDocumentFactory(referral=case, name="Plankarta granskning.pdf")
    ReferralDocumentFactory(referral=case, name="PM buller.pdf", confidential=True)
    DeadlineExtensionFactory(referral=case)
    accepted = InterestMatchFactory(referral=case, title="Västra stambanan", decision="accepted")
    InterestMatchFactory(referral=case, title="Kumla resecentrum", distance_m=350)
    unit, _member = unit_with_member(name="Kollektivtrafik", slug="kollektivtrafik")
    ConsultationFactory(
        referral=case,
        unit=unit,
        requested_at=timezone.now() - datetime.timedelta(days=2),
        answer="Linje 701 stannar här.",
        answered_at=timezone.now(),
    )
    ConsultationFactory(referral=case, unit=UnitFactory(name="Folkhälsa", slug="folkhalsa"))
    reply = ReplyFactory(referral=case)
    ReplyPointFactory(reply=reply, order=1, heading="Västra stambanan", source="interest", interest=accepted)
    ReplyPointFactory(reply=reply, order=2, heading="Förskolan", text="Placera förskolan nära hållplatsen.")
    PhraseFactory(title="Cykelstråk")
    return {"officer": officer, "case": case, "earlier": earlier}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_axe_on_every_referral_page(page, live_server, populated_case, axe_check, tmp_path, language):
    case, earlier = populated_case["case"], populated_case["earlier"]
    words = {
        "sv": {"reply": "Yttrande", "outcome": "Utfall av tidigare yttrande"},
        "en": {"reply": "Reply", "outcome": "Outcome of the earlier reply"},
    }[language]
    _sign_in(page, live_server, populated_case["officer"].username)
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    page.goto(live_server.url + "/remisser/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe_check(page)
    page.goto(live_server.url + case.get_absolute_url())
    expect(page.locator("#yttrande-title")).to_have_text(words["reply"])
    expect(page.locator("#utfall-title")).to_have_text(words["outcome"])
    for section in ("#intressen li", "#samrad table", "#yttrande ol.reply-points", ".timeline li", "#case-map"):
        expect(page.locator(section).first).to_be_visible()
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # the closed forms too
    axe_check(page)
    page.goto(live_server.url + "/remisser/registrera/")
    page.locator("input[type=file][name=file]").set_input_files(str(_eml(tmp_path)))
    expect(page.locator("#draft-title")).to_contain_text("remiss-kumla.eml")
    expect(page.locator("[data-area-input]")).to_have_attribute("data-area-ready", "true")
    axe_check(page)

    page.context.clear_cookies()  # the public's pages
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for url in (
        "/diarium/",
        earlier.get_public_url(),
        case.get_public_url(),
        "/remisser/statistik/",
        "/remisser/karta/",
    ):
        page.goto(live_server.url + url)
        expect(page.locator("h1")).to_be_visible()
        axe_check(page)
