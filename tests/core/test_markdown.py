"""Markdown as plain text: the words of a note without its markup, for excerpts."""

import pytest

from core.markdown import markdown_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I **love** _onboarding_.", "I love onboarding."),
        ("See [my portfolio](https://example.com/me).", "See my portfolio."),
        ("## Why me\n\n- discovery\n- roadmaps", "Why me discovery roadmaps"),
        ("Fish & chips < 5 `pounds`", "Fish & chips < 5 pounds"),
    ],
)
def test_markdown_text_keeps_the_words_and_drops_the_markup(text, expected):
    """Emphasis, links, headings, lists and code become their words on one line."""
    assert markdown_text(text) == expected


def test_markdown_text_drops_raw_html_and_script_content():
    """Raw HTML in a note leaves no tags, and a script's code is not shown as words."""
    assert markdown_text("Hi <b>there</b><script>alert(1)</script>") == "Hi there"
