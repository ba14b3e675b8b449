"""
Uploaded images: decoded in full by Pillow before they are accepted, then
stored re-encoded from their pixels alone, so nothing an upload carried
besides its picture (EXIF with GPS and camera, XMP, IPTC, comments, bytes
after the image's end) reaches the site's storage or its readers.

``ImageField`` is the model field every upload goes through. A storage that
fails while saving (a full disk) leaves nothing behind and is reported as
``ImageNotStored``, which ``ImageUploadAdminMixin`` turns into a form error.
"""

import errno
import logging
from io import BytesIO

from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from PIL import Image, ImageCms, ImageOps, ImageSequence

from cepsite import renditions

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
# The modes each format writes as they are; any other is converted.
_SAVED_MODES = {
    "JPEG": {"L", "RGB", "CMYK"},
    "PNG": {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"},
    "GIF": {"L", "P"},
    "WEBP": {"RGB", "RGBA"},
}
_SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "GIF": {},
    "WEBP": {"quality": 90, "method": 4},
}
NOT_STORED_MESSAGE = (
    "The image could not be stored: %(reason)s. Nothing was saved; please try "
    "again later or tell the site's administrators."
)


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
            # Every frame of an animation is decoded when it is re-encoded.
            frames = getattr(image, "n_frames", 1)
            if frames > 1 and width * height * frames > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    "This animation has %(frames)s frames of %(width)s × "
                    "%(height)s pixels, too many to process. Please upload a "
                    "shorter or smaller one.",
                    code="image_too_many_frames",
                    params={"frames": frames, "width": width, "height": height},
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


# Re-encoding.


def _colour_profile(image):
    """The ICC profile, if the colours need one: none for plain sRGB."""
    profile = image.info.get("icc_profile")
    if not profile:
        return None
    try:
        described = ImageCms.getProfileDescription(
            ImageCms.ImageCmsProfile(BytesIO(profile))
        )
    except (OSError, ImageCms.PyCMSError):
        # A profile that does not parse describes no colours worth keeping.
        return None
    return None if "srgb" in described.lower() else profile


def _pixels_only(frame, fmt):
    """A new image holding ``frame``'s pixels upright, and nothing else."""
    upright = ImageOps.exif_transpose(frame)
    if upright.mode not in _SAVED_MODES[fmt]:
        transparent = upright.has_transparency_data and fmt != "JPEG"
        upright = upright.convert("RGBA" if transparent else "RGB")
        if fmt == "GIF":
            upright = upright.convert("P", palette=Image.Palette.ADAPTIVE)
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    if upright.mode in ("P", "PA"):
        clean.putpalette(upright.getpalette() or [])
    if "transparency" in upright.info:
        clean.info["transparency"] = upright.info["transparency"]
    return clean


def reencode(file):
    """
    Return ``(content, width, height)``: the image in ``file`` written anew in
    its own format from its pixels, turned upright, with no metadata but a
    colour profile that is not plain sRGB.
    """
    file.seek(0)
    with Image.open(file) as image:
        fmt = image.format
        profile = _colour_profile(image)
        frames, durations = [], []
        for frame in ImageSequence.Iterator(image):
            frames.append(_pixels_only(frame, fmt))
            durations.append(frame.info.get("duration"))
        loop = image.info.get("loop")
    first, *rest = frames
    options = dict(_SAVE_OPTIONS[fmt])
    if profile and fmt in ("JPEG", "PNG", "WEBP"):
        options["icc_profile"] = profile
    if rest:
        options.update(save_all=True, append_images=rest)
        if all(durations):
            options["duration"] = durations
        if loop is not None:
            options["loop"] = loop
    if "transparency" in first.info and fmt in ("PNG", "GIF"):
        options["transparency"] = first.info["transparency"]
    buffer = BytesIO()
    first.save(buffer, fmt, **options)
    return ContentFile(buffer.getvalue()), first.width, first.height


# Storing.


class ImageNotStored(Exception):
    """Storage failed while an upload was saved; nothing of it was kept."""

    def __init__(self, field_name, reason):
        super().__init__(f"{field_name}: {reason}")
        self.field_name = field_name
        self.reason = reason

    @property
    def message(self):
        return NOT_STORED_MESSAGE % {"reason": self.reason}


def _reason(error):
    if getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return "the storage is full"
    return "the storage reported an error"


def discard(storage, names):
    """Delete ``names`` from ``storage`` where they exist, as far as it lets us."""
    for name in names:
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            logger.exception("Could not delete %s after a failed upload", name)


class ImageFieldFile(models.fields.files.ImageFieldFile):
    @property
    def picture(self):
        """The renditions of this image (see ``cepsite.renditions``)."""
        return renditions.Picture.of(self)

    def save(self, name, content, save=True):
        # Every way a file reaches the field (a form's upload at the model's
        # save, or ``image.save()`` in code) stores it re-encoded.
        field = self.field
        self.name, width, height = field.store(self.instance, name, content)
        setattr(self.instance, field.attname, self.name)
        self._committed = True
        if field.width_field:
            setattr(self.instance, field.width_field, width)
        if field.height_field:
            setattr(self.instance, field.height_field, height)
        if save:
            self.instance.save()

    save.alters_data = True


class ImageField(models.ImageField):
    """
    An image upload stored re-encoded from its pixels, with its renditions,
    its dimensions in ``width_field`` and ``height_field`` when they are set
    (read from the stored file, never again when a row is loaded).
    """

    attr_class = ImageFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image])
        super().__init__(*args, **kwargs)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Dimensions are written when an image is stored (``ImageFieldFile``);
        # reading them from the file each time a row loads would open it.
        return

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        # An image named rather than uploaded (an import, a restore) is
        # measured and given its renditions once, when its row is saved.
        if file and self.width_field and self.height_field:
            known = model_instance.__dict__
            if self.width_field in known and not known[self.width_field]:
                self._complete(model_instance, file)
        return file

    def _complete(self, instance, file):
        try:
            with (
                file.storage.open(file.name, "rb") as stored,
                Image.open(stored) as image,
            ):
                width, height = image.size
            renditions.make_all(file.storage, file.name, width, missing_only=True)
        except (OSError, SyntaxError, ValueError):
            logger.warning("Could not read %s for its size and renditions", file.name)
            return
        setattr(instance, self.width_field, width)
        setattr(instance, self.height_field, height)

    def store(self, instance, name, content):
        """
        Store ``content`` re-encoded, with its renditions, under a name made
        from ``name``; return ``(stored name, width, height)``. A storage
        error removes whatever was written and raises ``ImageNotStored``.
        """
        content, width, height = reencode(content)
        storage = self.storage
        name = storage.get_available_name(
            self.generate_filename(instance, name), max_length=self.max_length
        )
        made = [name]
        try:
            stored = storage.save(name, content, max_length=self.max_length)
            made = [stored, *renditions.names(storage, stored, width)]
            renditions.make_all(storage, stored, width)
        except OSError as error:
            discard(storage, made)
            logger.exception("Storing an upload failed")
            raise ImageNotStored(self.name, _reason(error)) from error
        return stored, width, height

    def formfield(self, **kwargs):
        if kwargs.get("widget") is AdminFileWidget:
            kwargs["widget"] = ThumbnailFileWidget
        return super().formfield(**kwargs)


class ThumbnailFileWidget(AdminFileWidget):
    """The admin's file input, with a thumbnail of the stored image above it."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        picture = getattr(value, "picture", None) if self.is_initial(value) else None
        if picture is None:
            return html
        return format_html(
            '<p class="image-thumbnail"><img src="{}" alt="" width="160"></p>{}',
            picture.thumbnail,
            html,
        )


class ImageUploadAdminMixin:
    """
    Admin changes whose upload could not be stored come back as the form,
    with the reason on the image's field; the failed save was rolled back.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageNotStored as failure:
            request.image_not_stored = failure
            for file in request.FILES.values():
                file.seek(0)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        failure = getattr(request, "image_not_stored", None)
        if failure is None:
            return form

        class NotStored(form):
            def clean(self):
                cleaned_data = super().clean()
                field = (
                    failure.field_name if failure.field_name in self.fields else None
                )
                self.add_error(field, failure.message)
                return cleaned_data

        return NotStored


def image_fields():
    """``(model, field)`` for every model field holding uploaded images."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ImageField):
                yield model, field


def renditions_complete(*, model, field):
    """
    Record the dimensions of ``field``'s images on ``model`` rows that lack
    them and make every missing rendition; return ``(made, unreadable)``,
    the counts of images completed and of those storage could not read.
    """
    made = unreadable = 0
    items = model._base_manager.exclude(**{field.attname: ""}).only(
        "pk", field.attname, *filter(None, [field.width_field, field.height_field])
    )
    for item in items.iterator():
        file = getattr(item, field.attname)
        try:
            with file.open("rb"), Image.open(file) as image:
                width, height = image.size
            renditions.make_all(file.storage, file.name, width, missing_only=True)
        except (OSError, SyntaxError, ValueError):
            logger.warning("Could not read %s for its renditions", file.name)
            unreadable += 1
            continue
        sizes = {field.width_field: width, field.height_field: height}
        sizes.pop(None, None)
        if sizes:
            model._base_manager.filter(pk=item.pk).update(**sizes)
        made += 1
    return made, unreadable
