"""A message's plain text as HTML: escaped, links made clickable, line breaks kept."""

from django.utils.html import urlize
from django.utils.safestring import SafeString

from core.markdown import sanitize_html


def message_html(body: str) -> SafeString:
    """Escape ``body``, turn its URLs and e-mail addresses into links, keep its line breaks.

    urlize escapes everything that is not a link; the portal's sanitizer then keeps only
    those links and breaks, with rel="nofollow noopener noreferrer" and web or mail schemes.
    """
    linked = urlize(body, nofollow=True, autoescape=True)
    return sanitize_html(linked.replace("\r\n", "\n").replace("\n", "<br>\n"))
