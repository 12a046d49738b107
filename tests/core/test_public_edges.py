"""The edges of the public portal that live in core: robots.txt, the portal's own 404, and the
password-change redirect that must not keep a signed-in user from the public pages."""

import pytest
from django.utils import translation


@pytest.mark.django_db
def test_robots_txt_allows_the_portal_only(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Allow: /public/" in body
    assert "Disallow: /" in body
    assert "Sitemap: http://testserver/public/sitemap.xml" in body


@pytest.mark.django_db
def test_a_missing_public_page_leads_back_to_the_portal(client):
    with translation.override("en"):
        response = client.get("/public/no-such-page/", HTTP_COOKIE="django_language=en")
    assert response.status_code == 404
    assert b'href="/public/"' in response.content
    assert b"/accounts/login/" not in response.content


@pytest.mark.django_db
def test_a_missing_staff_page_keeps_the_staff_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b'href="/public/"' not in response.content


@pytest.mark.django_db
def test_a_user_who_must_change_password_still_reads_the_portal(client, staff):
    staff.must_change_password = True
    staff.save(update_fields=["must_change_password"])
    client.force_login(staff)
    assert client.get("/public/").status_code == 200
    assert client.get("/deputies/").status_code == 302
