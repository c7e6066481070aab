"""Widgets for long choice lists, such as every country or every skill, rendered in Python.

Django renders a Select or CheckboxSelectMultiple through one template per option, tens of
milliseconds for a few hundred options. These build the same markup with format_html, which
escapes every value and label. Choices must be flat: option groups are not supported.
"""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.forms.widgets import ChoiceWidget
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Constants, no input in them.
SELECTED = mark_safe(" selected")  # noqa: S308
CHECKED = mark_safe(" checked")  # noqa: S308


class LongSelect(forms.Select):
    """A menu of many options where at most one is chosen."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        found = False  # Like Django's Select, select only the first option with the value.
        options = []
        for option_value, label, chosen in _options(self, value):
            selected = chosen and not found
            found = found or selected
            options.append((option_value, SELECTED if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '\n  <option value="{}"{}>{}</option>', options),
        )


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes as a list, each followed by its label, for templates/partials/choice_group.html.

    Each checkbox takes the group's id numbered as Django numbers it (id_level_0, id_level_1...)
    and the group's other attributes, such as aria-invalid.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        shared = self.build_attrs(self.attrs, attrs)
        group_id = shared.pop("id", None)
        if not group_id:
            # Without ids a label cannot point at its checkbox: Django's markup wraps it instead.
            return super().render(name, value, attrs, renderer)
        # Escaped once here; format_html leaves what is already safe as it is.
        name, shared_attrs = conditional_escape(name), flatatt(shared)
        items = []
        for index, (option_value, label, chosen) in enumerate(_options(self, value)):
            option_id = f"{group_id}_{index}"
            checked = CHECKED if chosen else ""
            items.append((name, option_value, option_id, shared_attrs, checked, label))
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><input type="checkbox" name="{0}" value="{1}" id="{2}"{3}{4}>'
                ' <label for="{2}">{5}</label></li>',
                items,
            ),
        )


def _options(widget: ChoiceWidget, value: Any) -> Iterator[tuple[str, Any, bool]]:
    """Each choice as (value as text, label, whether ``value`` holds it)."""
    chosen = set(widget.format_value(value))
    for option_value, label in widget.choices:
        text = "" if option_value is None else str(option_value)
        yield text, label, text in chosen
