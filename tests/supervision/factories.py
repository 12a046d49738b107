"""factory_boy factories of supervision: topics, activities, review opinions, rectification items."""

from datetime import date

import factory

from deputies.models import Deputy, Gender
from renda.core.models import Unit
from supervision.models import Activity, ProgressUpdate, RectificationItem, ReviewOpinion, Topic
from tests.factories import IndexedFactory, TownshipFactory, UnitFactory


class SupervisionDeputyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"监督代表{n}")
    gender = Gender.MALE
    township = factory.SubFactory(TownshipFactory, name="吉昌镇")
    status = Deputy.Status.ACTIVE

    class Meta:
        model = Deputy


class CommitteeFactory(UnitFactory):
    name = "县人大常委会财政经济工作委员会"
    kind = Unit.Kind.COMMITTEE_BODY


class StateBodyFactory(UnitFactory):
    name = "吉县人民政府"
    kind = Unit.Kind.STATE_BODY


class TopicFactory(factory.django.DjangoModelFactory):
    year = 2026
    category = Topic.Category.TRANSPORT
    title = factory.Sequence(lambda n: f"农村公路建设管理养护情况{n}")
    description = "监督农村公路建设和养护。"
    lead_committee = factory.SubFactory(CommitteeFactory)

    class Meta:
        model = Topic


class ActivityFactory(factory.django.DjangoModelFactory):
    topic = factory.SubFactory(TopicFactory)
    kind = Activity.Kind.WORK_REPORT
    date = date(2026, 5, 20)
    place = "县人大常委会会议室"
    findings = "部分通村公路路面破损。"

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if create and extracted:
            self.deputies.set(extracted)


class OpinionFactory(IndexedFactory):
    """A review opinion; its state fields are set directly (the services are tested on their own)."""

    activity = factory.SubFactory(ActivityFactory)
    title = factory.Sequence(lambda n: f"关于农村公路建设管理养护情况的审议意见{n}")
    body = "一、落实养护资金。二、完善路长制。"
    recipient = factory.SubFactory(StateBodyFactory)
    state = ReviewOpinion.State.DRAFT

    class Meta:
        model = ReviewOpinion

    class Params:
        sent = factory.Trait(
            state=ReviewOpinion.State.SENT, sent_on=date(2026, 6, 1), report_due=date(2026, 9, 1)
        )


class ItemFactory(IndexedFactory):
    opinion = factory.SubFactory(OpinionFactory, sent=True)
    unit = factory.SubFactory(UnitFactory)
    description = factory.Sequence(lambda n: f"完成村道安全防护工程第{n}段")
    deadline = date(2026, 12, 31)
    state = RectificationItem.State.NOT_STARTED

    class Meta:
        model = RectificationItem


class ProgressFactory(factory.django.DjangoModelFactory):
    item = factory.SubFactory(ItemFactory)
    date = date(2026, 7, 1)
    percent = 30
    text = "完成30公里。"
    by = None

    class Meta:
        model = ProgressUpdate
