import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import OrganisationFactory, PersonFactory, UserFactory


@pytest.fixture
def orebro(db):
    return OrganisationFactory(municipality=True, name="Örebro kommun", short_name="Örebro", slug="orebro", code="1880")


@pytest.fixture
def kumla(db):
    return OrganisationFactory(municipality=True, name="Kumla kommun", short_name="Kumla", slug="kumla", code="1881")


@pytest.fixture
def other_planner(db, kumla):
    from planportal import roles

    user = UserFactory(username="kumla-planner", roles=[roles.PLANNER])
    PersonFactory(user=user, organisation=kumla)
    return user


def make_pdf(text_lines, *, encrypt_with: str | None = None) -> bytes:
    """A real PDF made with reportlab (optionally encrypted with a user password)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    kwargs = {}
    if encrypt_with:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt_with, canPrint=0)
    pdf = canvas.Canvas(buffer, pagesize=A4, **kwargs)
    y = 800
    for line in text_lines:
        pdf.drawString(60, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def pdf_upload():
    def build(name="rapport.pdf", lines=("Rapport om skyfallskartering i Nora.",), **kwargs):
        return SimpleUploadedFile(name, make_pdf(list(lines), **kwargs), content_type="application/pdf")

    return build
