"""Markdown to HTML that is safe to put on a page.

Articles are written in Markdown by staff; the HTML that Markdown produces (and any HTML typed into
the text) passes through nh3, which keeps an allow-list of tags and attributes and drops the rest:
no <script>, no on* event attributes, no javascript: or data: links, no style. Links to other sites
get rel="noopener noreferrer nofollow".
"""

import html

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "code", "pre", "sup", "sub",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    rendered = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    # h1 is the page's own title: an article's "# heading" becomes h2.
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>").replace("<h1 ", "<h2 ")
    clean = nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 -- nh3 has just sanitised it


def plain_text(text: str, limit: int = 120) -> str:
    """The article's text without markup, for summaries and search results."""
    clean = nh3.clean(md.markdown(text or ""), tags=set())
    clean = " ".join(html.unescape(clean).split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"
