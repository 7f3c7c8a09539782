"""Factories of the knowledge library."""

import datetime

import factory

from knowledge.models import Document, DocumentRequest, DocumentVersion, Layer, NewsItem, Theme
from tests.factories import OrganisationFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Underlag nummer {n}")
    slug = factory.Sequence(lambda n: f"underlag-{n}")
    summary = "Ett planeringsunderlag för länets kommuner."
    year = 2025
    kind = Document.Kind.REPORT
    publisher = factory.SubFactory(OrganisationFactory, region=True)
    is_example = True

    class Params:
        internal = factory.Trait(is_public=False)
        withdrawn = factory.Trait(status=Document.Status.WITHDRAWN)
        overdue = factory.Trait(
            review_by=factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if create and extracted is not False:
            DocumentVersion.objects.create(document=self, number=1)


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentRequest

    topic = factory.Sequence(lambda n: f"Behov av underlag {n}")
    reason = "Kommunerna saknar ett gemensamt underlag."
    organisation = factory.SubFactory(OrganisationFactory, municipality=True)
    is_example = True


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"Nyhet {n}")
    url = factory.Sequence(lambda n: f"https://example.org/nyhet/{n}")
    source = "Boverket"
    published_on = factory.LazyFunction(datetime.date.today)
    scope = NewsItem.Scope.NATIONAL
    is_example = True


class LayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Layer

    name = factory.Sequence(lambda n: f"Lager {n}")
    source_name = "lager.geojson"
    source_srid = 4326
