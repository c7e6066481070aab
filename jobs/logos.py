"""Company logos: the limits an upload must meet, and the file types served publicly."""

from __future__ import annotations

import warnings
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from PIL import Image

UPLOAD_TO = "company-logos/"
MAX_BYTES = 1024 * 1024
# A logo shows at 64 px on the site and search engines ask for at least 112 px; this leaves
# room for high-density screens while keeping what a browser must decode small.
MAX_SIDE = 2048
# The formats a logo may be, with the type it is served as; the stored name keeps the
# extension FileExtensionValidator allowed.
CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
FORMATS = frozenset({"PNG", "JPEG", "WEBP"})


class LogoFormField(forms.ImageField):
    """An image upload held to the logo limits: bytes, format and pixels.

    Pillow refuses images past Image.MAX_IMAGE_PIXELS (a decompression bomb) and only warns
    below twice that; both come back as a form error saying the image is too large.
    """

    def to_python(self, data: Any) -> File | None:
        if data and getattr(data, "size", 0) > MAX_BYTES:
            raise ValidationError("The logo must be 1 MB or smaller.", code="too_large")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                upload = super().to_python(data)
        except ValidationError as error:
            bomb = (Image.DecompressionBombError, Image.DecompressionBombWarning)
            if isinstance(error.__cause__, bomb):
                raise _too_many_pixels() from error
            raise
        if upload is None:
            return None
        # forms.ImageField leaves the Pillow image it checked on the upload.
        image: Image.Image = cast(Any, upload).image
        if image.format not in FORMATS:
            raise ValidationError("Upload the logo as PNG, JPEG or WebP.", code="format")
        width, height = image.size
        if width > MAX_SIDE or height > MAX_SIDE:
            raise _too_many_pixels(width, height)
        return upload


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    size = f" ({width}×{height})" if width and height else ""
    return ValidationError(
        f"The logo is too large{size}: make it at most {MAX_SIDE}×{MAX_SIDE} pixels.",
        code="too_many_pixels",
    )


class LogoField(models.ImageField):
    """A logo column whose forms (the site's and the admin's) check the logo limits."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or LogoFormField, choices_form_class=choices_form_class, **kwargs
        )
