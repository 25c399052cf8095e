"""factory_boy factories for the project's models."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from indicators import models, rating


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(
        self, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E0{n + 6000000:07d}")
    la_number = factory.Sequence(lambda n: f"{(n % 899) + 100}")
    name = factory.Sequence(lambda n: f"Authority {n}")
    level = models.Area.Level.LOCAL_AUTHORITY


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ind-{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    theme = factory.SubFactory(ThemeFactory)
    unit = models.Indicator.Unit.PERCENT
    polarity = models.Indicator.Polarity.HIGHER
    rag_method = models.Indicator.RagMethod.TARGET
    tolerance = Decimal("2")
    significance_threshold = Decimal("0")
    frequency = models.Indicator.Frequency.QUARTERLY
    decimals = 1
    year_type = models.Indicator.YearType.FINANCIAL


def period(label: str, year_type: str = "financial") -> models.Period:
    """The stored period for a contract label, created if new."""
    spec = rating.parse_period(label, year_type)
    obj, _ = models.Period.objects.get_or_create(
        kind=spec.kind.value,
        year_type=spec.year_type.value,
        start=spec.start,
        defaults={"end": spec.end, "label": spec.label},
    )
    return obj


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Observation

    indicator = factory.SubFactory(IndicatorFactory)
    area = factory.SubFactory(AreaFactory)
    period = factory.LazyFunction(lambda: period("2024/25 Q1"))
    value = Decimal("50")
    status = models.Observation.Status.PUBLISHED
    source = models.Observation.Source.RETURN
    is_percent = factory.LazyAttribute(lambda o: o.indicator.unit == "percent")
