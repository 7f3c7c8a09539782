"""RUS factories: a published strategy with goals and indicators measured for the county
(the Region's organisation) and municipalities with real-looking SWEREF 99 TM geometry."""

from decimal import Decimal

import factory
from django.contrib.gis.geos import LineString, Point

from planportal.geo import SWEREF99TM
from rus.models import (
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


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy
        django_get_or_create = ("slug",)

    name = "En attraktiv och pulserande region för alla"
    slug = factory.Sequence(lambda n: f"rus-{n}")
    period_start = 2018
    period_end = 2030
    vision = "Sveriges hjärta, en attraktiv och pulserande region för alla"
    status = "published"

    class Params:
        draft = factory.Trait(status="draft")


class OverarchingGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OverarchingGoal

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Övergripande mål {n}")


class PriorityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityArea

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Prioriterat område {n}")


class StrategicDirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicDirection

    priority_area = factory.SubFactory(PriorityAreaFactory)
    text = factory.Sequence(lambda n: f"Strategisk inriktning {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    code = factory.Sequence(lambda n: f"{n + 1}")
    name = factory.Sequence(lambda n: f"Effektmål nummer {n}")
    priority_area = factory.SubFactory(PriorityAreaFactory, strategy=factory.SelfAttribute("..strategy"))


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    goal = factory.SubFactory(GoalFactory)
    slug = factory.Sequence(lambda n: f"indikator-{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "procent"
    source = "kolada"
    source_id = factory.Sequence(lambda n: f"N{90000 + n}")
    better = "higher"
    baseline_year = 2018
    baseline_value = Decimal("70")
    target_year = 2030
    target_value = Decimal("82")

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    value = Decimal("75")


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    goal = factory.SubFactory(GoalFactory)
    year = 2024
    rating = "some"
    text = "Utvecklingen går åt rätt håll."
    status = "published"


class StructureImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructureImage
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"strukturbild-{n}")
    name = factory.Sequence(lambda n: f"Strukturbild {n}")


class StructureFeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructureFeature

    image = factory.SubFactory(StructureImageFactory)
    kind = StructureFeature.Kind.PRIMARY_CORRIDOR
    name = factory.Sequence(lambda n: f"Stråk {n}")
    # Through Örebro town, west to east, in SWEREF 99 TM metres.
    geometry = factory.LazyFunction(lambda: LineString((500000, 6570000), (530000, 6575000), srid=SWEREF99TM))

    class Params:
        node = factory.Trait(
            kind=StructureFeature.Kind.NODE,
            geometry=factory.LazyFunction(lambda: Point(514000, 6571000, srid=SWEREF99TM)),
        )
