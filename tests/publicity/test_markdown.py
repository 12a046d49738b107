"""Markdown through the `markdown` template filter: formatting kept, anything active removed."""

import pytest
from django.template import Context, Template

RENDER = Template("{% load publicity_tags %}{{ body|markdown }}")


def render(body: str) -> str:
    return RENDER.render(Context({"body": body}))


def test_markdown_is_rendered():
    html = render("# 标题\n\n**加粗** 和 [链接](https://example.com)\n\n- 一\n- 二")
    assert "<h2>标题</h2>" in html
    assert "<strong>加粗</strong>" in html
    assert '<a href="https://example.com"' in html
    assert "<li>一</li>" in html


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("<script>alert(1)</script>正文", "<script"),
        ("正文<img src=x onerror=alert(1)>", "onerror"),
        ('<a href="#" onclick="alert(1)">点我</a>', "onclick"),
        ("[点我](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">点我</a>', "javascript"),
        ("![图](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", "data:"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
        ('<iframe src="https://evil.example.com"></iframe>', "<iframe"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
    ],
)
def test_active_content_is_rendered_harmless(body, forbidden):
    html = render(body)
    assert forbidden.lower() not in html.lower()


def test_plain_text_is_escaped_not_executed():
    html = render("a < b & c")
    assert "a &lt; b &amp; c" in html
