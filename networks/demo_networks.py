"""Demo data for the network registry: every network of DOMAIN.md section 2 with its
composition and lines (facts from the Region's report), and a year of FOL meetings. People,
meetings, agendas and minutes are invented and flagged as example data. Idempotent: networks,
rules, lines and memberships by natural keys; the meetings are created once (when a network
has no example meetings yet), relative to the day of the first run."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.text import slugify

from planportal.geo import SWEREF99TM, WGS84

from .models import (
    ActionItem,
    AgendaItem,
    CompositionRule,
    Decision,
    FocusArea,
    Invitation,
    Meeting,
    MeetingSeries,
    MemberGroup,
    Membership,
    Minutes,
    Network,
    NetworkLine,
    Organisation,
    Person,
    TakeHome,
)
from .services import carry_over_action_items

# What two municipalities' representatives brought home from each held FOL meeting.
TAKE_HOME_EXAMPLES = [
    ("1880", "Till planavdelningen: stäm av vårt arbete med {theme} mot grannkommunernas innan samrådet."),
    ("1883", "Till samhällsbyggnadsnämnden: {theme} tas upp i nästa aktualitetsprövning."),
]

STOCKHOLM = ZoneInfo("Europe/Stockholm")
N, M = Network.Kind, Network.Mandate
K = Organisation.Kind

FOCUS_AREAS = [
    "Fysisk planering",
    "Trafik och infrastruktur",
    "Energi och klimat",
    "Regional utveckling",
    "Näringsliv",
    "Digitalisering",
    "Interregional samverkan",
]

# slug, name, short, kind, mandate, per year, rotating, visibility, focus areas, purpose, mandate note, rhythm note
NETWORKS = [
    (
        "samverkansradet",
        "Regionala samverkansrådet",
        "Samverkansrådet",
        N.COUNCIL,
        M.ADVISORY,
        4,
        False,
        "public",
        ["Regional utveckling"],
        "Politisk samverkan mellan Region Örebro län och länets tolv kommuner i frågor om regional utveckling.",
        "Rådgivande; kan utfärda rekommendationer till kommunerna och regionen. Ärenden bereds först i KC/RD.",
        "33 ledamöter: 8 från regionstyrelsen, 2 per kommunstyrelse, 3 från Örebro kommun.",
    ),
    (
        "kc-rd",
        "KC/RD-gruppen",
        "KC/RD",
        N.MANAGEMENT_GROUP,
        M.PREPARES,
        6,
        False,
        "public",
        ["Regional utveckling"],
        "Kommundirektörerna, regiondirektören, regionala utvecklingsdirektören och länsrådet bereder ärenden "
        "till Regionala samverkansrådet.",
        "Bereder ärenden till rådet: ett ärende går alltid genom KC/RD först. Samma sekreterare för båda.",
        "",
    ),
    (
        "partnerskapet",
        "Partnerskapet för regional utveckling",
        "Partnerskapet",
        N.FORUM,
        M.ADVISORY,
        2,
        False,
        "public",
        ["Regional utveckling"],
        "Bred samverkan om den regionala utvecklingsstrategin (RUS); tar emot den årliga uppföljningen av RUS.",
        "",
        "",
    ),
    (
        "fol",
        "Forum för fysisk planering med regional bäring",
        "FOL",
        N.FORUM,
        M.NONE,
        5,
        False,
        "public",
        ["Fysisk planering", "Regional utveckling"],
        "Lärande och erfarenhetsutbyte om fysisk planering med regional bäring mellan regionen, länets kommuner "
        "och Länsstyrelsen. Målgrupp: översiktsplanerare.",
        "Informellt forum utan beslutsmandat. Regionen sammankallar och leder, men alla deltagare formar dagordningen.",
        "Deltagandet är frivilligt och varierar med ämnet.",
    ),
    (
        "beredningsgrupp-trafik",
        "Regional beredningsgrupp för trafik och infrastruktur",
        "Beredningsgrupp trafik",
        N.WORKING_GROUP,
        M.PREPARES,
        4,
        False,
        "public",
        ["Trafik och infrastruktur"],
        "Bereder trafik- och infrastrukturfrågor och utför uppdrag från KC/RD.",
        "Bereder ärenden; kan tillsätta permanenta eller tillfälliga arbetsgrupper.",
        "2 från regionen, 1 per kommun (Örebro 2).",
    ),
    (
        "energi-och-klimatradet",
        "Energi- och klimatrådet",
        "Energi- och klimatrådet",
        N.COUNCIL,
        M.ADVISORY,
        2,
        False,
        "public",
        ["Energi och klimat"],
        "Samverkan för energiomställning och klimat i länet: de tolv kommunerna, regionen, Länsstyrelsen, "
        "19 företag, tre organisationer och universitetet.",
        "Delat ordförandeskap.",
        "",
    ),
    (
        "energi-och-klimatnatverket",
        "Energi- och klimatnätverket",
        "EKN",
        N.NETWORK,
        M.NONE,
        4,
        True,
        "public",
        ["Energi och klimat"],
        "Tjänstepersonsnätverk (omkring 21 personer) för kommunernas energi- och klimatarbete.",
        "Rapporterar till KC/RD, som kan ändra nätverkets uppdrag.",
        "Omkring fyra möten per år med roterande värdskap.",
    ),
    (
        "business-region-orebro",
        "Business Region Örebro",
        "BRO",
        N.NETWORK,
        M.NONE,
        4,
        False,
        "public",
        ["Näringsliv"],
        "Samverkan om näringslivsutveckling och etableringar i länet.",
        "",
        "",
    ),
    (
        "lansit-gruppen",
        "LänsIT-gruppen",
        "LänsIT",
        N.WORKING_GROUP,
        M.NONE,
        6,
        False,
        "internal",
        ["Digitalisering"],
        "IT-samverkan mellan länets kommuner och regionen.",
        "",
        "",
    ),
    (
        "oms",
        "En bättre sits – Östra Mellansverige",
        "OMS",
        N.INTER_REGIONAL,
        M.ADVISORY,
        2,
        False,
        "public",
        ["Interregional samverkan", "Trafik och infrastruktur"],
        "Interregional samverkan om transportinfrastruktur och strukturbilden OMS 2050 i Östra Mellansverige.",
        "",
        "",
    ),
    (
        "malardalsradet",
        "Mälardalsrådet",
        "Mälardalsrådet",
        N.INTER_REGIONAL,
        M.ADVISORY,
        4,
        False,
        "public",
        ["Interregional samverkan"],
        "Politisk samverkan i Stockholm–Mälarregionen.",
        "",
        "",
    ),
    (
        "e18-gruppen",
        "E18-gruppen",
        "E18",
        N.INTER_REGIONAL,
        M.NONE,
        2,
        False,
        "public",
        ["Interregional samverkan", "Trafik och infrastruktur"],
        "Samverkan längs E18 för utbyggnad av vägen.",
        "",
        "",
    ),
    (
        "oslo-stockholm-255",
        "Oslo–Stockholm 2.55",
        "Oslo–Stockholm 2.55",
        N.INTER_REGIONAL,
        M.NONE,
        2,
        False,
        "public",
        ["Interregional samverkan", "Trafik och infrastruktur"],
        "Samverkan för snabb järnväg mellan Oslo och Stockholm.",
        "",
        "",
    ),
    (
        "cpmr",
        "CPMR",
        "CPMR",
        N.INTER_REGIONAL,
        M.NONE,
        1,
        False,
        "public",
        ["Interregional samverkan"],
        "Europeiskt nätverk för perifera kust- och havsregioner.",
        "",
        "",
    ),
]

LINES = [
    ("kc-rd", "samverkansradet", NetworkLine.Kind.PREPARES_FOR, "Ett ärende går genom KC/RD först."),
    ("energi-och-klimatnatverket", "kc-rd", NetworkLine.Kind.REPORTS_TO, "KC/RD kan ändra nätverkets uppdrag."),
    ("beredningsgrupp-trafik", "kc-rd", NetworkLine.Kind.REPORTS_TO, "Utför KC/RD:s uppdrag."),
    ("beredningsgrupp-trafik", "kc-rd", NetworkLine.Kind.PREPARES_FOR, ""),
]

RURAL = [
    "1814",
    "1860",
    "1863",
    "1864",
    "1882",
    "1862",
]  # Lekeberg, Laxå, Hällefors, Ljusnarsberg, Askersund, Degerfors
# Invented attendance pattern for FOL: the small municipalities come less often.
OFTEN_ABSENT = {"1863", "1864", "1860"}

FOL_THEMES = [
    ("Vindkraft i översiktsplaneringen", "Erfarenheter från kommunernas vindbruksplaner och dialog med Länsstyrelsen."),
    ("Strandskydd", "De nya reglerna för strandskydd och landsbygdsutveckling i strandnära lägen (LIS)."),
    ("Förorenad mark", "Hur förorenad mark hanteras i detaljplaneringen."),
    ("Ändringar i plan- och bygglagen", "Vad PBL-ändringarna betyder för kommunernas planering."),
    ("Distansarbete och boende", "Hur distansarbete påverkar efterfrågan på boende i länets mindre orter."),
    ("Skyfallskartering", "Gemensamt underlag för skyfall: vad finns, vad behövs?"),
    ("Jordbruksmark", "Att väga exploatering mot brukningsvärd jordbruksmark."),
]


def _person(org, name, title, email=None) -> Person:
    email = email or f"{slugify(name)}@example.org"
    person, _ = Person.objects.get_or_create(
        organisation=org, email=email, defaults={"name": name, "title": title, "is_example": True}
    )
    return person


def _member(network, org, person=None, role="member", start=date(2023, 1, 1)):
    Membership.objects.get_or_create(
        network=network, organisation=org, person=person, role=role, defaults={"start": start}
    )


def _rule(network, *, organisation=None, kind="", role="", min_count=0, max_count=None, note=""):
    CompositionRule.objects.update_or_create(
        network=network,
        organisation=organisation,
        organisation_kind=kind,
        role=role,
        defaults={"min_count": min_count, "max_count": max_count, "note": note},
    )


def _point(lon, lat):
    p = Point(lon, lat, srid=WGS84)
    p.transform(SWEREF99TM)
    return p


def load(stdout):
    region = Organisation.objects.get(name="Region Örebro län")
    county = Organisation.objects.get(name="Länsstyrelsen i Örebro län")
    municipalities = list(Organisation.objects.filter(kind=K.MUNICIPALITY).order_by("name"))
    by_code = {m.code: m for m in municipalities}
    User = get_user_model()
    coordinator = User.objects.filter(username="samordnare").first()
    planner_user = User.objects.filter(username="planerare").first()

    areas = {}
    for name in FOCUS_AREAS:
        areas[name], _ = FocusArea.objects.get_or_create(slug=slugify(name), defaults={"name": name})

    networks = {}
    for slug, name, short, kind, mandate, per_year, rotating, visibility, focus, purpose, note, rhythm in NETWORKS:
        network, _ = Network.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "mandate": mandate,
                "meetings_per_year": per_year,
                "rotating_host": rotating,
                "visibility": visibility,
                "purpose": purpose,
                "mandate_note": note,
                "rhythm_note": rhythm,
                "convenor": region,
                "is_example": False,
            },
        )
        network.focus_areas.set([areas[a] for a in focus])
        if coordinator is not None:
            network.coordinators.add(coordinator)
        networks[slug] = network
    networks["fol"].target_group = "Översiktsplanerare i kommunerna, regionen och Länsstyrelsen"
    networks["fol"].save(update_fields=["target_group"])

    for source, target, kind, note in LINES:
        NetworkLine.objects.get_or_create(
            source=networks[source], target=networks[target], kind=kind, defaults={"note": note}
        )

    secretary = _person(region, "Exempel Sekreterare", "Sekreterare för KC/RD och samverkansrådet")

    # Regionala samverkansrådet: 8 from the regional board, 2 per municipal board, Örebro 3.
    council = networks["samverkansradet"]
    _rule(council, organisation=region, min_count=8, max_count=8, note="8 ledamöter från regionstyrelsen")
    _rule(council, kind=K.MUNICIPALITY, min_count=2, max_count=2, note="2 ledamöter per kommunstyrelse")
    _rule(council, organisation=by_code["1880"], min_count=3, max_count=3, note="Örebro kommun: 3 ledamöter")
    for i in range(1, 9):
        person = _person(region, f"Regionråd {i} (exempel)", "Ledamot, regionstyrelsen")
        _member(council, region, person, "chair" if i == 1 else "member")
    for m in municipalities:
        # Invented gap: Laxå has named only one member, so the page shows the break.
        seats = 3 if m.code == "1880" else (1 if m.code == "1860" else 2)
        for i in range(1, seats + 1):
            person = _person(m, f"Ledamot {i} {m.short_name} (exempel)", "Ledamot, kommunstyrelsen")
            _member(council, m, person, "vice_chair" if (m.code == "1881" and i == 1) else "member")
    _member(council, region, secretary, "secretary")

    # KC/RD: the municipal directors, the regional director, the regional development director, Länsrådet.
    kcrd = networks["kc-rd"]
    _rule(kcrd, kind=K.MUNICIPALITY, min_count=1, max_count=1, note="Kommundirektören i varje kommun")
    _rule(
        kcrd, organisation=region, min_count=2, max_count=2, note="Regiondirektören och regionala utvecklingsdirektören"
    )
    _rule(kcrd, organisation=county, min_count=1, max_count=1, note="Länsrådet")
    for m in municipalities:
        _member(kcrd, m, _person(m, f"Kommundirektör {m.short_name} (exempel)", "Kommundirektör"))
    _member(kcrd, region, _person(region, "Exempel Regiondirektör", "Regiondirektör"), "chair")
    _member(kcrd, region, _person(region, "Exempel Utvecklingsdirektör", "Regional utvecklingsdirektör"))
    _member(kcrd, county, _person(county, "Exempel Länsråd", "Länsråd"))
    _member(kcrd, region, secretary, "secretary")

    # Partnerskapet: organisations as members.
    partners = networks["partnerskapet"]
    for org in [region, county, *municipalities] + list(
        Organisation.objects.filter(
            name__in=[
                "Örebro universitet",
                "Handelskammaren Mälardalen",
                "RF-SISU Örebro",
                "Örebro läns bildningsförbund",
            ]
        )
    ):
        _member(partners, org)

    # FOL: one contact person per organisation (the Region, the 12 municipalities, Länsstyrelsen).
    fol = networks["fol"]
    _rule(fol, role="contact_person", min_count=1, max_count=1, note="En kontaktperson per organisation")
    _rule(fol, kind=K.MUNICIPALITY, role="contact_person", min_count=1, max_count=1, note="En kontaktperson per kommun")
    fol_contacts = {}
    for m in municipalities:
        if m.code == "1880" and planner_user is not None and hasattr(planner_user, "person"):
            person = planner_user.person
        else:
            person = Person.objects.filter(
                organisation=m, email=f"planerare.{slugify(m.short_name)}@example.org"
            ).first()
            person = person or _person(m, f"Planerare {m.short_name}", "Översiktsplanerare")
        fol_contacts[m.pk] = person
        _member(fol, m, person, "contact_person")
    region_contact = (
        coordinator.person
        if coordinator is not None and hasattr(coordinator, "person")
        else _person(region, "Exempel Samordnare", "Samordnare FOL")
    )
    _member(fol, region, region_contact, "chair")
    _member(fol, region, region_contact, "contact_person")
    county_contact = _person(county, "Exempel Planhandläggare", "Planhandläggare, Länsstyrelsen")
    _member(fol, county, county_contact, "contact_person")
    fol_contacts[region.pk] = region_contact
    fol_contacts[county.pk] = county_contact
    rural, _ = MemberGroup.objects.get_or_create(network=fol, name="Landsbygdskommuner")
    rural.organisations.set([by_code[c] for c in RURAL])

    # Regional beredningsgrupp för trafik och infrastruktur: 2 from the Region, 1 per municipality, Örebro 2.
    traffic = networks["beredningsgrupp-trafik"]
    _rule(traffic, organisation=region, min_count=2, max_count=2, note="2 från regionen")
    _rule(traffic, kind=K.MUNICIPALITY, min_count=1, max_count=1, note="1 per kommun")
    _rule(traffic, organisation=by_code["1880"], min_count=2, max_count=2, note="Örebro kommun: 2")
    for i in (1, 2):
        _member(
            traffic,
            region,
            _person(region, f"Trafikstrateg {i} (exempel)", "Trafikstrateg"),
            "chair" if i == 1 else "member",
        )
    for m in municipalities:
        for i in range(1, (3 if m.code == "1880" else 2)):
            _member(traffic, m, _person(m, f"Trafikplanerare {i} {m.short_name} (exempel)", "Trafikplanerare"))

    # Energi- och klimatrådet (co-chaired) and Energi- och klimatnätverket (rotating host, reports to KC/RD).
    energy_council = networks["energi-och-klimatradet"]
    _rule(energy_council, kind=K.MUNICIPALITY, min_count=1, max_count=1, note="1 per kommun")
    for org in [region, county, *municipalities]:
        role = "chair" if org in (region, county) else "member"
        _member(
            energy_council,
            org,
            _person(org, f"Energirådsledamot {org.short_name or org.name} (exempel)", "Ledamot"),
            role,
        )
    university = Organisation.objects.filter(name="Örebro universitet").first()
    if university:
        _member(energy_council, university)
    energy_network = networks["energi-och-klimatnatverket"]
    for org in [region, county, *municipalities]:
        _member(
            energy_network,
            org,
            _person(
                org, f"Energi- och klimatstrateg {org.short_name or org.name} (exempel)", "Energi- och klimatstrateg"
            ),
        )
    _member(energy_network, region, _person(region, "Exempel Energisamordnare", "Energisamordnare"), "secretary")

    # The rest: who takes part (organisations).
    for slug, orgs in {
        "business-region-orebro": [region, *municipalities],
        "lansit-gruppen": [region, *municipalities],
        "oms": [region, *Organisation.objects.filter(kind=K.OTHER_REGION)],
        "malardalsradet": [region, *Organisation.objects.filter(name="Mälardalsrådet")],
        "e18-gruppen": [region, by_code["1880"], by_code["1883"], by_code["1862"], by_code["1860"]],
        "oslo-stockholm-255": [region, by_code["1880"], by_code["1883"]],
        "cpmr": [region],
    }.items():
        for org in orgs:
            _member(networks[slug], org)

    created = _fol_year(fol, fol_contacts, rural, by_code)
    created += _energy_meetings(energy_network, by_code)
    created += _kcrd_meeting(kcrd, fol)
    carry_over_action_items(fol)
    stdout.write(f"Nätverk: {Network.objects.count()} totalt, {created} nya exempelmöten.")


def _second_thursday(year, month) -> date:
    first = date(year, month, 1)
    offset = (3 - first.weekday()) % 7
    return first + timedelta(days=offset + 7)


def _fol_year(fol, contacts, rural, by_code) -> int:
    """A year of FOL meetings, every second month on the second Thursday: five held (minutes,
    decisions, attendance) and two coming with open agendas; plus a meeting for the rural
    municipalities only."""
    if Meeting.objects.filter(network=fol, is_example=True).exists():
        return 0
    today = timezone.localdate()
    month = today.month - 9
    year = today.year
    while month < 1:
        month += 12
        year -= 1
    first = _second_thursday(year, month)
    series = MeetingSeries.objects.create(
        network=fol,
        title="FOL-möte",
        rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=+2TH",
        first_start=datetime.combine(first, time(9, 0), tzinfo=STOCKHOLM),
        duration_minutes=180,
        count=7,
    )
    from .services import series_occurrences

    starts = series_occurrences(rrule=series.rrule, first_start=series.first_start, count=7)
    places = [
        ("Regionens hus, Örebro", "Eklundavägen 1, Örebro", 15.2050, 59.2590, "1880"),
        ("Kumla kommunhus", "Torget 1, Kumla", 15.1420, 59.1270, "1881"),
        ("Karlskoga stadshus", "Kyrkbacksgatan 9, Karlskoga", 14.5240, 59.3270, "1883"),
        ("Lindesbergs kommunhus", "Kristinavägen 2, Lindesberg", 15.2270, 59.5940, "1885"),
        ("Digitalt", "", None, None, None),
        ("Regionens hus, Örebro", "Eklundavägen 1, Örebro", 15.2050, 59.2590, "1880"),
        ("Hallsbergs kommunhus", "Västra Storgatan 16, Hallsberg", 15.1100, 59.0660, "1861"),
    ]
    now = timezone.now()
    invited = list(Membership.objects.active().filter(network=fol, role="contact_person").select_related("person"))
    previous_actions = []
    created = 0
    for i, start in enumerate(starts):
        name, address, lon, lat, host_code = places[i % len(places)]
        theme, theme_text = FOL_THEMES[i % len(FOL_THEMES)]
        past = start < now
        meeting = Meeting.objects.create(
            network=fol,
            series=series,
            title=f"FOL-möte: {theme.lower()}",
            description=f"Tema: {theme}. {theme_text}",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            location_name=name if lon else "",
            address=address,
            point=_point(lon, lat) if lon else None,
            online_url="https://meet.example.org/fol" if not lon or i % 2 else "",
            host=by_code.get(host_code) if host_code else None,
            status=Meeting.Status.MINUTES_APPROVED if past else Meeting.Status.AGENDA_OPEN,
            agenda_published_at=start - timedelta(days=6) if past else None,
            is_example=True,
        )
        created += 1
        for m in invited:
            Invitation.objects.get_or_create(
                meeting=meeting, person=m.person, defaults={"organisation_id": m.organisation_id}
            )
        region_contact = contacts[fol.convenor_id]
        items = [
            ("Välkommen och aktuellt från kommunerna", AgendaItem.Kind.INFORMATION, 20, None),
            (theme, AgendaItem.Kind.DISCUSSION, 60, by_code.get(host_code) if host_code else None),
            ("Aktuellt från Länsstyrelsen", AgendaItem.Kind.INFORMATION, 20, None),
        ]
        for position, (title, kind, minutes, proposer_org) in enumerate(items, start=1):
            proposer = contacts.get(proposer_org.pk) if proposer_org else region_contact
            AgendaItem.objects.create(
                meeting=meeting,
                title=title,
                kind=kind,
                status=AgendaItem.Status.ACCEPTED,
                position=position,
                duration_minutes=minutes,
                proposed_by=proposer,
                proposer_organisation=proposer.organisation if proposer else None,
                decided_at=start - timedelta(days=10),
            )
        if past:
            for inv in meeting.invitations.all():
                code = inv.organisation.code or ""
                came = not (code in OFTEN_ABSENT and i % 3 != 0) and not (code == "1882" and i == 2)
                inv.reply = Invitation.Reply.YES if came else Invitation.Reply.NO
                inv.replied_at = start - timedelta(days=3)
                inv.attended = came
                inv.save()
            Minutes.objects.create(
                meeting=meeting,
                status=Minutes.Status.PUBLISHED,
                text=(
                    f"Exempeldata. Mötet samlade kommunernas översiktsplanerare kring temat {theme.lower()}. "
                    f"{theme_text} Deltagarna delade erfarenheter och diskuterade vad regionen kan bidra med."
                ),
                approved_at=start + timedelta(days=7),
                published_at=start + timedelta(days=8),
            )
            TakeHome.objects.create(
                meeting=meeting,
                text=(
                    f"Exempeldata. Ta med hem: {theme.lower()} berör flera kommuner; "
                    "presentationerna finns på mötessidan och kan användas i den egna planeringen."
                ),
            )
            # Each municipality's representative writes their own take-home (two of them, as examples).
            for code, home in TAKE_HOME_EXAMPLES:
                writer = contacts.get(by_code[code].pk)
                came = meeting.invitations.filter(organisation=by_code[code], attended=True).exists()
                if writer is not None and came:
                    TakeHome.objects.create(
                        meeting=meeting,
                        organisation=by_code[code],
                        written_by=writer,
                        text=f"Exempeldata. {home.format(theme=theme.lower())}",
                    )
            Decision.objects.create(
                meeting=meeting,
                kind=Decision.Kind.RECOMMENDATION,
                text=f"FOL rekommenderar att kommunerna delar sina underlag om {theme.lower()} med varandra.",
            )
            for action in previous_actions:
                if i % 2 == 0:
                    action.done_at = start + timedelta(days=1)
                    action.save(update_fields=["done_at"])
            action = ActionItem.objects.create(
                meeting=meeting,
                title=f"Sammanställa kommunernas underlag om {theme.lower()}",
                owner=region_contact,
                owner_organisation=region_contact.organisation if region_contact else None,
                due=(start + timedelta(days=45)).date(),
            )
            previous_actions = [action]
        else:
            proposer = contacts[by_code["1881"].pk]
            AgendaItem.objects.create(
                meeting=meeting,
                title="Översiktsplanering för landsbygden",
                description="Förslag: erfarenheter från kommuner med liknande förutsättningar.",
                kind=AgendaItem.Kind.DISCUSSION,
                proposed_by=proposer,
                proposer_organisation=proposer.organisation,
            )
    # A meeting for the rural municipalities only (DOMAIN.md: meetings for municipalities with similar conditions).
    rural_start = datetime.combine(today + timedelta(days=40), time(13, 0), tzinfo=STOCKHOLM)
    rural_meeting = Meeting.objects.create(
        network=fol,
        title="Landsbygdsträff: planering med små resurser",
        description="För kommuner med en eller ingen planerare: hur kan vi dela på resurser?",
        starts_at=rural_start,
        ends_at=rural_start + timedelta(hours=2),
        online_url="https://meet.example.org/fol-landsbygd",
        invited_group=rural,
        status=Meeting.Status.AGENDA_OPEN,
        is_example=True,
    )
    for m in invited:
        if m.organisation_id in {o.pk for o in rural.organisations.all()}:
            Invitation.objects.get_or_create(
                meeting=rural_meeting, person=m.person, defaults={"organisation_id": m.organisation_id}
            )
    return created + 1


def _energy_meetings(network, by_code) -> int:
    if Meeting.objects.filter(network=network, is_example=True).exists():
        return 0
    today = timezone.localdate()
    created = 0
    for days, code, status in ((-60, "1881", Meeting.Status.HELD), (50, None, Meeting.Status.PLANNED)):
        start = datetime.combine(today + timedelta(days=days), time(9, 30), tzinfo=STOCKHOLM)
        meeting = Meeting.objects.create(
            network=network,
            title="Nätverksmöte energi och klimat",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            host=by_code.get(code) if code else None,
            location_name="Kumla kommunhus" if code else "",
            status=status,
            is_example=True,
        )
        for m in Membership.objects.active().filter(network=network, person__isnull=False).exclude(role="secretary"):
            Invitation.objects.get_or_create(
                meeting=meeting,
                person=m.person,
                defaults={"organisation_id": m.organisation_id, "attended": True if days < 0 else None},
            )
        created += 1
    return created


def _kcrd_meeting(kcrd, fol) -> int:
    """A KC/RD meeting the same day as FOL's next meeting: the scheduling warning has something to show."""
    if Meeting.objects.filter(network=kcrd, is_example=True).exists():
        return 0
    next_fol = Meeting.objects.filter(network=fol, starts_at__gte=timezone.now()).order_by("starts_at").first()
    if next_fol is None:
        return 0
    day = timezone.localtime(next_fol.starts_at).date()
    start = datetime.combine(day, time(13, 30), tzinfo=STOCKHOLM)
    meeting = Meeting.objects.create(
        network=kcrd,
        title="KC/RD-möte",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        location_name="Regionens hus, Örebro",
        address="Eklundavägen 1, Örebro",
        point=_point(15.2050, 59.2590),
        status=Meeting.Status.PLANNED,
        is_example=True,
    )
    for m in Membership.objects.active().filter(network=kcrd, person__isnull=False).exclude(role="secretary"):
        Invitation.objects.get_or_create(
            meeting=meeting, person=m.person, defaults={"organisation_id": m.organisation_id}
        )
    return 1
