"""factory_boy factories of the deputies app: deputies with their levels, trainings, attendance, campaigns."""

from datetime import date

import factory

from deputies.models import Attendance, Campaign, CampaignEntry, Deputy, Gender, Level, Mandate, Training
from tests.factories import TermFactory, TownshipFactory, UserFactory


class DeputyFactory(factory.django.DjangoModelFactory):
    """A deputy; DeputyFactory(levels=[Level.COUNTY], levels__term=term) adds their mandates."""

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Gender.MALE
    ethnicity = "汉族"
    birth_date = factory.Sequence(lambda n: date(1960 + n % 40, 1 + n % 12, 1 + n % 28))
    party = "cpc"
    constituency = "第一选区"
    township = factory.SubFactory(TownshipFactory, name="吉昌镇")
    occupation = "吉昌镇桑峨村党支部书记"
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    status = Deputy.Status.ACTIVE

    class Meta:
        model = Deputy
        skip_postgeneration_save = True

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        term = kwargs.get("term") or TermFactory(number=16, name="第十六届", is_current=True)
        for level in extracted:
            Mandate.objects.create(deputy=self, level=level, term=term)


class MandateFactory(factory.django.DjangoModelFactory):
    deputy = factory.SubFactory(DeputyFactory)
    level = Level.COUNTY
    term = factory.SubFactory(TermFactory, number=16, name="第十六届", is_current=True)

    class Meta:
        model = Mandate


class TrainingFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"代表履职培训班第{n}期")
    kind = Training.Kind.DUTY
    where = Training.Where.LOCAL
    place = "吉县"
    start_date = date(2026, 4, 20)
    end_date = date(2026, 4, 22)
    organiser = "县人大常委会代表人事选举任免工作委员会"
    term = factory.SubFactory(TermFactory, number=16, name="第十六届", is_current=True)

    class Meta:
        model = Training
        skip_postgeneration_save = True

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            for deputy in extracted:
                Attendance.objects.create(training=self, deputy=deputy)


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign; CampaignFactory(participants=[deputy, ...]) adds who takes part."""

    title = factory.Sequence(lambda n: f"代表行动第{n}项")
    call = "代表带头参与，收集群众意见。"
    start_date = date(2025, 4, 1)
    end_date = date(2025, 9, 30)

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.add(*extracted)


class CampaignEntryFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    deputy = factory.SubFactory(DeputyFactory)
    date = date(2025, 5, 10)
    text = "清理村内垃圾堆放点。"
    recorded_by = factory.SubFactory(UserFactory)

    class Meta:
        model = CampaignEntry
