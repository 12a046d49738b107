"""Published handling results (代表法 Art. 51): picking replied suggestions, the phone-number rule,
withdrawing and publishing again; the portal's selector shows only what is published."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from proposals.models import State
from publicity import services
from publicity.models import PublishedResult
from publicity.selectors import public_results, result_candidates
from tests.proposals.factories import ReplyFactory, SuggestionFactory
from tests.publicity.factories import PublishedResultFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied():
    suggestion = SuggestionFactory(assigned=True)
    ReplyFactory(
        suggestion=suggestion,
        unit=suggestion.lead_unit,
        text="已列入2027年计划。联系人张某，电话13912345678。",
    )
    suggestion.state = State.REPLIED
    suggestion.save(update_fields=["state"])
    return suggestion


@pytest.mark.parametrize(
    "summary",
    [
        "如有疑问请拨打13912345678。",
        "联系电话：139 1234 5678",
        "联系电话：139-1234-5678",
        "联系电话0357-5521234",
        "联系电话（0357）5521234",
        "电话 03575521234",
    ],
)
def test_a_summary_with_a_phone_number_is_refused(replied, staff, summary):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.result_publish(suggestion=replied, summary=summary, by=staff)
    assert exc.value.message_dict["summary"] == [str(services.SUMMARY_HAS_PHONE)]
    assert not PublishedResult.objects.exists()


@pytest.mark.parametrize(
    "summary", ["2026年投入资金3500000元，修建道路12.5公里。", "已列入2027年计划，共7个村受益。"]
)
def test_numbers_that_are_not_phones_pass(summary):
    assert not services.looks_like_phone(summary)


def test_the_form_is_prefilled_from_the_reply_and_refuses_the_phone_at_the_field(client, staff, replied):
    client.force_login(staff)
    url = reverse("publicity:result_create", args=[replied.pk])
    page = client.get(url)
    assert page.context["form"].initial["summary"].startswith("已列入2027年计划")
    with translation.override("en"):
        response = client.post(url, {"summary": page.context["form"].initial["summary"]})
    assert response.status_code == 200
    assert response.context["form"].errors["summary"] == [str(services.SUMMARY_HAS_PHONE)]
    response = client.post(url, {"summary": "承办单位已将该路段列入2027年农村公路养护计划。"})
    assert response.status_code == 302
    result = PublishedResult.objects.get()
    assert result.published_by == staff
    assert list(public_results()) == [result]
    assert replied not in result_candidates()


def test_only_replied_suggestions_can_be_published(staff):
    waiting = SuggestionFactory(assigned=True)
    assert waiting not in result_candidates()
    with pytest.raises(ValidationError):
        services.result_publish(suggestion=waiting, summary="已办理。", by=staff)


def test_withdraw_and_publish_again(client, staff):
    result = PublishedResultFactory()
    client.force_login(staff)
    client.post(reverse("publicity:result_withdraw", args=[result.pk]), {"reason": "含有个人信息"})
    result.refresh_from_db()
    assert result.is_withdrawn
    assert result not in public_results()
    with pytest.raises(ValidationError):
        services.result_withdraw(result=result, by=staff)
    client.post(reverse("publicity:result_republish", args=[result.pk]))
    result.refresh_from_db()
    assert not result.is_withdrawn
    assert result in public_results()


def test_editing_a_published_summary_keeps_the_rule(staff):
    result = PublishedResultFactory()
    with pytest.raises(ValidationError):
        services.result_update(result=result, summary="电话13800001111", by=staff)
    services.result_update(result=result, summary="已解决。", by=staff)
    result.refresh_from_db()
    assert result.summary == "已解决。"
