"""Validation of uploaded images: decoded in full by Pillow before it is kept."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image(file):
    """
    Refuse anything Pillow cannot fully decode, and images too large to decode
    safely (decompression bombs), with a message an editor understands.
    """
    # A stored file was checked when it was uploaded; checking it again on
    # every save would decode it each time and fail if storage lost it.
    if file is None or getattr(file, "_committed", False):
        return
    if file.size is not None and file.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            "This image is %(size)s; the limit is %(limit)s.",
            code="image_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "This image is %(width)s × %(height)s pixels, too large to "
                    "process. Please upload a smaller version.",
                    code="image_too_many_pixels",
                    params={"width": width, "height": height},
                )
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    "Upload a JPEG, PNG, GIF or WebP image.", code="image_format"
                )
            # ``load()`` decodes every pixel, so a truncated file fails here.
            image.load()
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            "This file is not a complete, valid image. Please upload a JPEG, "
            "PNG, GIF or WebP file.",
            code="invalid_image",
        ) from exc
    finally:
        file.seek(position)
