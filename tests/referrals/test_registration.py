"""Part 1 (registration) and part 3 (plan area) through the services, on PostGIS."""

import datetime
import json
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from referrals.models import IntakeMessage, Referral, ReferralDocument, ReferralEvent
from referrals.services import cases
from referrals.services.cases import AreaInput
from tests.factories import OrganisationFactory
from tests.referrals import samples
from tests.referrals.factories import MunicipalityFactory, ReferralFactory, municipality_boundary, plan_area

TODAY = datetime.date(2027, 1, 12)


def data_for(sender, **extra):
    return {
        "sender": sender,
        "sender_reference": "KS 2026/123",
        "plan_name": "Detaljplan för kvarteret Skomakaren",
        "plan_type": "dp",
        "phase": "samrad",
        "received": TODAY,
        "deadline": TODAY + datetime.timedelta(days=60),
        "contact_name": "Anna Åberg",
        "contact_email": "anna.aberg@kumla.se",
        **extra,
    }


def drawn(polygon_lonlat):
    return json.dumps({"type": "Polygon", "coordinates": [polygon_lonlat]})


@pytest.fixture
def kumla(db):
    return MunicipalityFactory(name="Kumla kommun", slug="kumla", code="1881", email_domains=["kumla.se"])


def test_registration_gives_a_diary_number_and_records_the_event(case_officer, kumla, settings):
    settings.REFERRAL_DIARY_FORMAT = "RÖ {year}-{seq:04d}"
    first, warnings = cases.referral_register(data=data_for(kumla), actor=case_officer)
    second, _w = cases.referral_register(data=data_for(kumla, sender_reference="KS 2026/124"), actor=case_officer)
    assert warnings == []
    assert (first.diary_number, second.diary_number) == ("RÖ 2027-0001", "RÖ 2027-0002")
    assert first.registered_by == case_officer and first.status == Referral.Status.REGISTERED
    event = first.events.get(kind=ReferralEvent.Kind.REGISTERED)
    assert "RÖ 2027-0001" in event.summary and "Kumla kommun" in event.summary and event.actor == case_officer


def test_a_new_year_starts_at_one(case_officer, kumla):
    cases.referral_register(data=data_for(kumla), actor=case_officer)
    later, _w = cases.referral_register(
        data=data_for(kumla, received=datetime.date(2028, 1, 2), deadline=datetime.date(2028, 2, 1)),
        actor=case_officer,
    )
    assert (later.diary_year, later.diary_seq) == (2028, 1)


def test_deadline_before_received_is_a_field_error_and_nothing_is_saved(case_officer, kumla):
    with pytest.raises(ValidationError) as caught:
        cases.referral_register(data=data_for(kumla, deadline=TODAY - datetime.timedelta(days=1)), actor=case_officer)
    assert "mottagningsdatum" in caught.value.message_dict["deadline"][0]
    assert not Referral.objects.exists()


def test_missing_required_fields_are_named(case_officer, kumla):
    with pytest.raises(ValidationError) as caught:
        cases.referral_register(data=data_for(kumla, plan_name="", deadline=None), actor=case_officer)
    assert set(caught.value.message_dict) == {"plan_name", "deadline"}


def test_the_same_reference_and_phase_twice_is_warned(case_officer, kumla):
    first, _w = cases.referral_register(data=data_for(kumla), actor=case_officer)
    _again, warnings = cases.referral_register(data=data_for(kumla, sender_reference="ks 2026/123"), actor=case_officer)
    assert len(warnings) == 1 and first.diary_number in warnings[0] and "Samråd" in warnings[0]
    _next_phase, warnings = cases.referral_register(data=data_for(kumla, phase="granskning"), actor=case_officer)
    assert warnings == []


@pytest.mark.parametrize("role", ["planner", "coordinator", "editor", "signed_in_user"])
def test_only_case_officers_register(request, role, kumla):
    with pytest.raises(PermissionDenied):
        cases.referral_register(data=data_for(kumla), actor=request.getfixturevalue(role))


def test_documents_files_and_links_public_or_confidential(case_officer, kumla):
    pdf = SimpleUploadedFile("Plankarta.pdf", samples.pdf("Plankarta"), content_type="application/pdf")
    referral, _w = cases.referral_register(
        data=data_for(kumla),
        actor=case_officer,
        documents=[
            {"file": pdf, "is_public": True},
            {"url": "https://kumla.se/planer/skomakaren.pdf", "name": "Planbeskrivning", "is_public": False},
        ],
    )
    stored, linked = referral.documents.order_by("pk")
    assert stored.name == "Plankarta.pdf" and stored.content_type == "application/pdf" and stored.is_public
    assert "Plankarta" not in stored.file.name.split("/")[1]  # a generated folder name
    assert linked.url.endswith("skomakaren.pdf") and not linked.is_public
    assert referral.events.filter(kind=ReferralEvent.Kind.DOCUMENT_ADDED).count() == 2


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_saved(case_officer, kumla):
    fake = SimpleUploadedFile("Plankarta.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        cases.referral_register(data=data_for(kumla), actor=case_officer, documents=[{"file": fake}])
    assert "Plankarta.pdf" in caught.value.message_dict["documents"][0]
    assert not Referral.objects.exists() and not ReferralDocument.objects.exists()


def test_registered_from_a_dropped_email_takes_its_attachments(case_officer, kumla):
    upload = SimpleUploadedFile("remiss.eml", samples.kumla_samrad_dp(), content_type="message/rfc822")
    intake = cases.intake_store(upload=upload, actor=case_officer)
    referral, warnings = cases.referral_register(data=data_for(kumla), actor=case_officer, intake=intake)
    documents = list(referral.documents.order_by("name"))
    assert documents and all(d.from_email and d.file for d in documents)
    assert all(d.content_type == "application/pdf" for d in documents)
    intake.refresh_from_db()
    assert intake.referral == referral
    assert "remiss.eml" in referral.events.get(kind=ReferralEvent.Kind.REGISTERED).summary
    with pytest.raises(ValidationError):  # the same e-mail cannot make a second case
        cases.referral_register(data=data_for(kumla, sender_reference="x"), actor=case_officer, intake=intake)


def test_confidential_attachments_are_marked(case_officer, kumla):
    upload = SimpleUploadedFile("remiss.eml", samples.kumla_samrad_dp())
    intake = cases.intake_store(upload=upload, actor=case_officer)
    first_name = None
    from referrals.intake import draft_from_email

    first_name = draft_from_email(samples.kumla_samrad_dp(), filename="remiss.eml").attachments[0].filename
    referral, _w = cases.referral_register(
        data={**data_for(kumla), "confidential_attachments": [first_name]}, actor=case_officer, intake=intake
    )
    flags = {d.name: d.is_public for d in referral.documents.all()}
    assert flags[first_name] is False and any(flags.values())


def test_another_officers_email_cannot_be_registered(case_officer, kumla):
    from tests.factories import UserFactory

    other = UserFactory(username="other-officer", roles=["case_officer"])
    intake = cases.intake_store(upload=SimpleUploadedFile("a.eml", samples.kumla_samrad_dp()), actor=other)
    with pytest.raises(ValidationError):
        cases.referral_register(data=data_for(kumla), actor=case_officer, intake=intake)


# --- the plan area (part 3) --------------------------------------------------------------------


def test_area_drawn_in_wgs84_is_stored_in_sweref(case_officer, kumla):
    # Around Kumla/Örebro, lon/lat.
    ring = [[15.14, 59.17], [15.16, 59.17], [15.16, 59.18], [15.14, 59.18], [15.14, 59.17]]
    referral, warnings = cases.referral_register(
        data=data_for(kumla), actor=case_officer, area=AreaInput(drawn_geojson=drawn(ring))
    )
    assert referral.area.srid == 3006 and 500000 < referral.area.centroid.x < 530000
    assert referral.area_source == Referral.AreaSource.DRAWN
    assert warnings == []  # inside the municipality (the factory's boundary lies around Örebro)


def test_whole_municipality_for_an_op(case_officer, kumla):
    referral, _w = cases.referral_register(
        data=data_for(kumla, plan_type="op"), actor=case_officer, area=AreaInput(whole_municipality=True)
    )
    assert referral.area.equals(municipality_boundary())
    assert referral.area_source == Referral.AreaSource.MUNICIPALITY


def test_whole_municipality_without_a_boundary_is_refused(case_officer):
    body = OrganisationFactory(name="Trafikverket", slug="trafikverket")
    with pytest.raises(ValidationError) as caught:
        cases.referral_register(data=data_for(body), actor=case_officer, area=AreaInput(whole_municipality=True))
    assert "Trafikverket" in caught.value.message_dict["area"][0]


def test_area_far_outside_the_municipality_is_warned(case_officer, kumla):
    far = plan_area(east=470000, north=6640000)  # in the county, 60 km north of the boundary
    referral, warnings = cases.referral_register(
        data=data_for(kumla), actor=case_officer, area=AreaInput(area=far, source="upload")
    )
    assert referral.area is not None
    assert len(warnings) == 1 and "Kumla kommun" in warnings[0] and "0 %" in warnings[0]


def test_area_just_over_the_border_is_not_warned(case_officer, kumla):
    # 1 km beyond the boundary's western edge (502 000 E at the southern corner): within the 2 km margin.
    edge = plan_area(east=499400, north=6568000, size=400)
    _r, warnings = cases.referral_register(data=data_for(kumla), actor=case_officer, area=AreaInput(area=edge))
    assert warnings == []


def test_area_outside_sweden_is_refused(case_officer, kumla):
    ring = [[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]  # Paris
    with pytest.raises(ValidationError) as caught:
        cases.referral_register(data=data_for(kumla), actor=case_officer, area=AreaInput(drawn_geojson=drawn(ring)))
    assert "utanför Sverige" in caught.value.message_dict["area"][0]
    assert not Referral.objects.exists()


def test_a_line_is_no_area(case_officer, kumla):
    line = json.dumps({"type": "LineString", "coordinates": [[15.14, 59.17], [15.16, 59.18]]})
    with pytest.raises(ValidationError) as caught:
        cases.referral_register(data=data_for(kumla), actor=case_officer, area=AreaInput(drawn_geojson=line))
    assert "linje" in caught.value.message_dict["area"][0]


def test_self_intersecting_area_is_repaired_and_said(case_officer, kumla):
    bowtie = [[15.14, 59.17], [15.16, 59.18], [15.16, 59.17], [15.14, 59.18], [15.14, 59.17]]
    referral, warnings = cases.referral_register(
        data=data_for(kumla), actor=case_officer, area=AreaInput(drawn_geojson=drawn(bowtie))
    )
    assert referral.area.valid and len(referral.area) == 2
    assert any("lagats" in w for w in warnings)


def test_uploaded_geojson_in_sweref(case_officer, kumla):
    geojson = json.dumps(
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
            "features": [{"type": "Feature", "properties": {}, "geometry": json.loads(plan_area().geojson)}],
        }
    ).encode()
    upload = SimpleUploadedFile("planomrade.geojson", geojson, content_type="application/geo+json")
    referral, _w = cases.referral_register(data=data_for(kumla), actor=case_officer, area=AreaInput(file=upload))
    assert referral.area_source == Referral.AreaSource.UPLOAD
    assert abs(referral.area.area - plan_area().area) < 1


def test_changing_the_area_recomputes_and_records(case_officer, kumla):
    referral = ReferralFactory(sender=kumla, no_area=True)
    warnings = cases.referral_set_area(
        referral=referral, actor=case_officer, area=AreaInput(area=plan_area()), version=referral.version
    )
    assert warnings == []
    referral.refresh_from_db()
    assert referral.area is not None and referral.version == 2
    kinds = list(referral.events.values_list("kind", flat=True))
    assert ReferralEvent.Kind.AREA_CHANGED in kinds and ReferralEvent.Kind.INTERESTS_CHECKED in kinds
    with pytest.raises(ValidationError) as caught:  # a stale form
        cases.referral_set_area(referral=referral, actor=case_officer, area=AreaInput(area=plan_area()), version=1)
    assert "Någon annan har ändrat" in caught.value.message_dict["version"][0]


# --- update and delete -------------------------------------------------------------------------


def test_update_records_the_changes_and_guards_against_a_stale_form(case_officer, kumla):
    referral = ReferralFactory(sender=kumla)
    cases.referral_update(referral=referral, data={"plan_name": "Nytt namn"}, actor=case_officer, version=1)
    referral.refresh_from_db()
    assert referral.plan_name == "Nytt namn" and referral.version == 2
    event = referral.events.get(kind=ReferralEvent.Kind.UPDATED)
    assert event.data["changes"]["plan_name"][1] == "Nytt namn" and "planens namn" in event.summary
    with pytest.raises(ValidationError) as caught:
        cases.referral_update(referral=referral, data={"plan_name": "Äldre formulär"}, actor=case_officer, version=1)
    assert "Någon annan har ändrat" in caught.value.message_dict["version"][0]
    referral.refresh_from_db()
    assert referral.plan_name == "Nytt namn"


def test_update_cannot_move_the_deadline_before_received(case_officer, kumla):
    referral = ReferralFactory(sender=kumla)
    with pytest.raises(ValidationError) as caught:
        cases.referral_update(
            referral=referral,
            data={"deadline": referral.received - datetime.timedelta(days=2)},
            actor=case_officer,
            version=referral.version,
        )
    assert "deadline" in caught.value.message_dict


def test_only_administrators_delete(case_officer, administrator, kumla):
    referral = ReferralFactory(sender=kumla)
    cases.referral_update(referral=referral, data={"plan_name": "x"}, actor=case_officer, version=1)
    with pytest.raises(PermissionDenied):
        cases.referral_delete(referral=referral, actor=case_officer)
    cases.referral_delete(referral=referral, actor=administrator)
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert not ReferralEvent.objects.filter(referral_id=referral.pk).exists()


# --- diary numbers under concurrency -----------------------------------------------------------


def _in_thread(target):
    result = {}

    def run():
        try:
            result["value"] = target()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            result["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_get_consecutive_numbers(case_officer):
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla")
    first_has_number = threading.Event()
    release_first = threading.Event()

    def first():
        with transaction.atomic():
            referral, _w = cases.referral_register(data=data_for(kumla), actor=case_officer)
            first_has_number.set()
            # Hold the transaction open while the second registration runs.
            release_first.wait(10)
            return referral.diary_seq

    def second():
        first_has_number.wait(10)
        referral, _w = cases.referral_register(data=data_for(kumla, sender_reference="B"), actor=case_officer)
        return referral.diary_seq

    thread_a, result_a = _in_thread(first)
    thread_b, result_b = _in_thread(second)
    first_has_number.wait(10)
    thread_b.join(1.0)
    assert thread_b.is_alive(), "the second registration should wait for the first one's counter row lock"
    release_first.set()
    thread_a.join(10)
    thread_b.join(10)
    assert "error" not in result_a and "error" not in result_b, (result_a, result_b)
    assert sorted([result_a["value"], result_b["value"]]) == [1, 2]
    assert sorted(Referral.objects.values_list("diary_seq", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_registration_leaves_no_gap(case_officer):
    kumla = MunicipalityFactory(name="Kumla kommun", slug="kumla")
    cases.referral_register(data=data_for(kumla), actor=case_officer)

    class Abandon(Exception):
        pass

    def abandoned():
        with transaction.atomic():
            referral, _w = cases.referral_register(data=data_for(kumla, sender_reference="B"), actor=case_officer)
            assert referral.diary_seq == 2
            raise Abandon

    thread, result = _in_thread(abandoned)
    thread.join(10)
    assert isinstance(result.get("error"), Abandon)
    third, _w = cases.referral_register(data=data_for(kumla, sender_reference="C"), actor=case_officer)
    assert third.diary_seq == 2
    assert not IntakeMessage.objects.exists()


def test_abandoned_dropped_emails_are_purged(case_officer, kumla):
    import datetime as dt

    from django.utils import timezone

    old = cases.intake_store(upload=SimpleUploadedFile("old.eml", samples.kumla_samrad_dp()), actor=case_officer)
    IntakeMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=20))
    fresh = cases.intake_store(upload=SimpleUploadedFile("new.eml", samples.kumla_samrad_dp()), actor=case_officer)
    used = cases.intake_store(upload=SimpleUploadedFile("used.eml", samples.kumla_samrad_dp()), actor=case_officer)
    cases.referral_register(data=data_for(kumla), actor=case_officer, intake=used)
    IntakeMessage.objects.filter(pk=used.pk).update(created_at=timezone.now() - dt.timedelta(days=20))
    assert cases.intake_purge() == 1
    assert set(IntakeMessage.objects.values_list("pk", flat=True)) == {fresh.pk, used.pk}


def test_set_area_takes_keyword_ways_too(case_officer, kumla):
    referral = ReferralFactory(sender=kumla, no_area=True, plan_type="op")
    cases.referral_set_area(referral=referral, actor=case_officer, whole_municipality=True)
    assert referral.area_source == "municipality"
    ring = [[15.14, 59.17], [15.16, 59.17], [15.16, 59.18], [15.14, 59.17]]
    cases.referral_set_area(referral=referral, actor=case_officer, drawn_geojson=drawn(ring))
    assert referral.area_source == "drawn"
    with pytest.raises(ValidationError):
        cases.referral_set_area(referral=referral, actor=case_officer)
