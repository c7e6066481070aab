"""Embed JSON-LD in a page, escaped so no value can close the script element."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)
    # Every <, > and & is escaped above, so the JSON cannot end the element early.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
