"""Portfolio images: what an upload must be, and how it is re-encoded before it is stored.

The content decides, never the name or the browser's type: Pillow must read the file as
JPEG, PNG or WebP and decode it whole (a truncated file fails). The pixel count is checked
from the header before decoding, so a decompression bomb is refused without being unpacked.
Every image is drawn again into a new file, which carries no EXIF, GPS or other metadata,
under a random name.
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

UPLOAD_TO = "portfolio/"
MAX_BYTES = 5 * 1024 * 1024
# A 24-megapixel camera's photo fits; decoding one this size takes about 100 MB at most.
MAX_PIXELS = 25_000_000
# What the portfolio shows: sharp on a high-density screen, small to download.
STORED_SIDE = 1600
# Pillow's format name, the stored extension and the type the image is served as.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = {f".{extension}": content_type for extension, content_type in FORMATS.values()}
JPEG_QUALITY = 85


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"image": [message]}, code=code)


def prepare(upload: IO[bytes], *, size: int | None = None) -> ContentFile:
    """The upload checked and re-encoded, named for storage; a ValidationError otherwise."""
    if size is not None and size > MAX_BYTES:
        raise _refuse("The image must be 5 MB or smaller.", "too_large")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse("The image must be 5 MB or smaller.", "too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise _refuse("Upload the image as JPEG, PNG or WebP.", "format")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(width, height)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        # Not an image Pillow knows, or one whose data ends early or does not decode.
        raise _refuse(
            "This file is not a whole JPEG, PNG or WebP image. Export it again and retry.",
            "unreadable",
        ) from error
    image_format = image.format
    extension = FORMATS[image_format][0]
    drawn = ImageOps.exif_transpose(image)
    drawn.thumbnail((STORED_SIDE, STORED_SIDE))
    output = io.BytesIO()
    if image_format == "JPEG":
        drawn.convert("RGB").save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif image_format == "WEBP":
        if drawn.mode not in ("RGB", "RGBA"):
            drawn = drawn.convert("RGBA")
        drawn.save(output, "WEBP", quality=JPEG_QUALITY)
    else:
        if drawn.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            drawn = drawn.convert("RGBA")
        drawn.save(output, "PNG", optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    size = f" ({width}×{height})" if width and height else ""
    return _refuse(
        f"The image has too many pixels{size}: make it at most {MAX_PIXELS // 1_000_000} "
        "megapixels, such as 6000×4000.",
        "too_many_pixels",
    )
