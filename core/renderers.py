"""A form renderer that writes Django's plainest widget and label templates in Python.

Django renders each input, menu, menu option and label through a template: a menu of six
options costs more than half a millisecond, most of it the template engine including
attrs.html once for the menu and once for every option. PythonRenderer writes the same
markup for text and number inputs, menus and labels, from the context Django builds for
those templates, and leaves every other template to Django. The markup is Django's own
(tests/core/test_renderers.py renders both ways and compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class PythonRenderer(DjangoTemplates):
    """Django's default form renderer, with inputs, menus and labels written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = WRITERS.get(template_name)
        markup = None if write is None else write(context)
        return super().render(template_name, context, request) if markup is None else markup


def _value(value: Any) -> str:
    """A value as ``{{ value|stringformat:'s' }}`` writes it."""
    return conditional_escape(value)


def _text(value: Any) -> str:
    """Text as ``{{ value }}`` writes it: a number localized, then escaped unless safe."""
    return conditional_escape(localize(value))


def _attrs(attrs: Mapping[str, Any] | None) -> str:
    """Attributes as django/forms/attrs.html and django/forms/widgets/attrs.html write them."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_value(value)}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _input(context: dict[str, Any]) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_value(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _select(context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    optgroups = widget["optgroups"]
    if any(o["template_name"] != OPTION_TEMPLATE for _, options, _ in optgroups for o in options):
        return None  # options of another template: Django renders the menu
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _option(option: dict[str, Any]) -> str:
    return (
        f'<option value="{_value(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


def _label(context: dict[str, Any]) -> str:
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
}
