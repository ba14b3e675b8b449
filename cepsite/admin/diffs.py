"""
What changed between two versions of a text, word by word, as HTML for the
history pages: removed words in ``<del>``, added ones in ``<ins>``. Plain text
(and rich text's source) is escaped; rich text can also be shown rendered,
as a reader sees it, and is then cleaned against the rich-text allow-list.
"""

import difflib
import re

import nh3
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cepsite.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, clean_html

# Words, the spaces between them, and markup's brackets on their own, so an
# edited tag never swallows the word beside it.
_TEXT_TOKENS = re.compile(r"\s+|[^\s<>]+|[<>]")
# Whole tags (quoted attribute values may hold ">"), spaces and words.
_HTML_TOKENS = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>|\s+|[^\s<]+""")
# Tags that separate lines of text: dropping one must not join two words.
_BREAKS = re.compile(
    r"</?(?:p|br|h[2-4]|ul|ol|li|blockquote|hr|figure|figcaption|pre)\b", re.I
)

_rendered_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS | {"ins", "del"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def _opcodes(before, after):
    # A space alone matches everywhere; anchoring on one would cut a changed
    # phrase into alternating scraps of old and new.
    matcher = difflib.SequenceMatcher(str.isspace, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        yield operation, before[i1:i2], after[j1:j2]


def word_diff(old, new):
    """
    ``new`` with the words taken out of ``old`` in ``<del>`` and those put in
    within ``<ins>``; everything escaped, markup included.
    """
    parts = []
    for operation, removed, added in _opcodes(
        _TEXT_TOKENS.findall(old), _TEXT_TOKENS.findall(new)
    ):
        removed, added = "".join(removed), "".join(added)
        if operation == "equal":
            parts.append(format_html("{}", added))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return SafeString("".join(parts))


def _removed(tokens):
    # Replaced by other words: the old markup goes, the new version's is what
    # shows, but a removed paragraph or line break leaves a space, so no two
    # words run together.
    text = "".join(
        " " if _BREAKS.match(token) else "" if token.startswith("<") else token
        for token in tokens
    )
    words = " ".join(text.split())
    if not words:
        return " " if text else ""
    before = " " if text[0].isspace() else ""
    after = " " if text[-1].isspace() else ""
    return f"{before}<del>{words}</del>{after}"


def _marked(tokens, element):
    # Only taken out or only put in: the markup stays, so a whole paragraph
    # or list item reads as one, and the words inside it are marked.
    parts, words = [], []
    for token in [*tokens, ""]:
        if token and not token.startswith("<"):
            words.append(token)
            continue
        text = "".join(words)
        parts.append(f"<{element}>{text}</{element}>" if text.strip() else text)
        parts.append(token)
        words = []
    return "".join(parts)


def _separated(removed, added):
    """``removed`` then ``added``, with a space between if they would touch."""
    if removed.endswith("</del>") and added[:1] not in ("", " "):
        return f"{removed} {added}"
    return removed + added


def rendered_diff(old, new):
    """
    Rich text ``new`` as readers see it, with the words removed since ``old``
    struck through and those added marked; cleaned like any rich text.
    """
    parts = []
    for operation, removed, added in _opcodes(
        _HTML_TOKENS.findall(clean_html(old)), _HTML_TOKENS.findall(clean_html(new))
    ):
        if operation == "equal":
            parts.extend(added)
        elif operation == "replace":
            parts.append(_separated(_removed(removed), _marked(added, "ins")))
        elif operation == "delete":
            parts.append(_marked(removed, "del"))
        else:
            parts.append(_marked(added, "ins"))
    return SafeString(_rendered_cleaner.clean("".join(parts)))
