"""Widgets for long choice lists, such as every country or every skill, rendered in Python.

Django renders a Select or CheckboxSelectMultiple through one template per option: a few
hundred template renders for every country or skill. These build the same markup in Python,
escaping every value and label once with conditional_escape, as the templates do; joining the
options as plain text, not one format_html call each, halves what a long list costs.
Choices must be flat: option groups are not supported.
"""

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.forms.widgets import ChoiceWidget
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


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
            options.append(
                f'\n  <option value="{option_value}"{" selected" if selected else ""}>'
                f"{label}</option>"
            )
        # _options escaped every value and label.
        markup = mark_safe("".join(options))  # noqa: S308
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            markup,
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
        name, shared_attrs, group_id = (
            conditional_escape(name),
            flatatt(shared),
            conditional_escape(group_id),
        )
        items = []
        for index, (option_value, label, chosen) in enumerate(_options(self, value)):
            option_id = f"{group_id}_{index}"
            items.append(
                f'<li><input type="checkbox" name="{name}" value="{option_value}" '
                f'id="{option_id}"{shared_attrs}{" checked" if chosen else ""}>'
                f' <label for="{option_id}">{label}</label></li>'
            )
        # Every part was escaped above: the name, the attributes, the ids and _options' values.
        return mark_safe(f"<ul>{''.join(items)}</ul>")  # noqa: S308


def _options(widget: ChoiceWidget, value: Any) -> Iterator[tuple[SafeString, SafeString, bool]]:
    """Each choice as (value as escaped text, escaped label, whether ``value`` holds it)."""
    chosen = set(widget.format_value(value))
    for option_value, label in widget.choices:
        text = "" if option_value is None else str(option_value)
        # str() keeps a safe label safe; option groups, which would not be text, are unsupported.
        yield _escape(text), _escape(str(label)), text in chosen


# A menu's values and labels are the same on every page (every country, every skill): each
# is escaped once. ``typed`` keeps a safe string apart from the same text unescaped.
_escape = lru_cache(maxsize=4096, typed=True)(conditional_escape)
