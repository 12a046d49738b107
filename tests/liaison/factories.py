"""factory_boy factories of the liaison network: stations, points, placed deputies, receptions, opinions."""

from datetime import date

import factory

from deputies.models import Deputy, Gender, Level, Mandate
from liaison.models import Assignment, Opinion, Point, Reception, Station
from tests.factories import IndexedFactory, TermFactory, TownshipFactory


def current_term():
    return TermFactory(number=16, name="第十六届", is_current=True)


class LiaisonDeputyFactory(factory.django.DjangoModelFactory):
    """A deputy; LiaisonDeputyFactory(levels=[Level.COUNTY]) gives them mandates in the current term."""

    name = factory.Sequence(lambda n: f"联络代表{n}")
    gender = Gender.FEMALE
    township = factory.SubFactory(TownshipFactory, name="吉昌镇")
    status = Deputy.Status.ACTIVE

    class Meta:
        model = Deputy
        skip_postgeneration_save = True

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if not create:
            return
        term = current_term()
        for level in extracted if extracted is not None else [Level.COUNTY]:
            Mandate.objects.create(deputy=self, level=level, term=term)


class StationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试{n}号人大代表联络站")
    township = factory.SubFactory(TownshipFactory, name="吉昌镇")
    address = "吉昌镇人民政府一楼"
    contact_name = "王联络"
    contact_phone = "0357-7922001"
    schedule = "每月10日"

    class Meta:
        model = Station


class PointFactory(factory.django.DjangoModelFactory):
    station = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"测试{n}村人大代表联络点")
    township = factory.LazyAttribute(lambda o: o.station.township)
    village = factory.Sequence(lambda n: f"测试{n}村")
    address = "村委会"

    class Meta:
        model = Point


class AssignmentFactory(factory.django.DjangoModelFactory):
    deputy = factory.SubFactory(LiaisonDeputyFactory)
    station = factory.SubFactory(StationFactory)
    point = None

    class Meta:
        model = Assignment


class ReceptionFactory(factory.django.DjangoModelFactory):
    station = factory.SubFactory(StationFactory)
    point = None
    date = date(2026, 11, 10)
    place = "吉昌镇人民政府一楼"
    topic = "农村人居环境整治"
    state = Reception.State.HELD
    residents_received = 8

    class Meta:
        model = Reception
        skip_postgeneration_save = True

    @factory.post_generation
    def present(self, create, extracted, **kwargs):
        if create and extracted:
            self.present.set(extracted)

    @factory.post_generation
    def on_duty(self, create, extracted, **kwargs):
        if create and extracted:
            self.on_duty.set(extracted)


class OpinionFactory(IndexedFactory):
    reception = factory.SubFactory(ReceptionFactory)
    content = factory.Sequence(lambda n: f"村里道路坑洼不平，希望尽快维修。（{n}）")
    category = Opinion.Category.ROADS
    resident_name = "李大伯"
    resident_contact = "13900001111"
    state = Opinion.State.RECORDED

    class Meta:
        model = Opinion
