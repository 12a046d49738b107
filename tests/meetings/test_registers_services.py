"""The registers' services: the rules of appointments and reports, refused at the field with nothing
saved, the upload check of party documents, and who holds each post now."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from meetings import register_services as services
from meetings.models import Appointment, MajorReport, Meeting, PartyDocument
from meetings.register_selectors import current_holders
from tests.factories import UnitFactory
from tests.meetings.test_registers_support import make_appointment, make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(meeting, **overrides):
    data = {
        "kind": Appointment.Kind.APPOINT,
        "person": "马俊峰",
        "post": "局长",
        "unit": UnitFactory(name="县农业农村局"),
        "meeting": meeting,
        "date": meeting.date,
        "votes_cast": 21,
        "votes_for": 20,
        "votes_against": 0,
        "votes_abstain": 1,
        "sworn_on": meeting.date,
        "is_published": False,
    }
    data.update(overrides)
    return data


def _refusal(call) -> dict:
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            call()
        return {field: [str(m) for m in messages] for field, messages in caught.value.message_dict.items()}


def test_a_valid_appointment_is_saved(staff):
    meeting = make_meeting(by=staff)
    appointment = services.appointment_create(data=_data(meeting), by=staff)
    assert appointment.pk and appointment.votes_cast == 21


def test_votes_that_do_not_add_up_are_refused_at_votes_cast(staff):
    meeting = make_meeting(by=staff)
    errors = _refusal(lambda: services.appointment_create(data=_data(meeting, votes_for=19), by=staff))
    with translation.override("en"):
        expected = str(services.VOTES_DO_NOT_ADD_UP) % {"total": 20, "cast": 21}
    assert errors == {"votes_cast": [expected]}
    assert not Appointment.objects.exists()


def test_missing_parts_count_as_none_but_a_missing_total_is_refused(staff):
    meeting = make_meeting(by=staff)
    ok = services.appointment_create(
        data=_data(meeting, votes_cast=20, votes_for=20, votes_against=None, votes_abstain=None), by=staff
    )
    assert ok.pk
    errors = _refusal(
        lambda: services.appointment_create(data=_data(meeting, person="黄晓霞", votes_cast=None), by=staff)
    )
    with translation.override("en"):
        assert errors == {"votes_cast": [str(services.VOTES_CAST_MISSING)]}
    assert Appointment.objects.count() == 1


def test_no_votes_at_all_is_accepted(staff):
    meeting = make_meeting(by=staff)
    data = _data(meeting, votes_cast=None, votes_for=None, votes_against=None, votes_abstain=None)
    assert services.appointment_create(data=data, by=staff).pk


def test_more_votes_than_members_are_refused(staff):
    meeting = make_meeting(by=staff, membership=15)
    errors = _refusal(
        lambda: services.appointment_create(
            data=_data(meeting, votes_cast=21, votes_for=21, votes_abstain=0), by=staff
        )
    )
    with translation.override("en"):
        assert errors == {"votes_cast": [str(services.VOTES_EXCEED_MEMBERSHIP) % {"membership": 15}]}
    assert not Appointment.objects.exists()


def test_an_appointment_dated_before_its_meeting_is_refused_at_the_date(staff):
    meeting = make_meeting(by=staff, day=date(2026, 3, 26))
    errors = _refusal(
        lambda: services.appointment_create(
            data=_data(meeting, date=date(2026, 3, 25), sworn_on=None), by=staff
        )
    )
    with translation.override("en"):
        assert errors == {"date": [str(services.DATED_BEFORE_MEETING) % {"date": "March 26, 2026"}]}
    assert not Appointment.objects.exists()


def test_the_oath_cannot_come_before_the_appointment(staff):
    meeting = make_meeting(by=staff, day=date(2026, 3, 26))
    errors = _refusal(
        lambda: services.appointment_create(data=_data(meeting, sworn_on=date(2026, 3, 20)), by=staff)
    )
    with translation.override("en"):
        assert errors == {"sworn_on": [str(services.SWORN_BEFORE_DATE)]}


def test_a_removal_takes_no_oath(staff):
    meeting = make_meeting(by=staff)
    errors = _refusal(
        lambda: services.appointment_create(data=_data(meeting, kind=Appointment.Kind.REMOVE), by=staff)
    )
    with translation.override("en"):
        assert errors == {"sworn_on": [str(services.SWORN_ONLY_ON_TAKING_OFFICE)]}


def test_an_election_needs_a_session_of_the_congress(staff):
    standing = make_meeting(by=staff)
    errors = _refusal(
        lambda: services.appointment_create(data=_data(standing, kind=Appointment.Kind.ELECT), by=staff)
    )
    with translation.override("en"):
        assert errors == {"meeting": [str(services.ELECTION_NEEDS_CONGRESS)]}
    congress = make_meeting(by=staff, kind=Meeting.Kind.CONGRESS, membership=150)
    assert services.appointment_create(data=_data(congress, kind=Appointment.Kind.ELECT), by=staff).pk


def test_several_refusals_come_together_and_an_update_saves_nothing(staff):
    meeting = make_meeting(by=staff, day=date(2026, 3, 26))
    appointment = services.appointment_create(data=_data(meeting), by=staff)
    errors = _refusal(
        lambda: services.appointment_update(
            appointment=appointment,
            data=_data(meeting, person="改名", date=date(2026, 3, 1), votes_for=5),
            by=staff,
        )
    )
    assert set(errors) == {"date", "votes_cast"}
    appointment.refresh_from_db()
    assert appointment.person == "马俊峰"


# Major-matter reports -------------------------------------------------------------------------------


def _report(staff, **overrides):
    data = {
        "kind": MajorReport.Kind.REQUEST,
        "subject": "关于召开县人大会议的请示",
        "sent_on": date(2026, 1, 5),
    }
    data.update(overrides)
    return services.major_report_create(data=data, by=staff)


def test_a_reply_before_the_report_was_sent_is_refused_at_the_field(staff):
    report = _report(staff)
    errors = _refusal(
        lambda: services.major_report_record_reply(
            report=report, reply_received_on=date(2026, 1, 4), reply="同意。", by=staff
        )
    )
    with translation.override("en"):
        assert errors == {"reply_received_on": [str(services.REPLY_BEFORE_SENT)]}
    report.refresh_from_db()
    assert report.reply_received_on is None and report.reply == ""


def test_a_reply_on_or_after_sending_is_recorded(staff):
    report = _report(staff)
    services.major_report_record_reply(
        report=report, reply_received_on=date(2026, 1, 5), reply="同意。", by=staff
    )
    report.refresh_from_db()
    assert report.reply_received_on == date(2026, 1, 5)


def test_a_reply_text_needs_its_date(staff):
    errors = _refusal(lambda: _report(staff, reply="同意。"))
    assert list(errors) == ["reply_received_on"]
    assert not MajorReport.objects.exists()


# Party documents ------------------------------------------------------------------------------------


def test_a_document_upload_is_checked_by_its_content():
    services.check_document_upload(SimpleUploadedFile("意见.pdf", PDF))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.check_document_upload(SimpleUploadedFile("意见.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert caught.value.code == "content"
    with pytest.raises(ValidationError) as caught:
        services.check_document_upload(SimpleUploadedFile("意见.exe", PDF))
    assert caught.value.code == "type"
    with pytest.raises(ValidationError) as caught:
        services.check_document_upload(SimpleUploadedFile("意见.pdf", b""))
    assert caught.value.code == "empty"


def test_a_document_larger_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(services, "DOCUMENT_MAX_BYTES", 10)
    with pytest.raises(ValidationError) as caught:
        services.check_document_upload(SimpleUploadedFile("意见.pdf", PDF))
    assert caught.value.code == "too_big"


# Current holders ------------------------------------------------------------------------------------


def test_appoint_then_remove_leaves_the_post_vacant(staff):
    unit = UnitFactory(name="县交通运输局")
    first = make_meeting(by=staff, day=date(2022, 1, 10))
    later = make_meeting(by=staff, day=date(2024, 6, 20))
    make_appointment(person="陈志远", unit=unit, meeting=first)
    assert [a.person for a in current_holders(unit=unit)] == ["陈志远"]
    make_appointment(person="陈志远", unit=unit, meeting=later, kind=Appointment.Kind.REMOVE)
    assert list(current_holders(unit=unit)) == []


def test_a_successor_replaces_the_holder_and_other_posts_are_kept(staff):
    unit = UnitFactory(name="县交通运输局")
    first = make_meeting(by=staff, day=date(2022, 1, 10))
    later = make_meeting(by=staff, day=date(2024, 6, 20))
    make_appointment(person="陈志远", unit=unit, meeting=first)
    make_appointment(person="李副", post="副局长", unit=unit, meeting=first)
    make_appointment(person="陈志远", unit=unit, meeting=later, kind=Appointment.Kind.REMOVE)
    make_appointment(person="郑国华", unit=unit, meeting=later)
    holders = {(a.post, a.person) for a in current_holders(unit=unit)}
    assert holders == {("局长", "郑国华"), ("副局长", "李副")}


def test_a_removal_of_another_post_or_unit_does_not_end_a_holding(staff):
    unit, other = UnitFactory(name="县交通运输局"), UnitFactory(name="县财政局")
    first = make_meeting(by=staff, day=date(2022, 1, 10))
    later = make_meeting(by=staff, day=date(2024, 6, 20))
    make_appointment(person="陈志远", unit=unit, meeting=first)
    make_appointment(person="陈志远", unit=other, meeting=later, kind=Appointment.Kind.REMOVE)
    make_appointment(person="陈志远", post="副局长", unit=unit, meeting=later, kind=Appointment.Kind.RESIGN)
    assert [a.person for a in current_holders(unit=unit)] == ["陈志远"]


def test_an_earlier_removal_does_not_end_a_later_appointment(staff):
    unit = UnitFactory(name="县交通运输局")
    first = make_meeting(by=staff, day=date(2022, 1, 10))
    later = make_meeting(by=staff, day=date(2024, 6, 20))
    make_appointment(person="陈志远", unit=unit, meeting=first, kind=Appointment.Kind.DISMISS)
    make_appointment(person="陈志远", unit=unit, meeting=later)
    assert [a.person for a in current_holders(unit=unit)] == ["陈志远"]


def test_current_holders_is_one_query(staff, django_assert_num_queries):
    unit = UnitFactory(name="县交通运输局")
    meeting = make_meeting(by=staff)
    for n in range(5):
        make_appointment(person=f"人员{n}", post=f"职务{n}", unit=unit, meeting=meeting)
    with django_assert_num_queries(1):
        rows = [(a.person, a.unit.name, a.meeting.display_title) for a in current_holders()]
    assert len(rows) == 5


def test_a_refused_document_leaves_neither_row_nor_file(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = {"kind": PartyDocument.Kind.NOTICE, "title": "", "issued_on": date(2026, 5, 12)}
    errors = _refusal(
        lambda: services.party_document_create(
            data=data, upload=SimpleUploadedFile("通知.pdf", PDF), by=staff
        )
    )
    assert "title" in errors
    assert not PartyDocument.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_replaced_file_is_removed_once_the_change_is_committed(
    staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    data = {"kind": PartyDocument.Kind.NOTICE, "title": "通知", "issued_on": date(2026, 5, 12)}
    document = services.party_document_create(data=data, upload=SimpleUploadedFile("通知.pdf", PDF), by=staff)
    old = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        document = services.party_document_update(
            document=document, data=data, upload=SimpleUploadedFile("通知2.pdf", PDF + b"\n"), by=staff
        )
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [Path(document.file.path)] and str(files[0]) != old
