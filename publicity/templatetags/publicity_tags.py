"""Template filters for publicity: `{{ article.body|markdown }}` renders sanitised HTML."""

from django import template
from django.utils.safestring import SafeString

from publicity.markdown import plain_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text) -> SafeString:
    """Markdown to HTML with every script, event attribute and unsafe link removed (publicity.markdown)."""
    return render_markdown(str(text or ""))


@register.filter(name="plaintext")
def plaintext_filter(text, limit=120) -> str:
    """The text of a Markdown body without markup, cut to `limit` characters."""
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        limit = 120
    return plain_text(str(text or ""), limit)
