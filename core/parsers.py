"""Request body parsers for every API endpoint (DRF's DEFAULT_PARSER_CLASSES).

Kept apart from core/api.py: DRF imports its default parsers while it builds its views,
so this module must not import them.
"""

from typing import Any

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering a body nested too deeply to read with 400 like other bad JSON.

    Python's JSON decoder gives up on deep nesting with RecursionError, which DRF's parser
    lets through as a server error.
    """

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                "JSON parse error - arrays or objects nested too deeply"
            ) from None
