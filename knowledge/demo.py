"""Demo data for the library. The documents' names are the real planning documents named in
the report (DOMAIN.md, section 1); their summaries, years, review dates, files, requests,
news items and the layer are invented and flagged `is_example`, so the pages say
"Exempeldata". Idempotent: natural keys (slugs, titles) with update_or_create."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.base import ContentFile
from django.utils import timezone

from networks.models import Organisation
from planportal.geo import SWEREF99TM

from . import services
from .models import Document, DocumentFile, DocumentRequest, DocumentVersion, Layer, LayerFeature, NewsItem, Theme

# The controlled list of themes (issue 5, part 1).
THEMES = [
    ("befolkning", "Befolkning"),
    ("bostader", "Bostäder"),
    ("naringsliv", "Näringsliv"),
    ("kompetensforsorjning", "Kompetensförsörjning"),
    ("transporter", "Transporter och infrastruktur"),
    ("kollektivtrafik", "Kollektivtrafik"),
    ("energi", "Energi"),
    ("klimat", "Klimat"),
    ("natur", "Natur"),
    ("beredskap", "Beredskap"),
    ("jordbruksmark", "Jordbruksmark"),
    ("digital-infrastruktur", "Digital infrastruktur"),
]

# Roughly the county's extent in SWEREF 99 TM (DOMAIN.md, Geography).
COUNTY = MultiPolygon(Polygon.from_bbox((460000, 6500000, 550000, 6665000)), srid=SWEREF99TM)
ALL = "all"

# slug, title, kind, year, themes, municipalities (codes or ALL), county coverage, summary, pdf text, review in days
DOCUMENTS = [
    (
        "lanstransportplan",
        "Länstransportplan för Örebro län",
        "plan",
        2022,
        ["transporter"],
        ALL,
        True,
        "Regional plan för investeringar i vägar, cykelvägar och trafiksäkerhet i länet under planperioden.",
        ["Länstransportplanen prioriterar åtgärder på det regionala vägnätet.", "Trafiksäkerhet och cykelvägar."],
        200,
    ),
    (
        "trafikforsorjningsprogram",
        "Regionalt trafikförsörjningsprogram",
        "plan",
        2024,
        ["kollektivtrafik"],
        ALL,
        True,
        "Mål för den regionala kollektivtrafiken: utbud, stomlinjer och tillgänglighet för länets invånare.",
        ["Trafikförsörjningsprogrammet anger mål för kollektivtrafikens utbud.", "Stomlinjer mellan tätorterna."],
        -12,
    ),
    (
        "strukturbild-persontransporter-2030",
        "Strukturbild för persontransporter 2030",
        "structure_image",
        2020,
        ["transporter", "kollektivtrafik"],
        ALL,
        True,
        "Visar primära interregionala stråk (Göteborg–Oslo–Stockholm) och sekundära stråk i nord–sydlig riktning.",
        None,
        90,
    ),
    (
        "strukturbild-godstransporter-logistik-2030",
        "Strukturbild för godstransporter och logistik 2030",
        "structure_image",
        2020,
        ["transporter", "naringsliv"],
        ALL,
        True,
        "Transportnoder, utvecklingsområden för logistik samt primära och sekundära godsstråk.",
        None,
        400,
    ),
    (
        "strukturbild-oms-2050",
        "Strukturbild för Östra Mellansverige 2050",
        "structure_image",
        2021,
        ["transporter"],
        ALL,
        True,
        "Mellanregional strukturbild för regionerna i Östra Mellansverige (OMS).",
        None,
        500,
    ),
    (
        "resvaneundersokning",
        "Resvaneundersökning i Örebro län",
        "statistics",
        2023,
        ["transporter", "kollektivtrafik"],
        ALL,
        False,
        "Hur länets invånare reser till arbete, skola och fritid, med färdmedelsfördelning per kommun.",
        ["Resvaneundersökningen visar färdmedelsfördelningen per kommun."],
        30,
    ),
    (
        "bostadsmarknadsanalys",
        "Bostadsmarknadsanalys för Örebro län",
        "report",
        2025,
        ["bostader", "befolkning"],
        ALL,
        False,
        "Analys av behovet av bostäder och bostadsbyggandet i länets tolv kommuner.",
        ["Bostadsbyggandet behöver öka i flera kommuner.", "Efterfrågan på hyresrätter i Örebro och Kumla."],
        365,
    ),
    (
        "befolkningsprognos",
        "Befolkningsprognos för länets kommuner",
        "statistics",
        2024,
        ["befolkning"],
        ALL,
        False,
        "Framskrivning av folkmängden per kommun och åldersgrupp.",
        None,
        -40,
    ),
    (
        "kompetensforsorjning",
        "Kompetensförsörjning i Örebro län",
        "report",
        2024,
        ["kompetensforsorjning"],
        ALL,
        False,
        "Arbetsmarknadens behov av utbildad arbetskraft och regionens kompetensförsörjningsarbete.",
        None,
        180,
    ),
    (
        "energiplanering",
        "Regional energiplanering",
        "report",
        2023,
        ["energi", "klimat"],
        ALL,
        False,
        "Underlag om elnätets kapacitet, vindkraft och energieffektivisering för den fysiska planeringen.",
        ["Elnätets kapacitet begränsar etableringar.", "Vindkraft och solparker i länet."],
        120,
    ),
    (
        "naringslivets-lokalisering",
        "Näringslivets lokalisering",
        "gis_data",
        2022,
        ["naringsliv"],
        ALL,
        True,
        "GIS-kartläggning av verksamhetsområden och etableringsytor nära stora vägar och järnväg.",
        None,
        300,
    ),
    (
        "socioekonomisk-klusteranalys",
        "Socioekonomisk klusteranalys",
        "report",
        2021,
        ["befolkning", "naringsliv"],
        ["1880", "1881", "1861"],
        False,
        "Kommuner och områden grupperade efter socioekonomiska förhållanden.",
        None,
        60,
    ),
    (
        "skolresultat",
        "Skolresultat i länets kommuner",
        "statistics",
        2025,
        ["kompetensforsorjning"],
        ALL,
        False,
        "Meritvärden och behörighet till gymnasiet per kommun.",
        None,
        250,
    ),
    (
        "handledning-hemtagande",
        "Handledning: att ta hem regionala underlag i kommunens planering",
        "guidance",
        2026,
        ["beredskap", "jordbruksmark"],
        ALL,
        False,
        "Stöd för hemtagande av regionala underlag i översiktsplaner och detaljplaner.",
        None,
        700,
    ),
    (
        "omvarldsanalys-2026",
        "Omvärldsanalys 2026",
        "horizon_scanning",
        2026,
        ["beredskap", "klimat", "energi"],
        ALL,
        False,
        "Trender som påverkar länets rumsliga utveckling: beredskap, klimatanpassning och elektrifiering.",
        None,
        150,
    ),
]

REQUESTS = [
    (
        "Skyfallskartering för länets tätorter",
        "Kommunerna saknar ett gemensamt underlag om skyfall i planeringen.",
        ["1885", "1884", "1864"],
        ["klimat"],
        ["1885", "1884", "1864", "1863"],
        "under_review",
    ),
    (
        "Underlag om drönare och planering",
        "Frågor om drönarflygplatser och flygvägar dyker upp i detaljplaner.",
        ["1880"],
        ["beredskap"],
        ["1880"],
        "new",
    ),
    (
        "Jordbruksmark – regional kartläggning",
        "Exploateringstrycket på brukningsvärd jordbruksmark ökar.",
        ["1881", "1861", "1814"],
        ["jordbruksmark"],
        ["1881", "1861", "1814"],
        "planned",
    ),
    (
        "Arbetsmarknadsregioner och pendling",
        "Små kommuner vill se pendling till grannlänen.",
        ["1860", "1882"],
        ["kompetensforsorjning"],
        ["1860"],
        "new",
    ),
]

NEWS = [
    (
        "Ny vägledning om klimatanpassning i fysisk planering",
        "https://www.boverket.se",
        "Boverket",
        "national",
        ["klimat"],
        5,
    ),
    (
        "Grannlän tar fram regional plan för vindkraft",
        "https://www.regionvastmanland.se",
        "Region Västmanland",
        "neighbour",
        ["energi"],
        12,
    ),
    (
        "EU:s förordning om restaurering av natur",
        "https://environment.ec.europa.eu",
        "Europeiska kommissionen",
        "eu",
        ["natur"],
        20,
    ),
    (
        "Nya riktlinjer för civilt försvar i samhällsplaneringen",
        "https://www.msb.se",
        "MSB",
        "national",
        ["beredskap"],
        3,
    ),
]


def _pdf(title, lines) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.drawString(60, 800, title)
    pdf.drawString(60, 780, "Exempeldata - genererad PDF for demonstration")
    y = 750
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def load(stdout):
    themes = {}
    for order, (slug, name) in enumerate(THEMES):
        themes[slug], _ = Theme.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
    region = Organisation.objects.get(name="Region Örebro län")
    municipalities = {o.code: o for o in Organisation.objects.municipalities()}
    editor = get_user_model().objects.filter(username="redaktor").first()
    goals = _goals()
    today = timezone.localdate()

    for i, (slug, title, kind, year, theme_slugs, codes, county, summary, pdf_lines, review) in enumerate(DOCUMENTS):
        doc, _ = Document.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "year": year,
                "summary": summary,
                "publisher": region,
                "owner": editor,
                "coverage": COUNTY if county else None,
                "review_by": today + datetime.timedelta(days=review),
                "is_example": True,
                "is_public": slug != "socioekonomisk-klusteranalys",
                "status": "under_revision" if slug == "befolkningsprognos" else "current",
            },
        )
        doc.themes.set([themes[t] for t in theme_slugs])
        doc.municipalities.set(municipalities.values() if codes == ALL else [municipalities[c] for c in codes])
        if goals:
            doc.goals.set(goals[i % len(goals) : i % len(goals) + 2])
        version, _ = DocumentVersion.objects.get_or_create(document=doc, number=1, defaults={"label": str(year)})
        if pdf_lines and not version.files.exists():
            f = DocumentFile(version=version, name=f"{slug}.pdf", kind="pdf")
            content = _pdf(title, pdf_lines)
            f.size = len(content)
            f.file.save(f.name, ContentFile(content), save=False)
            f.save()
            services.document_file_extract(file_id=f.pk)  # synchronously: no worker needed for the demo
    related = Document.objects.filter(slug__startswith="strukturbild")
    for doc in related:
        doc.related.set([d for d in related if d.pk != doc.pk])

    users = {p.organisation.code: p.user for p in _planner_people()}
    for topic, reason, codes, theme_slugs, supporters, status in REQUESTS:
        proposer = municipalities[supporters[0]]
        request, _ = DocumentRequest.objects.update_or_create(
            topic=topic,
            defaults={
                "reason": reason,
                "organisation": proposer,
                "status": status,
                "is_example": True,
                "proposed_by": users.get(proposer.code),
            },
        )
        request.municipalities.set([municipalities[c] for c in codes])
        request.themes.set([themes[t] for t in theme_slugs])
        for code in supporters:
            request.supports.get_or_create(organisation=municipalities[code], defaults={"user": users.get(code)})

    for title, url, source, scope, theme_slugs, days_ago in NEWS:
        item, _ = NewsItem.objects.update_or_create(
            title=title,
            defaults={
                "url": url,
                "source": source,
                "scope": scope,
                "is_example": True,
                "published_on": today - datetime.timedelta(days=days_ago),
            },
        )
        item.themes.set([themes[t] for t in theme_slugs])

    _layer(municipalities)
    stdout.write(
        f"Kunskapsbibliotek: {Document.objects.count()} dokument, {DocumentRequest.objects.count()} önskemål, "
        f"{NewsItem.objects.count()} omvärldsnyheter, {Layer.objects.count()} kartlager."
    )


def _goals():
    try:
        from rus.models import Goal
    except ImportError:
        return []
    return list(Goal.objects.order_by("strategy", "order", "code")[:20])


def _planner_people():
    from networks.models import Person

    return Person.objects.filter(user__isnull=False, organisation__kind="municipality").select_related("user")


def _layer(municipalities):
    """An example layer: the municipal seats as "logistics nodes" (invented, flagged)."""
    layer, created = Layer.objects.get_or_create(
        name="Logistiknoder (exempel)",
        defaults={
            "description": "Påhittade logistiknoder vid länets centralorter, för demonstration.",
            "source_name": "logistiknoder.geojson",
            "source_srid": SWEREF99TM,
            "is_example": True,
            "document": Document.objects.filter(slug="strukturbild-godstransporter-logistik-2030").first(),
        },
    )
    if created:
        seats = [m for m in municipalities.values() if m.seat][:6]
        LayerFeature.objects.bulk_create(
            [
                LayerFeature(layer=layer, number=n, geometry=m.seat, properties={"name": f"Logistiknod {m.short_name}"})
                for n, m in enumerate(seats, start=1)
            ]
        )
        layer.feature_count = len(seats)
        layer.save(update_fields=["feature_count"])
