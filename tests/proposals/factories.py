"""factory_boy factories of the suggestion ledger. States are set directly here (test data only);
the code under test moves them through proposals.services."""

from datetime import date

import factory
from django.utils import timezone

from proposals.models import (
    CoHandling,
    Consultation,
    Cosignature,
    ProgressUpdate,
    Reply,
    State,
    Suggestion,
)
from tests.deputies.factories import DeputyFactory
from tests.factories import IndexedFactory, TermFactory, UnitFactory, UserFactory


class SuggestionFactory(IndexedFactory):
    """SuggestionFactory(assigned=True, lead_unit=unit) gives an assigned, numbered suggestion."""

    term = factory.SubFactory(TermFactory, number=16, name="第十六届", is_current=True)
    session = None
    year = 2026
    title = factory.Sequence(lambda n: f"关于加快通村公路建设的建议{n}")
    content = "我县部分通村公路年久失修，雨季出行困难，建议列入明年计划予以修缮。"
    category = "infrastructure"
    lead_deputy = factory.SubFactory(DeputyFactory)
    delegation = factory.LazyAttribute(lambda o: o.lead_deputy.township)
    filed_by = factory.SubFactory(UserFactory)
    state = State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Suggestion
        skip_postgeneration_save = True

    class Params:
        assigned = factory.Trait(
            state=State.ASSIGNED,
            lead_unit=factory.SubFactory(UnitFactory),
            assigned_at=date(2026, 3, 2),
            reply_due=date(2026, 6, 2),
            transfer_due=date(2026, 3, 9),
            sequence="y:16:2026",
            number=factory.Sequence(lambda n: n + 1),
        )

    @factory.post_generation
    def cosigners(self, create, extracted, **kwargs):
        """SuggestionFactory(cosigners=[d1, d2]) adds confirmed co-signatures."""
        if create and extracted:
            for deputy in extracted:
                Cosignature.objects.create(suggestion=self, deputy=deputy, state=Cosignature.State.CONFIRMED)


class CoHandlingFactory(IndexedFactory):
    suggestion = factory.SubFactory(SuggestionFactory, assigned=True)
    unit = factory.SubFactory(UnitFactory)
    due = date(2026, 4, 2)

    class Meta:
        model = CoHandling


class ConsultationFactory(factory.django.DjangoModelFactory):
    suggestion = factory.SubFactory(SuggestionFactory, assigned=True)
    unit = factory.LazyAttribute(lambda o: o.suggestion.lead_unit)
    way = Consultation.Way.PHONE
    date = date(2026, 3, 20)
    recorded_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Consultation


class ReplyFactory(IndexedFactory):
    suggestion = factory.SubFactory(SuggestionFactory, assigned=True)
    round = 1
    unit = factory.LazyAttribute(lambda o: o.suggestion.lead_unit)
    outcome = "B"
    text = "已将该路段列入2027年农村公路养护计划。"
    replied_at = date(2026, 5, 20)
    by = factory.SubFactory(UserFactory)

    class Meta:
        model = Reply


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    suggestion = factory.SubFactory(SuggestionFactory, assigned=True)
    date = date(2026, 8, 1)
    text = "已完成路基勘测。"
    by = factory.SubFactory(UserFactory)

    class Meta:
        model = ProgressUpdate
