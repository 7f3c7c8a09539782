"""Search finds what the document's page shows beside its text (issue 12): theme names, covered
municipalities, publisher and kind; and the stored vector follows when those change elsewhere
(links added or removed, a theme or organisation renamed)."""

import pytest
from django.db import connection

from knowledge import search
from knowledge.models import Document
from knowledge.selectors import document_search
from tests.factories import OrganisationFactory
from tests.knowledge.factories import DocumentFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def found(q):
    return set(document_search(user=None, filters={"q": q}).values_list("slug", flat=True))


@pytest.fixture
def transport():
    return ThemeFactory(name="Transporter och infrastruktur", slug="transporter")


@pytest.fixture
def doc(transport):
    return DocumentFactory(
        slug="ltp", title="Länstransportplan 2022–2033", summary="Investeringar i vägar.", themes=[transport]
    )


def test_a_theme_word_finds_the_documents_of_the_theme(doc, client):
    DocumentFactory(slug="other", title="Skolresultat", summary="Meritvärden.")
    assert found("infrastruktur") == {"ltp"}
    page = client.get("/dokument/sok/?q=infrastruktur")
    assert page.status_code == 200 and "Länstransportplan" in page.content.decode()
    assert client.get("/api/v1/documents/?q=infrastruktur").json()["count"] == 1


def test_the_title_ranks_above_a_theme_name(transport):
    DocumentFactory(slug="by-theme", title="Länstransportplan", summary="Vägar.", themes=[transport])
    DocumentFactory(slug="by-title", title="Infrastruktur i länet", summary="Vägar.")
    ranked = list(document_search(user=None, filters={"q": "infrastruktur"}).values_list("slug", flat=True))
    assert ranked == ["by-title", "by-theme"]


def test_linking_and_unlinking_a_theme_follows(doc, transport):
    other = ThemeFactory(name="Klimat och miljö", slug="klimat")
    assert "ltp" not in found("klimat")
    doc.themes.add(other)
    assert "ltp" in found("klimat")
    doc.themes.remove(transport)
    assert "ltp" not in found("infrastruktur")
    doc.themes.set([transport])
    assert found("infrastruktur") == {"ltp"} and "ltp" not in found("klimat")


def test_renaming_a_theme_follows(doc, transport):
    transport.name = "Kommunikationer"
    transport.save()
    assert "ltp" not in found("infrastruktur")
    assert "ltp" in found("kommunikationer")


def test_deleting_a_theme_follows(doc, transport):
    transport.delete()
    assert "ltp" not in found("infrastruktur")


def test_municipalities_follow_links_and_renames(doc):
    nora = OrganisationFactory(municipality=True, name="Nora kommun", short_name="Nora", slug="nora")
    assert "ltp" not in found("nora")
    doc.municipalities.add(nora)
    assert "ltp" in found("nora")
    nora.name, nora.short_name = "Bergslagens kommun", "Bergslagen"
    nora.save()
    assert "ltp" not in found("nora") and "ltp" in found("bergslagen")
    doc.municipalities.clear()
    assert "ltp" not in found("bergslagen")


def test_publisher_and_kind_follow(doc):
    trafikverket = OrganisationFactory(name="Trafikverket", slug="trafikverket")
    assert "ltp" not in found("trafikverket")
    Document.objects.filter(pk=doc.pk).update(publisher=trafikverket, kind=Document.Kind.GUIDANCE)
    assert "ltp" in found("trafikverket") and "ltp" in found("vägledning")
    trafikverket.name = "Transportverket"
    trafikverket.save()
    assert "ltp" not in found("trafikverket") and "ltp" in found("transportverket")


def test_the_stored_vector_stays_the_measured_expression_after_changes(doc, transport):
    doc.municipalities.add(OrganisationFactory(municipality=True, name="Kumla kommun", slug="kumla"))
    transport.name = "Transport"
    transport.save()
    vector = search._vector(search.VARIANTS[search.CHOSEN][0], True, "d")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM knowledge_document d WHERE d.search_vector IS DISTINCT FROM {vector}")
        assert cursor.fetchone()[0] == 0
