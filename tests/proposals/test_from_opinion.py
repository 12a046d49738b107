"""A constituent opinion marked “to become a suggestion” turned into a deputy's draft, linked both ways."""

import pytest
from django.urls import reverse

from liaison.models import Opinion
from proposals import filing
from proposals.models import Category, State, Suggestion
from proposals.views.filing import DRAFT_FROM_OPINION
from renda.core.models import Notification
from renda.core.workflow import IllegalMove
from tests.liaison.factories import OpinionFactory, ReceptionFactory, StationFactory
from tests.proposals.filing_helpers import county_deputy, message

pytestmark = pytest.mark.django_db

RAISED = "上田村至下田村的通村道路雨后泥泞，村民出行困难，希望硬化路面。\n村里老人多，盼早日解决。"


@pytest.fixture
def reception(me):
    return ReceptionFactory(station=StationFactory(name="屯里镇人大代表联络站"), present=[me])


@pytest.fixture
def opinion(reception):
    return OpinionFactory(reception=reception, content=RAISED, state=Opinion.State.TO_SUGGESTION)


def url(opinion):
    return reverse("proposals:from_opinion", args=[opinion.pk])


def test_the_draft_starts_from_the_opinion_and_links_both_ways(me, opinion):
    suggestion = filing.suggestion_from_opinion(opinion=opinion, lead_deputy=me, by=me.user)
    assert suggestion.state == State.DRAFT
    assert suggestion.content == RAISED
    assert suggestion.category == Category.INFRASTRUCTURE
    assert suggestion.title == filing.opinion_title(opinion)
    assert len(suggestion.title) <= 30
    assert suggestion.origin_opinion == opinion
    opinion.refresh_from_db()
    assert opinion.suggestion == suggestion
    # The resident's name stays with the liaison record: units answer the matter, not the person.
    assert opinion.resident_name not in suggestion.content


def test_a_second_conversion_is_refused(me, other, opinion):
    filing.suggestion_from_opinion(opinion=opinion, lead_deputy=me, by=me.user)
    with pytest.raises(IllegalMove) as exc:
        filing.suggestion_from_opinion(opinion=opinion, lead_deputy=other, by=other.user)
    assert exc.value.message == filing.OPINION_ALREADY_CONVERTED
    assert Suggestion.objects.count() == 1


@pytest.mark.parametrize("state", [Opinion.State.RECORDED, Opinion.State.CLOSED, Opinion.State.ANSWERED])
def test_only_an_opinion_marked_to_become_a_suggestion_is_turned_into_one(me, reception, state):
    opinion = OpinionFactory(reception=reception, state=state)
    with pytest.raises(IllegalMove) as exc:
        filing.suggestion_from_opinion(opinion=opinion, lead_deputy=me, by=me.user)
    assert exc.value.message == filing.OPINION_NOT_TO_SUGGESTION
    assert not Suggestion.objects.exists()


def test_staff_make_a_draft_for_a_deputy_who_is_told(me, opinion, staff):
    suggestion = filing.suggestion_from_opinion(
        opinion=opinion, lead_deputy=me, by=staff, title="关于硬化上田村道路的建议"
    )
    assert (suggestion.filed_by, suggestion.title) == (staff, "关于硬化上田村道路的建议")
    note = Notification.objects.get(key=f"suggestion:{suggestion.pk}:filed_for:{me.pk}")
    assert note.recipient == me.user


# Pages ----------------------------------------------------------------------------------------------


def test_who_may_open_the_conversion_page(client, login, users, me, other, opinion):
    assert client.get(url(opinion))["Location"].startswith(reverse("accounts:login"))
    assert login(users["deputy"]).get(url(opinion)).status_code == 200  # present at the reception
    assert login(users["staff"]).get(url(opinion)).status_code == 200
    assert login(users["deputy2"]).get(url(opinion)).status_code == 404  # not present
    assert login(users["unit_user"]).get(url(opinion)).status_code == 403
    assert login(users["director"]).get(url(opinion)).status_code == 403


def test_an_opinion_in_another_state_answers_404(login, me, reception):
    recorded = OpinionFactory(reception=reception, state=Opinion.State.RECORDED)
    assert login(me.user).get(url(recorded)).status_code == 404


def test_a_deputy_who_was_present_makes_their_own_draft(login, me, opinion):
    client = login(me.user)
    mine = client.get(reverse("proposals:mine"))
    assert mine.context["opinions"] == [opinion]
    response = client.post(url(opinion), {"title": "关于硬化上田村道路的建议"}, follow=True)
    suggestion = Suggestion.objects.get()
    assert response.redirect_chain[-1][0] == reverse("proposals:edit", args=[suggestion.pk])
    assert [str(m) for m in response.context["messages"]] == [message(DRAFT_FROM_OPINION)]
    assert (suggestion.lead_deputy, suggestion.origin_opinion) == (me, opinion)
    assert RAISED in response.content.decode()
    assert client.get(reverse("proposals:mine")).context["opinions"] == []


def test_staff_choose_the_lead_among_those_present_first(login, staff, me, term, opinion):
    county_deputy(term, name="另一位代表")
    client = login(staff)
    page = client.get(url(opinion))
    assert page.context["form"]["lead_deputy"].value() == me.pk
    client.post(url(opinion), {"title": "关于硬化上田村道路的建议", "lead_deputy": me.pk})
    suggestion = Suggestion.objects.get()
    assert (suggestion.lead_deputy, suggestion.filed_by) == (me, staff)


def test_an_empty_title_is_refused_at_the_field(login, me, opinion):
    response = login(me.user).post(url(opinion), {"title": " "})
    assert list(response.context["form"].errors["title"]) == [message(filing.TITLE_REQUIRED)]
    assert not Suggestion.objects.exists()


def test_a_converted_opinion_sends_to_its_suggestion_and_is_not_converted_again(login, me, opinion):
    suggestion = filing.suggestion_from_opinion(opinion=opinion, lead_deputy=me, by=me.user)
    client = login(me.user)
    response = client.post(url(opinion), {"title": "再来一次"})
    assert response.status_code == 302
    assert response["Location"] == suggestion.get_absolute_url()
    assert Suggestion.objects.count() == 1


def test_the_opinion_page_links_to_its_suggestion(login, staff, me, opinion):
    client = login(staff)
    page = client.get(opinion.get_absolute_url()).content.decode()
    assert f'href="{url(opinion)}"' in page
    suggestion = filing.suggestion_from_opinion(opinion=opinion, lead_deputy=me, by=staff)
    page = client.get(opinion.get_absolute_url()).content.decode()
    assert f'href="{suggestion.get_absolute_url()}"' in page
    assert f'href="{url(opinion)}"' not in page


def test_the_suggestion_names_its_origin_on_the_filing_form(login, me, opinion):
    suggestion = filing.suggestion_from_opinion(opinion=opinion, lead_deputy=me, by=me.user)
    page = login(me.user).get(reverse("proposals:edit", args=[suggestion.pk])).content.decode()
    assert f'href="{opinion.get_absolute_url()}"' in page
