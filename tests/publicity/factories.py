"""factory_boy factories of publicity. States are set directly here (test data only); the code under
test moves articles through publicity.services."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from proposals.models import State as SuggestionState
from publicity.models import (
    Article,
    Column,
    Correspondent,
    ExternalPublication,
    Honour,
    PeriodicalIssue,
    PublishedResult,
    Video,
)
from tests.factories import UserFactory
from tests.proposals.factories import ReplyFactory, SuggestionFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ColumnFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"工作动态{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = Column
        django_get_or_create = ("slug",)


class ArticleFactory(factory.django.DjangoModelFactory):
    """ArticleFactory() is a draft; ArticleFactory(published=True) is public since yesterday."""

    title = factory.Sequence(lambda n: f"县人大常委会开展苹果产业发展专题调研{n}")
    column = factory.SubFactory(ColumnFactory)
    summary = "常委会组成人员深入壶口镇、屯里镇调研苹果产业。"
    body = "## 调研情况\n\n调研组先后走访了**壶口镇**、屯里镇的果园和冷库。\n\n- 苹果产业\n- 冷链物流\n"
    author = "本报通讯员"
    state = Article.State.DRAFT
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Article

    class Params:
        published = factory.Trait(
            state=Article.State.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
            reviewed_by=factory.SubFactory(UserFactory),
        )
        under_review = factory.Trait(
            state=Article.State.UNDER_REVIEW,
            submitted_at=factory.LazyFunction(timezone.now),
        )


class PeriodicalIssueFactory(factory.django.DjangoModelFactory):
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    published_on = date(2026, 3, 1)
    pdf = factory.django.FileField(data=PDF_BYTES, filename="jixian-renda.pdf")
    pdf_size = len(PDF_BYTES)
    contents = "卷首语\n工作动态\n代表风采"

    class Meta:
        model = PeriodicalIssue


class VideoFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"吉县人大履职专题片{n}")
    kind = Video.Kind.FEATURE
    link = "https://example.com/video.mp4"
    made_on = date(2026, 5, 1)

    class Meta:
        model = Video


class CorrespondentFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"通讯员{n}")

    class Meta:
        model = Correspondent


class HonourFactory(factory.django.DjangoModelFactory):
    correspondent = factory.SubFactory(CorrespondentFactory)
    year = 2026
    title = "优秀通讯员"
    awarded_by = "临汾市人大常委会"

    class Meta:
        model = Honour


class ExternalPublicationFactory(factory.django.DjangoModelFactory):
    """ExternalPublicationFactory(correspondents=[a, b]); without it one new correspondent is added."""

    outlet = "人民代表报"
    date = date(2026, 4, 10)
    title = factory.Sequence(lambda n: f"吉县人大：代表进站听民声{n}")
    link = "https://example.com/news"

    class Meta:
        model = ExternalPublication
        skip_postgeneration_save = True

    @factory.post_generation
    def correspondents(self, create, extracted, **kwargs):
        if not create:
            return
        self.correspondents.set(extracted if extracted is not None else [CorrespondentFactory()])


def _replied_suggestion():
    suggestion = SuggestionFactory(assigned=True)
    ReplyFactory(suggestion=suggestion, unit=suggestion.lead_unit)
    suggestion.state = SuggestionState.REPLIED
    suggestion.replied_at = date(2026, 5, 20)
    suggestion.outcome = "B"
    suggestion.save(update_fields=["state", "replied_at", "outcome"])
    return suggestion


class PublishedResultFactory(factory.django.DjangoModelFactory):
    """A published result of a replied suggestion (the reply is created too)."""

    suggestion = factory.LazyFunction(_replied_suggestion)
    summary = "承办单位已将该路段列入2027年农村公路养护计划，届时将组织施工。"
    published_at = factory.LazyFunction(timezone.now)
    published_by = factory.SubFactory(UserFactory)
    is_withdrawn = False

    class Meta:
        model = PublishedResult
