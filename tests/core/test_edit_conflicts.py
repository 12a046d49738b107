"""Two people edit the same record from forms opened at the same moment: the first save wins, the
second is refused with a Chinese message and the form showing what is saved now; saved again from
there, it goes through. One case per edit form under optimistic locking (renda.core.versions)."""

import pytest
from django.urls import reverse

from tests.liaison.factories import PointFactory, StationFactory
from tests.meetings.factories import MeetingFactory
from tests.publicity.factories import ArticleFactory
from tests.supervision.factories import ActivityFactory, OpinionFactory, StateBodyFactory, TopicFactory

pytestmark = pytest.mark.django_db

CONFLICT = "有人在您打开之后保存了这条记录"


def _topic():
    return TopicFactory(title="农村公路建设管理养护情况")


def _activity():
    return ActivityFactory(topic=_topic())


def _opinion():
    return OpinionFactory(activity=_activity(), recipient=StateBodyFactory())


# (edit URL name, a record to edit, the text field both change)
FORMS = [
    ("supervision:topic_edit", _topic, "title"),
    ("supervision:activity_edit", _activity, "findings"),
    ("supervision:opinion_edit", _opinion, "body"),
    ("liaison:station_edit", StationFactory, "address"),
    ("liaison:point_edit", PointFactory, "name"),
    ("meetings:meeting_edit", MeetingFactory, "place"),
    ("publicity:article_edit", ArticleFactory, "summary"),
]


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


@pytest.mark.parametrize(("name", "make", "field"), FORMS, ids=[f[0] for f in FORMS])
def test_the_second_save_is_refused_and_shows_the_first(client, staff, name, make, field):
    record = make()
    url = reverse(name, args=[record.pk])
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


@pytest.mark.parametrize(("name", "make", "field"), FORMS, ids=[f[0] for f in FORMS])
def test_saving_twice_from_the_same_page_is_a_conflict_only_when_something_changed(
    client, staff, name, make, field
):
    record = make()
    url = reverse(name, args=[record.pk])
    client.force_login(staff)
    client.post(url, form_data(client.get(url)))  # the form's own cleaning (stripped text) saved once
    data = form_data(client.get(url))
    assert client.post(url, data).status_code == 302  # saved unchanged: the row is the same
    assert client.post(url, data).status_code == 302
