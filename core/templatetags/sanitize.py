"""Template filters that show user-written content as sanitized HTML or plain text."""

from django import template
from django.utils.safestring import SafeString

from core.markdown import markdown_text, render_markdown, sanitize_html

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text or "")


@register.filter
def sanitized(html: str) -> SafeString:
    return sanitize_html(html or "")


@register.filter
def plain_text(text: str) -> str:
    """Markdown as its words alone, to be escaped like any text: for excerpts."""
    return markdown_text(text or "")
