"""Template filters of messaging pages."""

from django import template
from django.utils.safestring import SafeString

from messaging.text import message_html

register = template.Library()


@register.filter(name="message_html")
def message_html_filter(body: str) -> SafeString:
    return message_html(body)
