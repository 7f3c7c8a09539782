"""The invented referral cases of the demo, as plain specifications (no database): who sent what
plan when, in which state, and its plan area. Deterministic (a seeded random), so the demo is the
same on every machine; dates of the open cases follow today so the work list always has work.
Used by referrals/demo.py, which saves them."""

import datetime
import math
import random
from dataclasses import dataclass, field

from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon

from planportal.geo import SWEREF99TM

CLOSED_PER_YEAR = {2024: 95, 2025: 100, 2026: 60}
OPEN_CASES = 45
CHAINS = 40  # samråd cases followed by the same plan's granskning

# Plan names per type: (stem, suffix) combined with a place of the municipality.
PLAN_NAMES = {
    "dp": [
        "Detaljplan för bostäder vid {place}",
        "Detaljplan för {place} centrum",
        "Detaljplan för förskola i {place}",
        "Detaljplan för verksamheter vid {place} industriområde",
        "Detaljplan för {place} 1:{n}",
        "Detaljplan för handel vid {place} handelsområde",
        "Ändring av detaljplan för {place} 2:{n}",
    ],
    "op": ["Översiktsplan {place} kommun 2040"],
    "fop": ["Fördjupad översiktsplan för {place} tätort", "Fördjupad översiktsplan för {place} stationsområde"],
    "ob": ["Områdesbestämmelser för {place} kulturmiljö", "Områdesbestämmelser för fritidshusområde vid {place}"],
    "program": ["Planprogram för {place} stationsområde", "Planprogram för nya bostäder i {place}"],
    "other": [
        "Bostadsförsörjningsprogram för {place}",
        "Trafikstrategi för {place}",
        "Grönplan för {place}",
        "Vindbruksplan för {place} kommun",
    ],
}
PLAN_TYPE_WEIGHTS = [("dp", 58), ("program", 10), ("fop", 7), ("ob", 5), ("op", 5), ("other", 15)]
# Rough size (radius in metres) of a plan area per plan type.
RADIUS_M = {
    "dp": (90, 380),
    "ob": (300, 900),
    "program": (350, 1200),
    "fop": (1500, 3200),
    "op": (9000, 13000),
    "other": (1200, 4000),
}
# Weight per municipality code: Örebro sends most.
MUNICIPALITY_WEIGHTS = {"1880": 9, "1883": 4, "1881": 3, "1885": 3, "1861": 2}
# Referrals from state bodies: (organisation name, plan names); their area is a corridor between two seats.
STATE_SENDERS = [
    ("Trafikverket", ["Vägplan för väg 50 delen {a}–{b}", "Järnvägsplan för dubbelspår {a}–{b}"]),
    (
        "Länsstyrelsen i Örebro län",
        ["Regional vattenförsörjningsplan, delen {a}–{b}", "Förslag till naturreservat mellan {a} och {b}"],
    ),
]
OPEN_STATES = ["registered", "registered_assigned", "consulting", "consulted", "draft", "reviewed", "approved"]


@dataclass
class CaseSpec:
    key: tuple  # (sender_reference, phase): the demo's natural key
    sender: str  # municipality code or organisation name
    sender_reference: str
    plan_name: str
    plan_type: str
    phase: str
    received: datetime.date
    deadline: datetime.date
    state: str  # answered, declined, standard (answered with the standard reply), or one of OPEN_STATES
    area: MultiPolygon | None
    extension_days: int = 0
    previous: tuple | None = None  # key of the earlier phase of the same plan
    assignee: str = "handlaggare"
    units: list = field(default_factory=list)  # unit slugs consulted
    seed: int = 0


def _star(rng, centre: Point, radius: float) -> MultiPolygon:
    """A star-shaped (so always valid) irregular polygon around `centre`."""
    n = rng.randint(7, 12)
    step = 2 * math.pi / n
    # One vertex per equal sector, jittered inside it: angles increase and no gap reaches π.
    angles = [step * (i + rng.uniform(0.1, 0.9)) for i in range(n)]
    ring = []
    for a in angles:
        r = radius * rng.uniform(0.6, 1.0)
        ring.append((centre.x + math.cos(a) * r, centre.y + math.sin(a) * r))
    ring.append(ring[0])
    return MultiPolygon(Polygon(ring), srid=SWEREF99TM)


def _near(rng, seat: Point, spread: float) -> Point:
    angle = rng.uniform(0, 2 * math.pi)
    distance = spread * math.sqrt(rng.random())
    return Point(seat.x + math.cos(angle) * distance, seat.y + math.sin(angle) * distance, srid=SWEREF99TM)


def _corridor(a: Point, b: Point, width: float) -> MultiPolygon:
    polygon = LineString(a.coords, b.coords, srid=SWEREF99TM).buffer(width, quadsegs=2)
    return MultiPolygon(polygon, srid=SWEREF99TM)


def _weighted(rng, pairs):
    total = sum(w for _v, w in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def build(municipalities: dict, today: datetime.date, unit_slugs: list[str]) -> list[CaseSpec]:
    """municipalities: {code: (short name, town, seat Point in EPSG:3006)}. -> the specs, oldest first."""
    rng = random.Random(20240101)
    codes = sorted(municipalities)
    sender_weights = [(c, MUNICIPALITY_WEIGHTS.get(c, 1)) for c in codes]
    specs: list[CaseSpec] = []
    counter = 0

    def new_spec(received, state, *, code=None, plan_type=None, phase=None):
        nonlocal counter
        counter += 1
        code = code or (codes[counter % len(codes)] if counter <= len(codes) else _weighted(rng, sender_weights))
        plan_type = plan_type or _weighted(rng, PLAN_TYPE_WEIGHTS)
        phase = phase or _weighted(rng, [("samrad", 6), ("granskning", 3), ("underrattelse", 1)])
        if plan_type in ("op", "fop", "program", "other") and phase == "underrattelse":
            phase = "samrad"
        short, town, seat = municipalities[code]
        places = [town] if plan_type in ("op", "fop") else [town, f"Norra {town}", f"{town} västra", f"Södra {town}"]
        place = rng.choice(places)
        template = rng.choice(PLAN_NAMES[plan_type])
        name = template.format(place=short if plan_type == "op" else place, n=rng.randint(2, 140))
        low, high = RADIUS_M[plan_type]
        centre = seat if plan_type == "op" else _near(rng, seat, 1500 if plan_type == "dp" else 4000)
        area = _star(rng, centre, rng.uniform(low, high))
        reference = f"{short[:3].upper()} {received.year}/{counter:04d}"
        deadline = received + datetime.timedelta(days=rng.choice([21, 28, 30, 35, 42, 56]))
        spec = CaseSpec(
            key=(reference, phase),
            sender=code,
            sender_reference=reference,
            plan_name=name,
            plan_type=plan_type,
            phase=phase,
            received=received,
            deadline=deadline,
            state=state,
            area=area,
            assignee=rng.choice(["handlaggare", "handlaggare", "handlaggare2"]),
            seed=rng.randint(0, 10**9),
        )
        specs.append(spec)
        return spec

    # Closed cases, spread over each year (never later than 80 days before today).
    last_closed = today - datetime.timedelta(days=80)
    for year, count in CLOSED_PER_YEAR.items():
        start = datetime.date(year, 1, 8)
        end = min(datetime.date(year, 12, 15), last_closed)
        if end <= start:
            continue
        for i in range(count):
            received = start + datetime.timedelta(days=int((end - start).days * (i + rng.random()) / count))
            state = _weighted(rng, [("answered", 62), ("standard", 12), ("declined", 26)])
            spec = new_spec(received, state)
            if rng.random() < 0.12:
                spec.extension_days = rng.choice([7, 14, 21])
            if state in ("answered", "standard") and rng.random() < 0.4:
                spec.units = rng.sample(unit_slugs, k=min(len(unit_slugs), rng.randint(1, 3)))

    # Plan chains: an answered samråd of a detailed plan or programme followed by its granskning.
    firsts = [
        s
        for s in specs
        if s.state == "answered"
        and s.plan_type in ("dp", "program", "fop")
        and s.received < today - datetime.timedelta(days=260)
    ]
    for first in rng.sample(firsts, k=min(CHAINS, len(firsts))):
        first.phase = "samrad"
        first.key = (first.sender_reference, first.phase)
        received = first.received + datetime.timedelta(days=rng.randint(120, 240))
        closed = received < last_closed
        state = rng.choice(["answered", "answered", "standard"]) if closed else rng.choice(["draft", "consulted"])
        second = new_spec(received, state, code=first.sender, plan_type=first.plan_type, phase="granskning")
        second.plan_name, second.area = first.plan_name, first.area
        second.sender_reference = first.sender_reference
        second.key = (second.sender_reference, "granskning")
        second.previous = first.key

    # Open cases: received in the last ten weeks, some of them overdue, a few extended.
    for i in range(OPEN_CASES):
        received = today - datetime.timedelta(days=rng.randint(1, 70))
        state = OPEN_STATES[i % len(OPEN_STATES)]
        spec = new_spec(received, state)
        if i % 9 == 4:
            spec.extension_days = 14
        if state in ("consulting", "consulted", "draft", "reviewed", "approved"):
            spec.units = rng.sample(unit_slugs, k=min(len(unit_slugs), rng.randint(1, 3)))
        if state == "registered":
            spec.assignee = ""

    # A few from state bodies, their area a corridor between two seats.
    for name, titles in STATE_SENDERS:
        for j, title in enumerate(titles):
            a, b = rng.sample(codes, 2)
            received = datetime.date(2024 + j, 3 + 4 * j, 12) if j < 2 else today
            spec = new_spec(received, "answered", code=a, plan_type="other", phase="samrad")
            spec.sender = name
            spec.plan_name = title.format(a=municipalities[a][1], b=municipalities[b][1])
            spec.area = _corridor(municipalities[a][2], municipalities[b][2], 150)
            spec.sender_reference = (
                f"TRV {received.year}/{counter:04d}"
                if name == "Trafikverket"
                else (f"LST {received.year}/{counter:04d}")
            )
            spec.key = (spec.sender_reference, spec.phase)
    specs.sort(key=lambda s: (s.received, s.sender_reference))
    return specs
