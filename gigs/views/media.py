"""Portfolio images, served from the upload storage to every visitor."""

import re

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from gigs import portfolio_images

# The names gigs.portfolio_images gives: a random hex name and one of its extensions. Any
# other name, whatever else sits in the folder, is not served.
_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")
# A stored image never changes: a new upload gets a new random name.
CACHE_SECONDS = 365 * 24 * 60 * 60


@require_safe
def portfolio_image(request: HttpRequest, name: str) -> FileResponse:
    found = _NAME.match(name)
    if not found:
        raise Http404("No such image.")
    try:
        file = default_storage.open(portfolio_images.UPLOAD_TO + name)
    except (OSError, SuspiciousFileOperation) as error:
        raise Http404("No such image.") from error
    response = FileResponse(file, content_type=portfolio_images.CONTENT_TYPES[f".{found[1]}"])
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS, immutable=True)
    # Set here as well as by SecurityMiddleware: an upload must never be sniffed as markup.
    response["X-Content-Type-Options"] = "nosniff"
    return response
