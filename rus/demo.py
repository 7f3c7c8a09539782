"""Demo data for the RUS follow-up.

Facts (DOMAIN.md, section 4): RUS 2018–2030, updated and adopted by the regional assembly on
28 April 2022; the vision; the three overarching goals; the strategic direction for business.
Everything else – priority areas, effect goals, indicators, values, assessments and the
structure-image geometry – is invented and flagged `is_example`; the pages say "Exempeldata"
(structure images: "Schematiskt exempel"). Idempotent: update_or_create on natural keys."""

import datetime
import hashlib
from decimal import Decimal

from django.contrib.gis.geos import LineString, Point, Polygon

from networks.models import Organisation
from planportal.geo import SWEREF99TM, WGS84

from .models import (
    Agenda2030Goal,
    Assessment,
    Goal,
    Indicator,
    IndicatorValue,
    OverarchingGoal,
    PriorityArea,
    StrategicDirection,
    Strategy,
    StructureFeature,
    StructureImage,
)

VISION = "Sveriges hjärta, en attraktiv och pulserande region för alla"
OVERARCHING = ["Stark konkurrenskraft", "Hög och jämlik livskvalitet", "God resurseffektivitet"]
BUSINESS_DIRECTION = (
    "Skapa ett företagsklimat där entreprenörer har goda förutsättningar att starta, driva och utveckla "
    "hållbara företag"
)

# Invented priority areas (the real RUS has ten): (name, overarching goal index, directions)
PRIORITY_AREAS = [
    ("Näringsliv och entreprenörskap", 0, [BUSINESS_DIRECTION]),
    ("Kompetensförsörjning", 0, ["Matcha utbildningsutbudet mot arbetsmarknadens behov i hela länet"]),
    ("Transporter och tillgänglighet", 0, ["Stärk de interregionala stråken och kollektivtrafiken mellan orterna"]),
    ("Inkludering och jämlik hälsa", 1, ["Minska skillnaderna i livsvillkor mellan länets kommuner och grupper"]),
    ("Barn och unga", 1, ["Ge alla barn och unga förutsättningar att klara skolan och möta framtiden"]),
    ("Klimat och energi", 2, ["Ställ om till fossilfria transporter och effektivare energianvändning"]),
]

# (code, name, priority area index, agenda 2030 numbers, indicators)
# indicator: (slug, name, unit, source, source id, better, baseline year, baseline, target year, target, level)
GOALS = [
    (
        "1",
        "Fler nya och växande företag i hela länet",
        0,
        [8, 9],
        [
            (
                "nyforetagande",
                "Nystartade företag per 1 000 invånare",
                "antal/1 000 inv.",
                "kolada",
                "N00999",
                "higher",
                2018,
                "6.5",
                2030,
                "9.0",
                6.8,
            ),
            (
                "sysselsattningsgrad",
                "Sysselsättningsgrad 20–64 år",
                "procent",
                "kolada",
                "N00914",
                "higher",
                2018,
                "78.0",
                2030,
                "82.0",
                78.5,
            ),
        ],
    ),
    (
        "2",
        "Kompetensförsörjningen matchar arbetsmarknadens behov",
        1,
        [4, 8],
        [
            (
                "eftergymnasial-utbildning",
                "Andel 25–64 år med eftergymnasial utbildning",
                "procent",
                "kolada",
                "N00998",
                "higher",
                2018,
                "36.0",
                2030,
                "42.0",
                36.5,
            ),
        ],
    ),
    (
        "3",
        "Kortare restider med kollektivtrafik mellan länets orter",
        2,
        [9, 11],
        [
            (
                "kollektivtrafikresor",
                "Resor med kollektivtrafik per invånare",
                "resor/inv.",
                "own",
                "RUS-KT1",
                "higher",
                2018,
                "45",
                2030,
                "60",
                46.0,
            ),
        ],
    ),
    (
        "4",
        "Ökad inkludering och minskade skillnader i hälsa",
        3,
        [3, 10],
        [
            (
                "langtidsarbetsloshet",
                "Långtidsarbetslöshet 25–64 år",
                "procent",
                "kolada",
                "N00997",
                "lower",
                2018,
                "4.0",
                2030,
                "2.5",
                4.1,
            ),
        ],
    ),
    (
        "5",
        "Fler unga klarar skolan och etablerar sig",
        4,
        [4],
        [
            (
                "gymnasieexamen",
                "Gymnasieelever med examen inom fyra år",
                "procent",
                "kolada",
                "N00996",
                "higher",
                2018,
                "70.0",
                2030,
                "80.0",
                70.5,
            ),
        ],
    ),
    (
        "6",
        "Minskade utsläpp av växthusgaser",
        5,
        [7, 13],
        [
            (
                "vaxthusgaser",
                "Utsläpp av växthusgaser, index 2005 = 100",
                "index",
                "own",
                "RUS-KL1",
                "lower",
                2018,
                "78",
                2030,
                "40",
                77.0,
            ),
            (
                "energieffektivitet",
                "Slutlig energianvändning per BRP, index 2005 = 100",
                "index",
                "own",
                "RUS-KL2",
                "lower",
                2018,
                "80",
                2030,
                "50",
                79.0,
            ),
        ],
    ),
]

YEARS = range(2018, 2026)


def _wave(*parts) -> float:
    """A deterministic number in [-1, 1) from its inputs (so a second run writes the same values)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**31 - 1


def _value(spec, area_code, year) -> Decimal:
    slug, *_rest, better, by, bv, ty, tv, level = spec
    bv, tv = float(bv), float(tv)
    # drift toward the target at about 60–110 % of the planned pace, per area, with noise
    pace = 0.6 + 0.5 * (_wave(slug, area_code, "pace") + 1) / 2
    start = level * (1 + 0.12 * _wave(slug, area_code, "level"))
    progress = (year - by) / (ty - by)
    value = start + (tv - bv) * progress * pace + abs(tv - bv) * 0.03 * _wave(slug, area_code, year)
    return Decimal(str(round(value, 1)))


def _line(*lonlat):
    line = LineString([tuple(p) for p in lonlat], srid=WGS84)
    line.transform(SWEREF99TM)
    return line


def _point(lon, lat):
    point = Point(lon, lat, srid=WGS84)
    point.transform(SWEREF99TM)
    return point


def _area(lon, lat, dx=0.05, dy=0.025):
    poly = Polygon.from_bbox((lon - dx, lat - dy, lon + dx, lat + dy))
    poly.srid = WGS84
    poly.transform(SWEREF99TM)
    return poly


ORE, HBG, LAXA, KGA, KUMLA, LBG, KOPP, NORA, ASK = (
    (15.213, 59.274),
    (15.110, 59.066),
    (14.620, 58.986),
    (14.524, 59.327),
    (15.142, 59.127),
    (15.227, 59.594),
    (14.996, 59.874),
    (15.039, 59.519),
    (14.903, 58.880),
)

K = StructureFeature.Kind
# (key, name, target year, description, features: (kind, name, geometry))
STRUCTURE_IMAGES = [
    (
        "persontransporter-2030",
        "Strukturbild för persontransporter 2030",
        2030,
        "Primära interregionala stråk Göteborg–Oslo–Stockholm och sekundära nord–sydliga stråk.",
        [
            (K.PRIMARY_CORRIDOR, "Göteborg–Örebro–Stockholm", _line((14.30, 58.90), LAXA, HBG, ORE, (15.79, 59.38))),
            (K.PRIMARY_CORRIDOR, "Oslo–Karlstad–Örebro", _line((14.29, 59.33), KGA, ORE)),
            (
                K.SECONDARY_CORRIDOR,
                "Mjölby–Hallsberg–Örebro–Ludvika",
                _line((15.00, 58.66), HBG, KUMLA, ORE, NORA, LBG, KOPP, (14.95, 60.10)),
            ),
            (K.NODE, "Örebro", _point(*ORE)),
            (K.NODE, "Hallsberg", _point(*HBG)),
            (K.NODE, "Karlskoga", _point(*KGA)),
            (K.NODE, "Lindesberg", _point(*LBG)),
        ],
    ),
    (
        "godstransporter-2030",
        "Strukturbild för godstransporter och logistik 2030",
        2030,
        "Transportnoder, utvecklingsområden för logistik och primära och sekundära godsstråk.",
        [
            (K.PRIMARY_CORRIDOR, "Godsstråk Hallsberg–Örebro–Mälardalen", _line(HBG, ORE, (15.79, 59.40))),
            (K.PRIMARY_CORRIDOR, "Godsstråk Göteborg–Hallsberg", _line((14.30, 58.88), LAXA, HBG)),
            (K.SECONDARY_CORRIDOR, "Godsstråk Bergslagen", _line(ORE, NORA, LBG, KOPP)),
            (K.NODE, "Hallsbergs kombiterminal", _point(15.095, 59.072)),
            (K.LOGISTICS_AREA, "Logistikområde Örebro nordost", _area(15.30, 59.31)),
            (K.LOGISTICS_AREA, "Logistikområde Hallsberg", _area(15.13, 59.06, 0.04, 0.02)),
        ],
    ),
    (
        "oms-2050",
        "Strukturbild för Östra Mellansverige (OMS) 2050",
        2050,
        "Interregionala samband mellan regionerna i Östra Mellansverige.",
        [
            (K.PRIMARY_CORRIDOR, "Örebro–Västerås–Stockholm", _line(ORE, (15.79, 59.50))),
            (K.PRIMARY_CORRIDOR, "Örebro–Eskilstuna–Stockholm", _line(ORE, (15.79, 59.30))),
            (K.SECONDARY_CORRIDOR, "Örebro–Norrköping", _line(ORE, KUMLA, HBG, ASK, (15.30, 58.66))),
            (K.NODE, "Regional kärna Örebro", _point(*ORE)),
        ],
    ),
]


def load(stdout):
    strategy, _ = Strategy.objects.update_or_create(
        slug="rus-2018-2030",
        defaults={
            "name": "En attraktiv och pulserande region för alla",
            "period_start": 2018,
            "period_end": 2030,
            "adopted_on": datetime.date(2022, 4, 28),
            "adopted_by": "Regionfullmäktige",
            "vision": VISION,
            "description": "Regional utvecklingsstrategi för Örebro län 2018–2030, uppdaterad 2022.",
            "status": "published",
            "is_example": False,
        },
    )
    overarching = []
    for order, name in enumerate(OVERARCHING, start=1):
        og, _ = OverarchingGoal.objects.update_or_create(
            strategy=strategy, name=name, defaults={"order": order, "is_example": False}
        )
        overarching.append(og)
    areas = []
    for order, (name, _og, directions) in enumerate(PRIORITY_AREAS, start=1):
        area, _ = PriorityArea.objects.update_or_create(
            strategy=strategy, name=name, defaults={"order": order, "is_example": True}
        )
        for d_order, text in enumerate(directions, start=1):
            StrategicDirection.objects.update_or_create(
                priority_area=area, order=d_order, defaults={"text": text, "is_example": text != BUSINESS_DIRECTION}
            )
        areas.append(area)
    county = Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("pk").first()
    municipalities = list(Organisation.objects.municipalities().order_by("code"))
    all_areas = ([county] if county else []) + municipalities
    value_count = 0
    for order, (code, name, area_index, sdgs, indicators) in enumerate(GOALS, start=1):
        goal, _ = Goal.objects.update_or_create(
            strategy=strategy,
            code=code,
            defaults={
                "name": name,
                "order": order,
                "priority_area": areas[area_index],
                "overarching_goal": overarching[PRIORITY_AREAS[area_index][1]],
                "is_example": True,
            },
        )
        goal.agenda2030_goals.set(Agenda2030Goal.objects.filter(number__in=sdgs))
        for i_order, spec in enumerate(indicators, start=1):
            slug, ind_name, unit, source, source_id, better, by, bv, ty, tv, _level = spec
            indicator, _ = Indicator.objects.update_or_create(
                slug=slug,
                defaults={
                    "goal": goal,
                    "name": ind_name,
                    "unit": unit,
                    "source": source,
                    "source_id": source_id,
                    "better": better,
                    "baseline_year": by,
                    "baseline_value": Decimal(bv),
                    "target_year": ty,
                    "target_value": Decimal(tv),
                    "order": i_order,
                    "status": "published",
                    "is_example": True,
                    "definition": f"Exempeldata: påhittad definition av {ind_name.lower()}.",
                },
            )
            indicator.areas.set(all_areas)
            for area in all_areas:
                for year in YEARS:
                    if area.code:
                        value = _value(spec, area.code, year)
                    else:  # the county: the mean of the municipalities, so the picture hangs together
                        values = [_value(spec, m.code, year) for m in municipalities] or [Decimal(bv)]
                        value = (sum(values) / len(values)).quantize(Decimal("0.1"))
                    IndicatorValue.objects.update_or_create(
                        indicator=indicator,
                        area=area,
                        year=year,
                        defaults={
                            "value": value,
                            "is_preliminary": year == YEARS[-1],
                            "source_note": "Exempeldata",
                            "is_example": True,
                        },
                    )
                    value_count += 1
        Assessment.objects.update_or_create(
            goal=goal,
            year=2024,
            defaults={
                "rating": "some",
                "text": "Exempeldata: påhittad bedömning. Utvecklingen går åt rätt håll men långsammare än planerat.",
                "status": "published",
                "is_example": True,
            },
        )
    linked = _link_agenda_items(strategy)
    feature_count = 0
    for order, (key, name, year, description, features) in enumerate(STRUCTURE_IMAGES, start=1):
        image, _ = StructureImage.objects.update_or_create(
            key=key,
            defaults={
                "name": name,
                "target_year": year,
                "description": description,
                "order": order,
                "is_example": True,
            },
        )
        for kind, f_name, geometry in features:
            StructureFeature.objects.update_or_create(
                image=image, kind=kind, name=f_name, defaults={"geometry": geometry, "is_example": True}
            )
            feature_count += 1
    stdout.write(
        f"RUS: strategin, {len(GOALS)} effektmål (exempel), {value_count} indikatorvärden (exempel), "
        f"{feature_count} strukturbildsobjekt (schematiska exempel), {linked} dagordningspunkter kopplade till mål."
    )


# Which demo agenda items (networks demo, by a word in the title) take up which example goal.
AGENDA_ITEM_GOALS = [("vindkraft", "6"), ("distansarbete", "3"), ("jordbruksmark", "1"), ("skyfall", "6")]


def _link_agenda_items(strategy) -> int:
    from networks.models import AgendaItem

    linked = 0
    for word, code in AGENDA_ITEM_GOALS:
        goal = Goal.objects.filter(strategy=strategy, code=code).first()
        if goal is None:
            continue
        items = list(AgendaItem.objects.filter(title__icontains=word))
        goal.agenda_items.add(*items)
        linked += len(items)
    return linked
