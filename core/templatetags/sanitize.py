"""Template filters that show user-written content as sanitized HTML."""

from django import template
from django.utils.safestring import SafeString

from core.markdown import render_markdown, sanitize_html

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text or "")


@register.filter
def sanitized(html: str) -> SafeString:
    return sanitize_html(html or "")
