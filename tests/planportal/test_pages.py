import pytest

from tests.factories import OrganisationFactory, PersonFactory


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/karta/", "/kommuner/", "/organisationer/", "/tillganglighet/", "/om/"])
def test_public_pages_render_in_swedish(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert 'href="#main"' in body and 'id="main"' in body
    assert body.count("<h1") == 1


@pytest.mark.django_db
def test_english_is_available(client):
    assert "Hoppa till innehållet" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()  # Swedish first
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kommuner/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Skip to content" in body and "Municipalities" in body


@pytest.mark.django_db
def test_municipality_page_hides_people_from_the_public(client, municipality):
    PersonFactory(organisation=municipality, name="Anna Exempel", email="anna@example.org")
    body = client.get(municipality.get_absolute_url()).content.decode()
    assert municipality.name in body
    assert "anna@example.org" not in body and "Anna Exempel" not in body


@pytest.mark.django_db
def test_municipality_page_shows_people_to_signed_in_users(client, municipality, signed_in_user):
    PersonFactory(organisation=municipality, name="Anna Exempel", email="anna@example.org")
    client.force_login(signed_in_user)
    body = client.get(municipality.get_absolute_url()).content.decode()
    assert "anna@example.org" in body and "Exempeldata" in body


@pytest.mark.django_db
def test_organisation_url_depends_on_kind(municipality):
    other = OrganisationFactory(name="Trafikverket", slug="trafikverket")
    assert municipality.get_absolute_url() == "/kommuner/exempelkommun/"
    assert other.get_absolute_url() == "/organisationer/trafikverket/"


@pytest.mark.django_db
@pytest.mark.parametrize("url, factory_kwargs", [("/kommuner/", {"municipality": True}), ("/organisationer/", {})])
def test_list_pages_query_count_is_constant(client, count_queries, url, factory_kwargs):
    OrganisationFactory(**factory_kwargs)
    one, _ = count_queries(lambda: client.get(url))
    OrganisationFactory.create_batch(24, **factory_kwargs)
    many, response = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    assert one == many


@pytest.mark.django_db
def test_organisation_list_filters_by_kind_without_javascript(client, municipality):
    OrganisationFactory(name="Trafikverket", slug="trafikverket", kind="state_agency")
    body = client.get("/organisationer/", {"kind": "municipality"}).content.decode()
    assert "Exempelkommun" in body and "Trafikverket" not in body
    assert "1 organisation" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["anonymous", "signed_in_user", "planner", "case_officer", "coordinator", "editor", "administrator"]
)
def test_person_visibility_per_role(request, role, municipality):
    from django.contrib.auth.models import AnonymousUser

    from networks.models import Person

    PersonFactory(organisation=municipality)
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    visible = Person.objects.visible_to(user)
    if role == "anonymous":
        assert not visible.exists()
    else:
        assert visible.filter(organisation=municipality).exists()


@pytest.mark.django_db
def test_admin_edits_geometry_with_a_leaflet_widget(client, administrator, municipality):
    client.force_login(administrator)
    body = client.get(f"/admin/networks/organisation/{municipality.pk}/change/").content.decode()
    assert "leaflet" in body.lower()
    assert 'id="id_boundary"' in body or "id_boundary" in body
