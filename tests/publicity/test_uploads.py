"""Uploads are checked by content and size: a cover, a periodical PDF, a video file."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from publicity import services
from publicity.models import Article, PeriodicalIssue, Video
from tests.publicity.factories import ColumnFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_jpg_that_is_really_text_is_refused():
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.check_image(upload("封面.jpg", b"just some text, not a picture"))
    assert exc.value.code == "content"
    assert "封面.jpg" in exc.value.messages[0]


def test_a_too_big_image_is_refused():
    big = upload("cover.png", PNG + b"\x00" * (services.IMAGE_MAX_BYTES + 1))
    with pytest.raises(ValidationError) as exc:
        services.check_image(big)
    assert exc.value.code == "too_big"


@pytest.mark.parametrize(("name", "data"), [("a.png", PNG), ("a.jpg", JPEG), ("a.jpeg", JPEG)])
def test_real_images_pass(name, data):
    services.check_image(upload(name, data))


def test_pdf_and_video_checks():
    services.check_pdf(upload("issue.pdf", PDF))
    services.check_video(upload("clip.mp4", MP4))
    with pytest.raises(ValidationError):
        services.check_pdf(upload("issue.pdf", PNG))
    with pytest.raises(ValidationError):
        services.check_video(upload("clip.mp4", b"<html>not a video</html>" * 3))
    with pytest.raises(ValidationError) as exc:
        services.check_pdf(upload("issue.pdf", b""))
    assert exc.value.code == "empty"


def test_the_article_form_refuses_a_fake_cover_at_the_field(client, editor):
    column = ColumnFactory()
    client.force_login(editor)
    with translation.override("en"):
        response = client.post(
            "/publicity/articles/new/",
            {"title": "标题", "column": column.pk, "body": "正文", "cover": upload("cover.jpg", b"text")},
        )
    assert response.status_code == 200
    assert "cover" in response.context["form"].errors
    assert not Article.objects.exists()


def test_an_article_with_a_real_cover_is_stored_under_a_random_name(client, editor):
    column = ColumnFactory()
    client.force_login(editor)
    response = client.post(
        "/publicity/articles/new/",
        {"title": "标题", "column": column.pk, "body": "正文", "cover": upload("我的封面.png", PNG)},
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.cover.name.startswith("publicity/article/")
    assert "我的封面" not in article.cover.name


def test_a_periodical_issue_upload_needs_a_real_pdf(client, editor):
    client.force_login(editor)
    data = {"year": 2026, "number": 5, "published_on": "2026-11-27", "contents": "卷首语", "is_public": "on"}
    response = client.post("/publicity/periodical/new/", {**data, "pdf": upload("x.pdf", b"not a pdf")})
    assert response.status_code == 200
    assert "pdf" in response.context["form"].errors
    response = client.post("/publicity/periodical/new/", {**data, "pdf": upload("x.pdf", PDF)})
    assert response.status_code == 302
    issue = PeriodicalIssue.objects.get()
    assert issue.pdf_size == len(PDF)
    download = client.get(f"/publicity/periodical/{issue.pk}/pdf/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_video_needs_a_file_or_a_link(client, editor):
    client.force_login(editor)
    data = {"title": "履职专题片", "kind": "feature", "description": ""}
    response = client.post("/publicity/videos/new/", data)
    assert response.status_code == 200
    assert "link" in response.context["form"].errors
    response = client.post("/publicity/videos/new/", {**data, "file": upload("v.mp4", b"fake")})
    assert "file" in response.context["form"].errors
    response = client.post("/publicity/videos/new/", {**data, "file": upload("v.mp4", MP4)})
    assert response.status_code == 302
    assert Video.objects.get().file.name.endswith(".mp4")
    page = client.get("/publicity/videos/").content.decode()
    assert 'preload="none"' in page
    assert "autoplay" not in page
