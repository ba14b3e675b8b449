"""
Rich text written by staff: the admin editor and the allow-list it is cleaned
against.

The editor offers exactly what the allow-list keeps, and every save cleans
the HTML again on the server, whatever path it came in by (admin, import,
demo content), so nothing a staff member types can run script for a reader.

Images are kept only from the site's own media (``MEDIA_URL``, as a path or
on one of the site's own hosts): an image from elsewhere would tell its
server who reads the page, and could change after an editor checked it.
"""

import posixpath
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django_prose_editor.fields import ProseEditorField

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr",
    "img", "figure", "figcaption", "code", "pre",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
}

URL_SCHEMES = {"http", "https", "mailto"}


def _own_hosts():
    # The hosts the site answers to, without wildcards.
    return {
        host.lstrip(".").lower()
        for host in settings.ALLOWED_HOSTS
        if host and host != "*"
    }


def is_own_media(src):
    """Whether the image address ``src`` is a file of the site's own media."""
    media = urlsplit(settings.MEDIA_URL)
    url = urlsplit(src.strip())
    if media.netloc:
        # Media served from a host of their own: only from there.
        own = url.scheme == media.scheme and url.netloc == media.netloc
    elif url.netloc or url.scheme:
        own = url.scheme in {"http", "https"} and (url.hostname or "") in _own_hosts()
    else:
        own = True
    # A file under the media folder, "/media/../" and the like resolved.
    path = posixpath.normpath(url.path) if url.path else ""
    return own and path.startswith(media.path.rstrip("/") + "/")


def _attribute_filter(tag, attribute, value):
    if tag == "img" and attribute == "src" and not is_own_media(value):
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_attribute_filter,
)

# An image whose source was dropped. nh3 writes every attribute value in
# double quotes with ``"`` and ``>`` escaped, so a tag ends at the first ``>``.
_IMAGE_WITHOUT_SOURCE = re.compile(r'<img(?![^>]*\ssrc=")[^>]*>')


def clean_html(html):
    """Return ``html`` with everything outside the allow-list removed."""
    if not html:
        return ""
    cleaned = _IMAGE_WITHOUT_SOURCE.sub("", _cleaner.clean(html)).strip()
    # The editor always leaves one paragraph behind; an empty one means empty.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
    "SpecialCharacters": True,
    "HTML": True,
}


class RichTextField(ProseEditorField):
    """A text field edited with the admin's rich-text editor, cleaned on save."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", dict(EDITOR_EXTENSIONS))
        kwargs.setdefault("sanitize", clean_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
