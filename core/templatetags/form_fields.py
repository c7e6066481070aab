"""partials/field.html and partials/choice_group.html, written in Python for busy forms.

The job search shows fourteen fields on every board page. Through the two templates each
field's frame (label, errors, help text) cost more than the field itself, most of it the
template engine including templates and looking the same few values up again and again.
These tags write the same markup, byte for byte (tests/core/test_form_fields.py renders both
ways and compares them); the templates stay the reference, and serve every other form.
"""

from django import template
from django.forms import BoundField
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    """What ``{% include "partials/field.html" with field=field %}`` writes."""
    invalid = " field-invalid" if field.errors else ""
    if field.use_fieldset:
        described = field.aria_describedby
        described_by = f' aria-describedby="{_text(described)}"' if described else ""
        markup = (
            f'\n\n  <fieldset class="field field-group{invalid}"{described_by}>\n'
            f"    <legend>{_text(field.label)}</legend>\n"
            f"    {_text(field)}\n"
            f"    {_notes(field)}\n"
            "  </fieldset>\n\n"
        )
    else:
        if field.widget_type == "checkbox":
            label = f'<label for="{_text(field.id_for_label)}">{_text(field.label)}</label>'
            kind, inside = " field-check", f"{_text(field)} {label}"
        else:
            kind, inside = "", f"{_text(field.label_tag())}\n      {_text(field)}"
        markup = (
            f'\n\n  <div class="field{kind}{invalid}">\n'
            f"    \n      {inside}\n    \n"
            f"    {_notes(field)}\n"
            "  </div>\n\n"
        )
    return mark_safe(markup)  # noqa: S308 (every value in it is escaped or was safe)


@register.simple_tag
def choice_group(field: BoundField) -> SafeString:
    """What ``{% include "partials/choice_group.html" with field=field %}`` writes."""
    auto_id = _text(field.auto_id)
    notes = {f"{auto_id}_helptext": field.help_text, f"{auto_id}_error": field.errors}
    described = " ".join(note for note, shown in notes.items() if shown)
    described_by = f' aria-describedby="{described}"' if described else ""
    help_text = (
        f'<p class="help" id="{auto_id}_helptext">{_text(field.help_text)}</p>'
        if field.help_text
        else ""
    )
    markup = (
        f'\n<fieldset class="field choice-group{" field-invalid" if field.errors else ""}"'
        f"{described_by}>\n"
        f"  <legend>{_text(field.label)}</legend>\n"
        f"  {_text(field)}\n"
        f"  {help_text}\n"
        f"  {_errors(field)}\n"
        "</fieldset>\n"
    )
    return mark_safe(markup)  # noqa: S308 (every value in it is escaped or was safe)


def _notes(field: BoundField) -> str:
    """What partials/field_notes.html writes."""
    help_text = (
        f'<div class="help" id="{_text(field.auto_id)}_helptext">{_text(field.help_text)}</div>'
        if field.help_text
        else ""
    )
    return f"{_errors(field)}\n{help_text}\n"


def _errors(field: BoundField) -> str:
    if not field.errors:
        return ""
    items = "".join(f"<li>{_text(error)}</li>" for error in field.errors)
    return f'<ul class="errorlist" id="{_text(field.auto_id)}_error">{items}</ul>'


def _text(value: object) -> str:
    """A value as ``{{ value }}`` writes it: localized, made text, escaped unless safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))
