"""The text validators: one line without control characters, or many lines with breaks."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from drf_spectacular.generators import SchemaGenerator
from hypothesis import given
from hypothesis import strategies as st

from core.validators import validate_multi_line, validate_single_line
from tests.strategies import BOUNDED

CONTROLS = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("text", ["Product Manager", "Zürich", "数据产品经理", "A–Z 😀", ""])
def test_printable_text_passes_both(text):
    """Letters of any script, punctuation and emoji are text, on one line or many."""
    validate_single_line(text)
    validate_multi_line(text)


@pytest.mark.parametrize("control", [*CONTROLS, "\n", "\r", "\t"])
def test_one_line_refuses_every_control_character(control):
    """A single-line field refuses NUL, CR, LF, tab and every other control character."""
    with pytest.raises(ValidationError) as refused:
        validate_single_line(f"Product{control}Manager")
    assert refused.value.code == "control_characters"


@pytest.mark.parametrize("control", CONTROLS)
def test_many_lines_refuse_control_characters_but_breaks(control):
    """A multi-line field refuses NUL and controls other than tab and line breaks."""
    with pytest.raises(ValidationError):
        validate_multi_line(f"Line one{control}\nLine two")


def test_many_lines_keep_tabs_and_line_breaks():
    """Tabs, LF and the CRLF browsers send for a textarea's breaks are multi-line text."""
    validate_multi_line("Line one\r\nLine two\n\tIndented")


@BOUNDED
@given(text=st.text())
def test_single_line_passes_exactly_text_without_controls(text):
    """The single-line rule is: no character of Unicode category Cc."""
    has_control = any(unicodedata.category(char) == "Cc" for char in text)
    try:
        validate_single_line(text)
    except ValidationError:
        assert has_control
    else:
        assert not has_control


def test_the_api_schema_states_no_pattern_for_text_without_control_characters():
    """The schema has no pattern a valid name would fail: the validators refuse characters,
    which a JSON Schema pattern (a text that must match) cannot say."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    name = schema["components"]["schemas"]["CompanySummary"]["properties"]["name"]
    assert "pattern" not in name
