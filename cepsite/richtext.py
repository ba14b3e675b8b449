"""
Rich text written by staff: the admin editor and the allow-list it is cleaned
against.

The editor offers exactly what the allow-list keeps, and every save cleans
the HTML again on the server, whatever path it came in by (admin, import,
demo content), so nothing a staff member types can run script for a reader.
"""

import nh3
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

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_html(html):
    """Return ``html`` with everything outside the allow-list removed."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
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
