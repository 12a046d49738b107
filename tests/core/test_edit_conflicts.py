"""Two people edit the same record from forms opened at the same moment: the first save wins, the
second is refused with a Chinese message and the form showing what is saved now; saved again from
there, it goes through. One case per edit form under optimistic locking (renda.core.versions)."""

from datetime import date

import pytest
from django.urls import reverse

from deputies.models import Level
from liaison.models import Reception
from meetings.models import Meeting, Minutes
from tests.deputies.factories import CampaignEntryFactory, CampaignFactory, DeputyFactory, TrainingFactory
from tests.liaison.factories import PointFactory, ReceptionFactory, StationFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MajorReportFactory,
    MeetingFactory,
    MinutesFactory,
)
from tests.publicity.factories import (
    ArticleFactory,
    ColumnFactory,
    CorrespondentFactory,
    ExternalPublicationFactory,
    PeriodicalIssueFactory,
    PublishedResultFactory,
    VideoFactory,
)
from tests.supervision.factories import (
    ActivityFactory,
    ItemFactory,
    OpinionFactory,
    StateBodyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CONFLICT = "有人在您打开之后保存了这条记录"


def _topic():
    return TopicFactory(title="农村公路建设管理养护情况")


def _activity():
    return ActivityFactory(topic=_topic())


def _opinion():
    return OpinionFactory(activity=_activity(), recipient=StateBodyFactory())


def _deputy():
    return DeputyFactory(levels=[Level.COUNTY])


def _campaign_entry():
    deputy = DeputyFactory()
    return CampaignEntryFactory(campaign=CampaignFactory(participants=[deputy]), deputy=deputy)


def _planned_reception():
    return ReceptionFactory(state=Reception.State.PLANNED, date=date(2026, 3, 10), residents_received=0)


def _agenda_item():
    return AgendaItemFactory(notes="听取审议")


def _replied_report():
    return MajorReportFactory(reply_received_on=date(2026, 1, 20), reply="同意。")


# (edit URL name, a record to edit, the text field both change[, options]). Options: "url_pk", the
# pk the URL takes when it is not the record's own (a function of the record).
FORMS = [
    ("supervision:topic_edit", _topic, "title"),
    ("supervision:activity_edit", _activity, "findings"),
    ("supervision:opinion_edit", _opinion, "body"),
    ("supervision:item_edit", ItemFactory, "description"),
    ("liaison:station_edit", StationFactory, "address"),
    ("liaison:point_edit", PointFactory, "name"),
    ("liaison:reception_edit", _planned_reception, "topic"),
    ("liaison:reception_record", _planned_reception, "notes"),
    ("meetings:meeting_edit", MeetingFactory, "place"),
    ("meetings:item_edit", _agenda_item, "notes"),
    ("meetings:minutes_edit", MinutesFactory, "body", {"url_pk": lambda minutes: minutes.meeting_id}),
    ("meetings:decision_edit", DecisionFactory, "text"),
    ("meetings:report_reply", _replied_report, "reply"),
    ("publicity:article_edit", ArticleFactory, "summary"),
    ("publicity:column_edit", ColumnFactory, "description"),
    ("publicity:issue_edit", PeriodicalIssueFactory, "contents"),
    ("publicity:video_edit", VideoFactory, "description"),
    ("publicity:correspondent_edit", CorrespondentFactory, "name"),
    ("publicity:publication_edit", ExternalPublicationFactory, "title"),
    ("publicity:result_edit", PublishedResultFactory, "summary"),
    ("deputies:update", _deputy, "occupation"),
    ("deputies:training_update", TrainingFactory, "organiser"),
    ("deputies:campaign_update", CampaignFactory, "call"),
    ("deputies:campaign_entry_update", _campaign_entry, "text"),
]
CASES = [
    pytest.param(name, make, field, (options or [{}])[0], id=name) for name, make, field, *options in FORMS
]


def _url(name, record, options) -> str:
    return reverse(name, args=[options.get("url_pk", lambda r: r.pk)(record)])


def form_data(response) -> dict:
    """What the browser would post back from the page's form, untouched."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or getattr(field.widget, "input_type", "") == "file":
            continue
        if isinstance(value, (list, tuple)):
            data[form.add_prefix(name)] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        else:
            data[form.add_prefix(name)] = str(value)
    return data


@pytest.mark.parametrize(("name", "make", "field", "options"), CASES)
def test_the_second_save_is_refused_and_shows_the_first(client, staff, name, make, field, options):
    record = make()
    url = _url(name, record, options)
    client.force_login(staff)
    first, second = form_data(client.get(url)), form_data(client.get(url))
    assert first["version"]

    second[field] = "第二位同志先保存的内容"
    assert client.post(url, second).status_code == 302

    first[field] = "第一位同志后保存的内容"
    refused = client.post(url, first)
    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) == "第二位同志先保存的内容"  # nothing of the late save was written
    shown = form_data(refused)
    assert shown[field] == "第二位同志先保存的内容"  # the form shows what is saved now

    shown[field] = "看过之后再改"
    assert client.post(url, shown).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "看过之后再改"


@pytest.mark.parametrize(("name", "make", "field", "options"), CASES)
def test_saving_twice_from_the_same_page_is_a_conflict_only_when_something_changed(
    client, staff, name, make, field, options
):
    record = make()
    url = _url(name, record, options)
    client.force_login(staff)
    client.post(url, form_data(client.get(url)))  # the form's own cleaning (stripped text) saved once
    data = form_data(client.get(url))
    assert client.post(url, data).status_code == 302  # saved unchanged: the row is the same
    assert client.post(url, data).status_code == 302


def test_minutes_drafted_since_the_form_was_opened_are_not_overwritten(client, staff):
    """The minutes form of a meeting without minutes yet carries no version of a row; once someone
    drafted them, it is a conflict all the same."""
    meeting = MeetingFactory(state=Meeting.State.HELD)
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    client.force_login(staff)
    first, second = form_data(client.get(url)), form_data(client.get(url))

    second["body"] = "第二位同志先起草的纪要"
    assert client.post(url, second).status_code == 302
    first["body"] = "第一位同志后起草的纪要"
    refused = client.post(url, first)
    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    assert Minutes.objects.get(meeting=meeting).body == "第二位同志先起草的纪要"
    assert form_data(refused)["body"] == "第二位同志先起草的纪要"
