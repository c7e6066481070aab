"""Company logos, served from the upload storage to every visitor."""

from datetime import datetime
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from jobs import logos

# A replaced logo is stored under a new name, so a day's caching shows no stale logo for long;
# Last-Modified lets a browser check a cached copy after that without downloading it again.
CACHE_SECONDS = 24 * 60 * 60


def _logo_name(name: str) -> str:
    """The storage name of a logo, or 404 for anything that is not one."""
    path = PurePosixPath(name)
    if (
        "\x00" in name
        or path.parts[:1] != (logos.UPLOAD_TO.rstrip("/"),)
        or ".." in path.parts
        or path.suffix.lower() not in logos.CONTENT_TYPES
    ):
        raise Http404("No such logo.")
    return str(path)


def _last_modified(request: HttpRequest, name: str) -> datetime | None:
    try:
        return default_storage.get_modified_time(_logo_name(name))
    except (Http404, OSError, SuspiciousFileOperation):
        return None


@require_safe
@condition(last_modified_func=_last_modified)
def company_logo(request: HttpRequest, name: str) -> FileResponse:
    stored = _logo_name(name)
    try:
        file = default_storage.open(stored)
    except (OSError, SuspiciousFileOperation) as error:
        raise Http404("No such logo.") from error
    content_type = logos.CONTENT_TYPES[PurePosixPath(stored).suffix.lower()]
    response = FileResponse(file, content_type=content_type)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    # Set here as well as by SecurityMiddleware: an upload must never be sniffed as markup.
    response["X-Content-Type-Options"] = "nosniff"
    return response
