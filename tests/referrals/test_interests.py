"""Part 4, the regional-interest check: hand-placed features at known distances from a plan
area (SWEREF 99 TM metres), computed in PostGIS; in at the distance, out beyond, touching = 0 m,
what the public may not see never listed."""

import pytest
from django.contrib.gis.geos import LineString, MultiPolygon, Point, Polygon
from django.core.exceptions import PermissionDenied, ValidationError

from knowledge.models import LayerFeature
from planportal.geo import SWEREF99TM
from referrals.models import InterestMatch, ReferralEvent
from referrals.services import interests
from referrals.services.cases import AreaInput, referral_set_area
from rus.models import StructureFeature
from tests.knowledge.factories import DocumentFactory, LayerFactory
from tests.referrals.factories import ReferralFactory
from tests.rus.factories import StructureFeatureFactory, StructureImageFactory

pytestmark = pytest.mark.django_db

X, Y = 512000, 6568000  # inside the factory municipality
# The plan area: 200 × 100 m with its south-west corner at (X, Y).
AREA = MultiPolygon(Polygon.from_bbox((X, Y, X + 200, Y + 100)), srid=SWEREF99TM)


def square(x0, y0, size=50):
    return MultiPolygon(Polygon.from_bbox((x0, y0, x0 + size, y0 + size)), srid=SWEREF99TM)


@pytest.fixture
def world():
    image = StructureImageFactory(key="gods", name="gods och logistik 2030")
    e20 = StructureFeatureFactory(
        image=image,
        name="E20",
        kind=StructureFeature.Kind.PRIMARY_CORRIDOR,
        geometry=LineString((X - 1000, Y + 450), (X + 2000, Y + 450), srid=SWEREF99TM),  # 350 m north
    )
    node = StructureFeatureFactory(
        image=image,
        name="Hallsberg",
        kind=StructureFeature.Kind.NODE,
        geometry=Point(X + 200, Y + 50, srid=SWEREF99TM),  # on the east edge: touching
    )
    far = StructureFeatureFactory(
        image=image,
        name="Rv 50",
        kind=StructureFeature.Kind.SECONDARY_CORRIDOR,
        geometry=LineString((X - 5000, Y + 1200), (X + 5000, Y + 1200), srid=SWEREF99TM),  # 1 100 m
    )
    public_layer = LayerFactory(name="Riksintressen", is_public=True)
    hidden_layer = LayerFactory(name="Internt lager", is_public=False)
    in_layer = LayerFeature.objects.create(
        layer=public_layer, number=1, geometry=square(X + 700, Y), properties={"namn": "Riksintresse friluftsliv"}
    )  # 500 m east
    beyond_layer = LayerFeature.objects.create(layer=public_layer, number=2, geometry=square(X + 1300, Y))  # 1 100 m
    hidden = LayerFeature.objects.create(layer=hidden_layer, number=1, geometry=square(X, Y))  # 0 m, hidden
    document = DocumentFactory(title="Grönstrukturplan", coverage=square(X - 250, Y, size=100))  # 150 m west
    internal = DocumentFactory(title="Internt PM", internal=True, coverage=square(X, Y))
    referral = ReferralFactory(area=AREA)
    earlier = ReferralFactory(area=MultiPolygon(Polygon.from_bbox((X, Y + 800, X + 100, Y + 900)), srid=SWEREF99TM))
    return locals()


def by_source(matches):
    out = {}
    for m in matches:
        out.setdefault(m.source, []).append(m)
    return out


def test_items_within_the_distance_with_their_distance(world):
    matches = by_source(interests.interests_compute(world["referral"], distance_m=1000))
    structure = {m.object_id: m for m in matches["structure"]}
    assert set(structure) == {world["e20"].pk, world["node"].pk}  # Rv 50 at 1 100 m is out
    assert structure[world["node"].pk].distance_m == 0
    assert structure[world["e20"].pk].distance_m == pytest.approx(350, abs=0.5)
    assert [m.object_id for m in matches["layer"]] == [world["in_layer"].pk]
    assert matches["layer"][0].distance_m == pytest.approx(500, abs=0.5)
    assert [m.object_id for m in matches["document"]] == [world["document"].pk]
    assert matches["document"][0].distance_m == pytest.approx(150, abs=0.5)
    assert [m.object_id for m in matches["referral"]] == [world["earlier"].pk]
    assert matches["referral"][0].distance_m == pytest.approx(700, abs=0.5)


def test_never_what_the_public_may_not_see(world):
    matches = interests.interests_compute(world["referral"], distance_m=1000)
    ids = {(m.source, m.object_id) for m in matches}
    assert ("layer", world["hidden"].pk) not in ids
    assert ("document", world["internal"].pk) not in ids


def test_a_larger_distance_takes_in_more(world):
    matches = by_source(interests.interests_compute(world["referral"], distance_m=1200))
    assert world["far"].pk in {m.object_id for m in matches["structure"]}
    assert world["beyond_layer"].pk in {m.object_id for m in matches["layer"]}


def test_the_ready_paragraph_names_the_feature_and_the_distance(world):
    interests.interests_compute(world["referral"], distance_m=1000)
    e20 = InterestMatch.objects.get(referral=world["referral"], source="structure", object_id=world["e20"].pk)
    assert e20.suggested_text.startswith(
        "Planområdet ligger 350 m från det primära stråket E20 i strukturbilden gods och logistik 2030."
    )
    node = InterestMatch.objects.get(referral=world["referral"], source="structure", object_id=world["node"].pk)
    assert node.suggested_text.startswith("Planområdet berör noden Hallsberg")
    layer = InterestMatch.objects.get(referral=world["referral"], source="layer")
    assert "Riksintresse friluftsliv" in layer.title and "500 m" in layer.suggested_text
    earlier = InterestMatch.objects.get(referral=world["referral"], source="referral")
    assert world["earlier"].diary_number in earlier.suggested_text


def test_distance_words():
    assert interests.distance_words(349.6) == "350 m"
    assert interests.distance_words(4) == "4 m"
    assert interests.distance_words(1234) == "1,2 km"


def test_recomputing_keeps_decisions_of_items_still_found_and_drops_the_rest(world, case_officer):
    referral = world["referral"]
    interests.interests_compute(referral, distance_m=1000)
    e20 = InterestMatch.objects.get(referral=referral, object_id=world["e20"].pk, source="structure")
    interests.interest_decide(match=e20, decision="accepted", actor=case_officer)
    # Move the area 300 m south: E20 is now 650 m away; the node no longer touches (300 m).
    moved = MultiPolygon(Polygon.from_bbox((X, Y - 300, X + 200, Y - 200)), srid=SWEREF99TM)
    referral_set_area(referral=referral, actor=case_officer, area=AreaInput(area=moved), version=None)
    e20.refresh_from_db()
    assert e20.decision == "accepted" and e20.distance_m == pytest.approx(650, abs=0.5)
    assert "650 m" in e20.suggested_text


def test_an_area_far_from_everything_clears_the_list(world, case_officer):
    referral = world["referral"]
    interests.interests_compute(referral, distance_m=1000)
    elsewhere = MultiPolygon(Polygon.from_bbox((470000, 6640000, 470100, 6640100)), srid=SWEREF99TM)
    referral_set_area(referral=referral, actor=case_officer, area=AreaInput(area=elsewhere))
    assert not InterestMatch.objects.filter(referral=referral).exists()
    last = referral.events.filter(kind=ReferralEvent.Kind.INTERESTS_CHECKED).last()
    assert "0 träffar" in last.summary


def test_registration_runs_the_check_with_the_setting(world, case_officer, settings):
    settings.REFERRAL_INTEREST_DISTANCE_M = 400
    referral = world["referral"]
    referral_set_area(referral=referral, actor=case_officer, area=AreaInput(area=AREA))
    found = {(m.source, m.object_id) for m in InterestMatch.objects.filter(referral=referral)}
    assert ("structure", world["e20"].pk) in found and ("layer", world["in_layer"].pk) not in found


def test_decide_records_and_checks(world, case_officer, planner):
    interests.interests_compute(world["referral"], distance_m=1000)
    match = InterestMatch.objects.filter(referral=world["referral"]).first()
    with pytest.raises(PermissionDenied):
        interests.interest_decide(match=match, decision="accepted", actor=planner)
    with pytest.raises(ValidationError):
        interests.interest_decide(match=match, decision="maybe", actor=case_officer)
    interests.interest_decide(match=match, decision="dismissed", actor=case_officer)
    assert world["referral"].events.filter(summary__startswith="Bedömt som inte relevant").exists()
    world["referral"].status = "declined"
    world["referral"].save()
    match.referral.refresh_from_db()
    with pytest.raises(ValidationError):
        interests.interest_decide(match=match, decision="accepted", actor=case_officer)
