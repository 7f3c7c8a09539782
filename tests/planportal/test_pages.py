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
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


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
