"""Who may open each register page, what the lists show, and the forms' refusals at the field with
nothing saved."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from meetings import register_services as services
from meetings.models import Appointment, MajorReport, PartyDocument
from renda.core.registry import registry
from tests.factories import UnitFactory
from tests.meetings.test_registers_support import appointment_post, make_appointment, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Pages in English, so that messages compare with their msgids whatever the catalog holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(staff):
    return make_meeting(by=staff, day=date(2026, 3, 26))


@pytest.fixture
def rows(staff, meeting):
    report = MajorReport.objects.create(
        kind=MajorReport.Kind.REQUEST, subject="关于召开全县人大工作会议的请示", sent_on=date(2026, 1, 5)
    )
    document = PartyDocument.objects.create(
        kind=PartyDocument.Kind.OPINION, title="关于加强乡镇人大工作的实施意见", issued_on=date(2023, 3, 2)
    )
    document.file.save("意见.pdf", SimpleUploadedFile("意见.pdf", PDF), save=True)
    appointment = make_appointment(person="马俊峰", meeting=meeting)
    return {"report": report, "document": document, "appointment": appointment}


def _read_urls(rows):
    return [
        reverse("meetings:report_list"),
        reverse("meetings:report_detail", args=[rows["report"].pk]),
        reverse("meetings:document_list"),
        reverse("meetings:document_download", args=[rows["document"].pk]),
        reverse("meetings:appointment_list"),
        reverse("meetings:holders"),
    ]


def _write_urls(rows):
    return [
        reverse("meetings:report_create"),
        reverse("meetings:report_edit", args=[rows["report"].pk]),
        reverse("meetings:report_reply", args=[rows["report"].pk]),
        reverse("meetings:document_create"),
        reverse("meetings:document_edit", args=[rows["document"].pk]),
        reverse("meetings:appointment_create"),
        reverse("meetings:appointment_edit", args=[rows["appointment"].pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, rows):
    for url in _read_urls(rows) + _write_urls(rows):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["deputy", "unit_user"])
def test_deputies_and_units_are_refused(login, users, rows, who):
    client = login(users[who])
    for url in _read_urls(rows) + _write_urls(rows):
        assert client.get(url).status_code == 403, url


def test_directors_read_but_do_not_keep_the_registers(login, director, rows):
    client = login(director)
    for url in _read_urls(rows):
        assert client.get(url).status_code == 200, url
    for url in _write_urls(rows):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_staff_read_and_keep_the_registers(login, users, rows, who):
    client = login(users[who])
    for url in _read_urls(rows) + _write_urls(rows):
        assert client.get(url).status_code == 200, url


def test_a_missing_row_answers_404(login, staff):
    client = login(staff)
    for name in ("report_detail", "report_edit", "document_download", "appointment_edit"):
        assert client.get(reverse(f"meetings:{name}", args=[9999])).status_code == 404


def test_a_document_without_a_file_has_nothing_to_download(login, director):
    document = PartyDocument.objects.create(
        kind=PartyDocument.Kind.NOTICE, title="通知", issued_on=date(2026, 1, 1)
    )
    response = login(director).get(reverse("meetings:document_download", args=[document.pk]))
    assert response.status_code == 404


def test_the_download_is_the_stored_file(login, director, rows):
    response = login(director).get(reverse("meetings:document_download", args=[rows["document"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


# Appointments ---------------------------------------------------------------------------------------


def test_staff_record_an_appointment(login, staff, meeting):
    response = login(staff).post(reverse("meetings:appointment_create"), appointment_post(meeting))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.person, appointment.votes_for, appointment.sworn_on) == ("马俊峰", 20, meeting.date)


def test_votes_that_do_not_add_up_are_shown_at_votes_cast_and_nothing_is_saved(login, staff, meeting):
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:appointment_create"), appointment_post(meeting, votes_for="15")
        )
        expected = str(services.VOTES_DO_NOT_ADD_UP) % {"total": 16, "cast": 21}
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].errors["votes_cast"]] == [expected]
    assert not Appointment.objects.exists()


def test_an_appointment_dated_before_its_meeting_is_shown_at_the_date(login, staff, meeting):
    response = login(staff).post(
        reverse("meetings:appointment_create"), appointment_post(meeting, date="2026-03-20", sworn_on="")
    )
    with translation.override("en"):
        expected = str(services.DATED_BEFORE_MEETING) % {"date": "March 26, 2026"}
    assert [str(e) for e in response.context["form"].errors["date"]] == [expected]
    assert not Appointment.objects.exists()


def test_garbage_in_the_appointment_form_is_a_form_error_not_a_crash(login, staff, meeting):
    response = login(staff).post(
        reverse("meetings:appointment_create"),
        {**appointment_post(meeting, votes_cast="many", date="yesterday", kind="crowned"), "meeting": "abc"},
    )
    assert response.status_code == 200
    assert {"votes_cast", "date", "meeting", "kind"} <= set(response.context["form"].errors)
    assert not Appointment.objects.exists()


def test_the_appointment_list_filters_by_kind_unit_year_and_person(login, director, staff, meeting):
    other_unit = UnitFactory(name="县交通运输局")
    make_appointment(person="马俊峰", meeting=meeting)
    make_appointment(person="陈志远", unit=other_unit, meeting=meeting, kind=Appointment.Kind.REMOVE)
    old = make_meeting(by=staff, day=date(2022, 1, 10))
    make_appointment(person="郑国华", unit=other_unit, meeting=old)
    client = login(director)

    def people(**query):
        response = client.get(reverse("meetings:appointment_list"), query)
        return sorted(a.person for a in response.context["page_obj"])

    assert people() == ["郑国华", "陈志远", "马俊峰"]
    assert people(kind="remove") == ["陈志远"]
    assert people(unit=other_unit.pk) == ["郑国华", "陈志远"]
    assert people(year="2022") == ["郑国华"]
    assert people(person="俊") == ["马俊峰"]


def test_the_holders_page_shows_the_current_holder_per_unit(login, director, staff):
    unit = UnitFactory(name="县交通运输局")
    first = make_meeting(by=staff, day=date(2022, 1, 10))
    later = make_meeting(by=staff, day=date(2024, 6, 20))
    make_appointment(person="陈志远", unit=unit, meeting=first)
    make_appointment(person="陈志远", unit=unit, meeting=later, kind=Appointment.Kind.REMOVE)
    make_appointment(person="郑国华", unit=unit, meeting=later)
    make_appointment(person="马俊峰", meeting=later)
    client = login(director)
    response = client.get(reverse("meetings:holders"), {"unit": unit.pk})
    assert [a.person for a in response.context["holders"]] == ["郑国华"]
    response = client.get(reverse("meetings:holders"))
    assert sorted(a.person for a in response.context["holders"]) == ["郑国华", "马俊峰"]


# Major-matter reports and party documents ----------------------------------------------------------


def test_staff_record_a_report_and_its_reply(login, staff, meeting):
    client = login(staff)
    response = client.post(
        reverse("meetings:report_create"),
        {
            "kind": "request",
            "subject": "关于人事任免事项的请示",
            "sent_on": "2026-03-01",
            "meeting": meeting.pk,
        },
    )
    report = MajorReport.objects.get()
    assert response.status_code == 302 and report.meeting == meeting
    client.post(
        reverse("meetings:report_reply", args=[report.pk]),
        {"reply_received_on": "2026-03-10", "reply": "同意。"},
    )
    report.refresh_from_db()
    assert (report.reply_received_on, report.reply) == (date(2026, 3, 10), "同意。")


def test_a_reply_before_sending_is_shown_at_the_reply_date(login, staff):
    report = MajorReport.objects.create(
        kind=MajorReport.Kind.REPORT, subject="报告", sent_on=date(2026, 3, 1)
    )
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:report_reply", args=[report.pk]),
            {"reply_received_on": "2026-02-27", "reply": "已阅。"},
        )
        expected = str(services.REPLY_BEFORE_SENT)
    assert [str(e) for e in response.context["form"].errors["reply_received_on"]] == [expected]
    report.refresh_from_db()
    assert report.reply_received_on is None and report.reply == ""


def test_a_new_report_with_a_reply_before_sending_is_refused_at_the_reply_date(login, staff):
    response = login(staff).post(
        reverse("meetings:report_create"),
        {"kind": "report", "subject": "报告", "sent_on": "2026-03-01", "reply_received_on": "2026-02-01"},
    )
    with translation.override("en"):
        expected = str(services.REPLY_BEFORE_SENT)
    form = response.context["form"]
    assert [str(e) for e in form.errors["reply_received_on"]] == [expected]
    assert form.non_field_errors() == []
    assert not MajorReport.objects.exists()


def test_the_report_list_filters_replied_and_awaiting(login, director):
    MajorReport.objects.create(
        kind="request", subject="已批复", sent_on=date(2026, 1, 5), reply_received_on=date(2026, 1, 9)
    )
    MajorReport.objects.create(kind="report", subject="待批复", sent_on=date(2025, 6, 5))
    client = login(director)

    def subjects(**query):
        return [r.subject for r in client.get(reverse("meetings:report_list"), query).context["page_obj"]]

    assert subjects(replied="yes") == ["已批复"]
    assert subjects(replied="no") == ["待批复"]
    assert subjects(year="2025") == ["待批复"]
    assert subjects(kind="request") == ["已批复"]


def test_staff_upload_a_party_document(login, staff):
    response = login(staff).post(
        reverse("meetings:document_create"),
        {
            "kind": "notice",
            "title": "关于召开县委人大工作会议的通知",
            "issued_on": "2026-05-12",
            "upload": SimpleUploadedFile("通知.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = PartyDocument.objects.get()
    assert document.file.read() == PDF


def test_a_file_that_is_not_what_it_says_is_refused_at_the_field(login, staff):
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:document_create"),
            {
                "kind": "notice",
                "title": "通知",
                "issued_on": "2026-05-12",
                "upload": SimpleUploadedFile("通知.pdf", b"PK\x03\x04 not really anything"),
            },
        )
        expected = str(services.FILE_NOT_WHAT_IT_SAYS) % {"name": "通知.pdf", "kind": "PDF"}
    assert [str(e) for e in response.context["form"].errors["upload"]] == [expected]
    assert not PartyDocument.objects.exists()


def test_the_document_list_filters_by_year_and_kind(login, director):
    PartyDocument.objects.create(kind="notice", title="通知甲", issued_on=date(2026, 5, 12))
    PartyDocument.objects.create(kind="opinion", title="意见乙", issued_on=date(2023, 3, 2))
    client = login(director)

    def titles(**query):
        return [d.title for d in client.get(reverse("meetings:document_list"), query).context["page_obj"]]

    assert titles() == ["通知甲", "意见乙"]
    assert titles(year="2023") == ["意见乙"]
    assert titles(kind="notice") == ["通知甲"]


def test_the_menu_shows_the_registers_to_staff_and_directors_only(users):
    def keys(user):
        return {entry.key for entry in registry.nav_for(user)}

    for who in ("staff", "director", "admin"):
        assert {"meetings.appointments", "meetings.guidance"} <= keys(users[who]), who
    for who in ("deputy", "unit_user"):
        assert not {"meetings.appointments", "meetings.guidance"} & keys(users[who]), who
