"""User-written Markdown and third-party HTML, turned into safe HTML or plain text."""

import html
import re
import threading

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th",
    "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def sanitize_html(html: str) -> SafeString:
    """Keep only formatting tags; links get rel="nofollow noopener noreferrer"."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    # nh3 has just removed every tag and attribute outside the allow-lists above.
    return mark_safe(cleaned)  # noqa: S308


def render_markdown(text: str) -> SafeString:
    """Render Markdown to sanitized HTML; raw HTML in the input is sanitized too."""
    return sanitize_html(_converter().reset().convert(text))


def markdown_text(text: str) -> str:
    """The words of Markdown ``text`` as one line of plain text, for excerpts and summaries."""
    words = nh3.clean(_converter().reset().convert(text), tags=set())
    # nh3 escapes the text it keeps; the template that shows the excerpt escapes it again.
    return _SPACES.sub(" ", html.unescape(words)).strip()


_SPACES = re.compile(r"\s+")
_thread = threading.local()


def _converter() -> markdown_lib.Markdown:
    """One Markdown converter per thread: building one costs more than a conversion."""
    if not hasattr(_thread, "converter"):
        _thread.converter = markdown_lib.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return _thread.converter
