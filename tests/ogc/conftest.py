"""A small world for OGC API Features: something of every collection, and beside each public
thing one that the public may not see (an internal document, an unpublished layer, a layer of
an internal document, a withdrawn document)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon

from knowledge.models import LayerFeature
from planportal.geo import SWEREF99TM
from tests.factories import OrganisationFactory, sweref_square
from tests.knowledge.factories import DocumentFactory, LayerFactory
from tests.referrals.factories import MunicipalityFactory, ReferralFactory, plan_area
from tests.rus.factories import StructureFeatureFactory, StructureImageFactory


def layer_with_features(n: int, **kwargs):
    layer = LayerFactory(feature_count=n, **kwargs)
    for number in range(1, n + 1):
        LayerFeature.objects.create(
            layer=layer,
            number=number,
            geometry=Point(500000 + number * 1000, 6560000 + number * 500, srid=SWEREF99TM),
            properties={"namn": f"Objekt {number}", "klass": number % 2, "hemlig_not": None},
        )
    return layer


@pytest.fixture
def world(db):
    nora = MunicipalityFactory(name="Nora", slug="nora", code="1884")
    orebro = MunicipalityFactory(name="Örebro", slug="orebro", code="1880", boundary=sweref_square())
    OrganisationFactory(name="Trafikverket", slug="trafikverket")  # no municipality: not in the collection
    OrganisationFactory(municipality=True, name="Utan gräns", slug="utan-grans")  # no boundary
    referrals = [
        ReferralFactory(sender=nora, received=datetime.date(2024, 3, 1), internal_notes="HEMLIG anteckning"),
        ReferralFactory(sender=nora, received=datetime.date(2025, 6, 15), area=plan_area(east=470000, north=6600000)),
        ReferralFactory(sender=orebro, received=datetime.date(2026, 1, 10), contact_email="hemlig@example.se"),
        ReferralFactory(sender=orebro, no_area=True),
    ]
    square = MultiPolygon(Polygon.from_bbox((505000, 6560000, 515000, 6570000)), srid=SWEREF99TM)
    documents = SimpleNamespace(
        public=DocumentFactory(title="Grönstrukturplan", year=2023, coverage=square),
        public_2025=DocumentFactory(title="Vattenplan", year=2025, coverage=square),
        no_coverage=DocumentFactory(title="Utan täckning"),
        internal=DocumentFactory(title="HEMLIGT internt underlag", internal=True, coverage=square),
        withdrawn=DocumentFactory(title="HEMLIGT tillbakadraget", withdrawn=True, coverage=square),
    )
    layers = SimpleNamespace(
        public=layer_with_features(3, name="Naturreservat"),
        hidden=layer_with_features(2, name="HEMLIGT opublicerat lager", is_public=False),
        of_internal=layer_with_features(1, name="HEMLIGT lager i internt dokument", document=documents.internal),
    )
    image = StructureImageFactory(key="strak-och-noder", name="Stråk och noder")
    StructureFeatureFactory(image=image)
    StructureFeatureFactory(image=image, node=True)
    StructureFeatureFactory(
        image=image,
        kind="logistics_area",
        name="Logistikområde",
        geometry=Polygon(((510000, 6565000), (512000, 6565000), (512000, 6566000), (510000, 6565000)), srid=SWEREF99TM),
    )
    StructureFeatureFactory(
        image=image, name="Stråk norr", geometry=LineString((500000, 6580000), (520000, 6590000), srid=SWEREF99TM)
    )
    return SimpleNamespace(
        municipalities=[nora, orebro], referrals=referrals, documents=documents, layers=layers, image=image
    )


# What the public may see of each collection, by id (the world above).
def public_counts(world) -> dict:
    return {
        "municipalities": 2,
        "referral-areas": 3,
        "document-coverage": 2,
        f"structure-image-{world.image.key}": 4,
        f"layer-{world.layers.public.pk}": 3,
    }
