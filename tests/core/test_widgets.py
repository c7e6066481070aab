"""Widgets that render long choice lists in Python: escaping, once per text and type."""

from django.utils.safestring import mark_safe

from core.widgets import CheckboxList, LongSelect

CHOICES = [("safe", mark_safe("<b>Bold</b>")), ("plain", "<b>Bold</b>"), ("amp", "R&D")]


def test_a_safe_label_stays_as_it_is_and_the_same_text_unsafe_is_escaped():
    """Remembering escaped labels keeps a safe label apart from the same text as plain text."""
    for _ in range(2):
        menu = LongSelect(choices=CHOICES).render("kind", "plain")

        assert '<option value="safe"><b>Bold</b></option>' in menu
        assert '<option value="plain" selected>&lt;b&gt;Bold&lt;/b&gt;</option>' in menu
        assert '<option value="amp">R&amp;D</option>' in menu


def test_checkboxes_escape_labels_as_menus_do():
    boxes = CheckboxList(choices=list(reversed(CHOICES))).render("kind", ["safe"], {"id": "k"})

    assert '<label for="k_0">R&amp;D</label>' in boxes
    assert '<label for="k_1">&lt;b&gt;Bold&lt;/b&gt;</label>' in boxes
    assert 'value="safe" id="k_2" checked> <label for="k_2"><b>Bold</b></label>' in boxes
