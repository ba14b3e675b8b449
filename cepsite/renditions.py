"""
Renditions of uploaded images: each stored image in a few widths, as WebP and
as JPEG for browsers without WebP, made by django-imagekit from the stored,
re-encoded upload (see ``cepsite.images``), so no size carries metadata.

They are made when the image is stored (``manage.py make_renditions`` makes
any that are missing), and a page names them without touching storage or
the database: ``Picture`` builds every address from the image's name and the
dimensions kept on its row.
"""

from dataclasses import dataclass

from django.core.files import File
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from pilkit.processors import MakeOpaque, ResizeToFit

# The widths offered to the browser, which picks by the layout's ``sizes``.
WIDTHS = (320, 640, 960, 1280)
THUMBNAIL_WIDTH = 320
FORMATS = {
    "WEBP": ("image/webp", {"quality": 80, "method": 4}),
    "JPEG": ("image/jpeg", {"quality": 82, "optimize": True, "progressive": True}),
}
# The last is what an <img> falls back to.
SOURCE_FORMATS = ("WEBP",)
FALLBACK_FORMAT = "JPEG"


class Rendition(ImageSpec):
    """``source`` scaled down to ``width`` in ``fmt``; never scaled up."""

    # Made when the image is stored: naming one never checks storage.
    cachefile_strategy = "imagekit.cachefiles.strategies.Optimistic"

    def __init__(self, source, *, width, fmt):
        self.processors = [ResizeToFit(width=width, upscale=False)]
        if fmt == "JPEG":
            self.processors.insert(0, MakeOpaque())
        self.format = fmt
        self.options = FORMATS[fmt][1]
        super().__init__(source)


def widths(original_width):
    """The rendition widths for an image ``original_width`` pixels wide."""
    if not original_width:
        return []
    return sorted({min(width, original_width) for width in WIDTHS})


def _file(storage, source, width, fmt):
    return ImageCacheFile(Rendition(source, width=width, fmt=fmt), storage=storage)


def _every(storage, source, original_width):
    for width in widths(original_width):
        for fmt in FORMATS:
            yield _file(storage, source, width, fmt)


def names(storage, name, original_width):
    """The storage names of the renditions of the image stored as ``name``."""
    source = File(None, name=name)
    return [rendition.name for rendition in _every(storage, source, original_width)]


def make_all(storage, name, original_width, *, missing_only=False):
    """
    Make the renditions of the image stored as ``name`` in ``storage`` and
    return their names; an error of the storage is raised as it is.
    """
    made = []
    with storage.open(name, "rb") as stored:
        source = File(stored, name=name)
        for rendition in _every(storage, source, original_width):
            if missing_only and storage.exists(rendition.name):
                continue
            stored.seek(0)
            # Written straight to storage: the cache imagekit keeps of what
            # exists is not needed when every rendition is made here.
            rendition._generate()
            made.append(rendition.name)
    return made


@dataclass(frozen=True)
class Source:
    """One ``<source>`` of a ``<picture>``: a type and its candidates."""

    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """
    What a template needs to show an image: the ``<source>`` elements, the
    fallback ``src`` and ``srcset``, and the intrinsic ``width`` and
    ``height`` (which keep the layout still while it loads).
    """

    src: str
    width: int | None
    height: int | None
    sources: tuple = ()
    srcset: str = ""
    thumbnail: str = ""

    @classmethod
    def of(cls, file):
        """The picture for the stored image ``file`` (an ``ImageFieldFile``)."""
        if not file:
            return None
        field, instance = file.field, file.instance
        width = (
            getattr(instance, field.width_field, None) if field.width_field else None
        )
        height = (
            getattr(instance, field.height_field, None) if field.height_field else None
        )
        if not (width and height):
            # Dimensions unknown (an image stored before they were kept): the
            # upload itself, until ``make_renditions`` runs.
            return cls(src=file.url, width=None, height=None, thumbnail=file.url)
        urls = {
            fmt: [
                (size, _file(file.storage, file, size, fmt).url)
                for size in widths(width)
            ]
            for fmt in FORMATS
        }
        srcsets = {
            fmt: ", ".join(f"{url} {size}w" for size, url in candidates)
            for fmt, candidates in urls.items()
        }
        fallback = urls[FALLBACK_FORMAT]
        thumbnail = next(
            (url for size, url in fallback if size >= THUMBNAIL_WIDTH), fallback[-1][1]
        )
        return cls(
            src=fallback[-1][1],
            width=width,
            height=height,
            sources=tuple(
                Source(FORMATS[fmt][0], srcsets[fmt]) for fmt in SOURCE_FORMATS
            ),
            srcset=srcsets[FALLBACK_FORMAT],
            thumbnail=thumbnail,
        )
