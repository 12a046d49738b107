"""Files of a suggestion: the type is checked from the content, nothing is left behind when refused,
and a file is downloaded only by those who may see its suggestion."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from proposals import filing
from proposals.models import Attachment, State, Suggestion
from renda.core.workflow import IllegalMove
from tests.proposals.factories import SuggestionFactory
from tests.proposals.filing_helpers import (
    JPEG,
    OLE,
    PDF,
    PNG,
    TEXT,
    docx_bytes,
    files_in,
    pdf,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

CONTENT = "建议在屯里镇中心小学门前增设减速带和交通标志。"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def create(lead, files, **kwargs):
    return filing.suggestion_create(
        lead_deputy=lead,
        title="关于学校门前道路安全的建议",
        content=CONTENT,
        category="education",
        session=None,
        cosigners=[],
        by=kwargs.pop("by", lead.user),
        attachments=files,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("调研报告.pdf", PDF, "application/pdf"),
        ("现场照片.JPG", JPEG, "image/jpeg"),
        ("现场照片.jpeg", JPEG, "image/jpeg"),
        ("示意图.png", PNG, "image/png"),
        (
            "说明.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("统计表.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("说明.doc", OLE, "application/msword"),
        ("统计表.xls", OLE, "application/vnd.ms-excel"),
        ("说明.wps", OLE, "application/vnd.ms-works"),
    ],
)
def test_accepted_files_are_stored_with_the_type_their_content_shows(me, media, name, content, content_type):
    suggestion = create(me, [upload(name, content, "application/octet-stream")])
    attachment = suggestion.attachments.get()
    assert (attachment.name, attachment.content_type, attachment.size) == (name, content_type, len(content))
    assert attachment.kind == Attachment.Kind.FILING
    assert attachment.uploaded_by == me.user
    stored = files_in(media)
    assert len(stored) == 1
    assert stored[0].read_bytes() == content
    # The stored name is made up; the deputy's own name is kept for display and download.
    assert name not in str(stored[0])


@pytest.mark.parametrize(
    ("name", "content", "message", "params"),
    [
        ("调研报告.pdf", PNG, filing.FILE_NOT_WHAT_IT_SAYS, {"kind": "PDF"}),
        ("调研报告.pdf", TEXT, filing.FILE_NOT_WHAT_IT_SAYS, {"kind": "PDF"}),
        ("照片.png", JPEG, filing.FILE_NOT_WHAT_IT_SAYS, {"kind": "PNG"}),
        ("说明.docx", xlsx_bytes(), filing.FILE_NOT_WHAT_IT_SAYS, {"kind": "Word"}),
        ("统计表.xlsx", b"PK\x03\x04 not really a zip", filing.FILE_NOT_WHAT_IT_SAYS, {"kind": "Excel"}),
        ("说明.doc", PDF, filing.FILE_NOT_WHAT_IT_SAYS, {"kind": "Word"}),
        ("程序.exe", b"MZ\x90\x00", filing.FILE_TYPE_NOT_ALLOWED, {}),
        ("没有扩展名", PDF, filing.FILE_TYPE_NOT_ALLOWED, {}),
        ("空文件.pdf", b"", filing.FILE_EMPTY, {}),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_saved(
    me, media, name, content, message, params
):
    with pytest.raises(ValidationError) as exc:
        create(me, [pdf("好的材料.pdf"), upload(name, content)])
    assert exc.value.message_dict == {"attachments": [message % {"name": name, **params}]}
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(media) == []


def test_a_file_over_ten_megabytes_is_refused(me, media):
    big = upload("扫描件.pdf", PDF + b"0" * (filing.UPLOAD_MAX_BYTES - len(PDF) + 1))
    with pytest.raises(ValidationError) as exc:
        create(me, [big])
    assert exc.value.message_dict == {
        "attachments": [filing.FILE_TOO_BIG % {"name": "扫描件.pdf", "limit": 10}]
    }
    assert not Suggestion.objects.exists()
    assert files_in(media) == []


def test_a_file_of_exactly_ten_megabytes_is_taken(me, media):
    exact = upload("扫描件.pdf", PDF + b"0" * (filing.UPLOAD_MAX_BYTES - len(PDF)))
    assert create(me, [exact]).attachments.get().size == filing.UPLOAD_MAX_BYTES


def test_no_more_than_ten_files(me, media):
    with pytest.raises(ValidationError) as exc:
        create(me, [pdf(f"材料{i}.pdf") for i in range(11)])
    assert exc.value.message_dict == {"attachments": [filing.TOO_MANY_FILES % {"limit": 10}]}
    assert files_in(media) == []


def test_files_written_before_a_later_failure_are_removed(me, media, monkeypatch):
    def fail(suggestion, by):
        raise IllegalMove("boom")

    monkeypatch.setattr(filing, "_submit", fail)
    with pytest.raises(IllegalMove):
        create(me, [pdf("一.pdf"), pdf("二.pdf")], submit=True)
    assert not Suggestion.objects.exists()
    assert files_in(media) == []


def test_files_are_added_only_while_the_suggestion_can_be_changed(me, term, media):
    suggestion = SuggestionFactory(lead_deputy=me, term=term, state=State.SUBMITTED)
    with pytest.raises(IllegalMove) as exc:
        filing.attachment_add(suggestion=suggestion, upload=pdf(), kind=Attachment.Kind.FILING, by=me.user)
    assert exc.value.message == filing.NOT_EDITABLE
    assert files_in(media) == []


def test_a_reply_letter_is_checked_the_same_way(me, term, unit_user, media):
    suggestion = SuggestionFactory(lead_deputy=me, term=term, assigned=True)
    with pytest.raises(ValidationError) as exc:
        filing.attachment_add(
            suggestion=suggestion, upload=upload("答复函.pdf", TEXT), kind=Attachment.Kind.REPLY, by=unit_user
        )
    assert exc.value.message_dict == {
        "file": [filing.FILE_NOT_WHAT_IT_SAYS % {"name": "答复函.pdf", "kind": "PDF"}]
    }
    letter = filing.attachment_add(
        suggestion=suggestion, upload=pdf("答复函.pdf"), kind=Attachment.Kind.REPLY, by=unit_user
    )
    assert (letter.kind, letter.content_type) == (Attachment.Kind.REPLY, "application/pdf")


def test_a_removed_file_leaves_the_disk_once_committed(me, media, django_capture_on_commit_callbacks):
    suggestion = create(me, [pdf("旧材料.pdf")])
    old = suggestion.attachments.get()
    with django_capture_on_commit_callbacks(execute=True):
        filing.suggestion_update(
            suggestion=suggestion, by=me.user, remove_attachments=[old], attachments=[pdf("新材料.pdf")]
        )
    assert list(suggestion.attachments.values_list("name", flat=True)) == ["新材料.pdf"]
    assert len(files_in(media)) == 1


def test_a_long_file_name_is_shortened_keeping_its_extension():
    name = filing.display_name("路" * 200 + ".pdf")
    assert len(name) == 150
    assert name.endswith(".pdf")
    assert filing.display_name("C:\\Users\\代表\\材料.pdf") == "材料.pdf"


# Download -------------------------------------------------------------------------------------------


@pytest.fixture
def stored(me, media):
    suggestion = create(me, [upload("调研报告.pdf", PDF)])
    return suggestion.attachments.get()


def test_the_lead_downloads_the_file_as_an_attachment(login, me, stored):
    response = login(me.user).get(reverse("proposals:attachment", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert b"".join(response.streaming_content) == PDF


def test_staff_download_any_file(login, staff, stored):
    assert login(staff).get(reverse("proposals:attachment", args=[stored.pk])).status_code == 200


def test_an_invited_cosigner_downloads_once_the_suggestion_is_submitted(login, me, other, media):
    suggestion = filing.suggestion_create(
        lead_deputy=me,
        title="关于学校门前道路安全的建议",
        content=CONTENT,
        category="education",
        session=None,
        cosigners=[other],
        by=me.user,
        attachments=[pdf()],
    )
    url = reverse("proposals:attachment", args=[suggestion.attachments.get().pk])
    assert login(other.user).get(url).status_code == 404  # still a draft
    filing.suggestion_submit(suggestion=suggestion, by=me.user)
    assert login(other.user).get(url).status_code == 200


@pytest.mark.parametrize("who", ["deputy2", "unit_user", "unit2_user"])
def test_others_get_404_for_a_file_they_may_not_see(login, users, other, stored, who):
    response = login(users[who]).get(reverse("proposals:attachment", args=[stored.pk]))
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, stored):
    response = client.get(reverse("proposals:attachment", args=[stored.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_file_missing_on_disk_answers_404(login, me, stored):
    stored.file.storage.delete(stored.file.name)
    assert login(me.user).get(reverse("proposals:attachment", args=[stored.pk])).status_code == 404
