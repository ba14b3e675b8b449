"""Where a query matched, marked in ``<mark>``: in Python, or by ts_headline."""

import re
from html import unescape

from django.db.models import Expression, F, TextField
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .query import MAX_QUERY_LENGTH, ParsedQuery, fold_query, parse_query

CONFIG = "cep_english"

# ts_headline marks matches with these; no text keeps them (they are removed
# from the source first), so after escaping they can only be our markers.
MARK_START, MARK_STOP = "\x02", "\x03"

# ts_headline drops whatever its parser takes for an HTML tag, and a quote
# that reads "<script>" must show it. The brackets stand in for themselves
# as these while the database reads the text.
LT, GT = "\x04", "\x05"


def _term_pattern(parsed):
    terms = sorted(
        {w for term in parsed.terms for w in term.split()}, key=len, reverse=True
    )
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def _window(text, pattern, words):
    """About ``words`` words of ``text``, starting a little before a match."""
    tokens = list(re.finditer(r"\S+", text))
    if len(tokens) <= words:
        return text
    first = pattern.search(text) if pattern else None
    index = 0
    if first:
        index = next(i for i, t in enumerate(tokens) if t.end() > first.start())
    start = max(0, min(index - words // 3, len(tokens) - words))
    end = start + words
    excerpt = text[tokens[start].start() : tokens[end - 1].end()]
    return ("… " if start else "") + excerpt + (" …" if end < len(tokens) else "")


def highlight(text, q, *, words=None, html=False):
    """
    ``text`` with the words of the query ``q`` in ``<mark>``, everything else
    escaped, as a safe string. ``words`` cuts it to about that many words
    around the first match; ``html`` reads ``text`` as rich text and keeps
    only its words. Matching is by case-insensitive substring, the simple
    reading that serves titles and the SQLite fallback alike.
    """
    text = text or ""
    if html:
        text = " ".join(unescape(strip_tags(text)).split())
    parsed = q if isinstance(q, ParsedQuery) else parse_query(q)
    pattern = _term_pattern(parsed)
    if words:
        text = _window(text, pattern, words)
    if pattern is None:
        return mark_safe(escape(text))
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def _tidy_spaces(text, *, keep_lines):
    """Runs of spaces made one; line breaks kept (for ``linebreaks``) or not."""
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
    return " ".join(text.split())


def _markup_headline(value, html, keep_lines):
    value = value.replace(LT, "<").replace(GT, ">")
    if html:
        value = unescape(value)
    value = _tidy_spaces(value, keep_lines=keep_lines)
    marked = escape(value).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(marked)


class Snippet(Expression):
    """
    Where the query matched in ``source``, as safe HTML with ``<mark>``.

    On PostgreSQL this is ts_headline, which finds stems and folded words
    ("martyrs" marks "martyrdom"); it only runs for the rows fetched, so a
    page of results costs a page of headlines. Elsewhere the words are found
    in Python. ``words`` is the length of the excerpt; ``None`` marks the
    whole text and keeps its line breaks, which is how a quote is shown: an
    excerpt would put words in nobody's mouth. ``html`` says the source is
    rich text: its tags are dropped and its entities decoded before escaping.
    """

    output_field = TextField()

    def __init__(self, source, q, *, words=30, html=False):
        super().__init__()
        self.source = F(source) if isinstance(source, str) else source
        self.q = q
        self.words = words
        self.html = html

    def get_source_expressions(self):
        return [self.source]

    def set_source_expressions(self, exprs):
        (self.source,) = exprs

    def as_sql(self, compiler, connection):
        return compiler.compile(self.source)

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source)
        if self.html:
            sql = f"regexp_replace({sql}, '<[^>]*>', ' ', 'g')"
        options = f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", '
        if self.words:
            options += f"MaxWords={self.words}, MinWords={max(5, self.words // 2)}"
        else:
            options += "HighlightAll=true"
        # The folded query finds the words; the unfolded one, apostrophes
        # read as spaces, also marks "Kata'ib" in the original text, which
        # the headline shows unfolded.
        headline = (
            f"ts_headline(%s::regconfig, translate({sql}, %s, %s), "
            f"websearch_to_tsquery(%s::regconfig, %s) "
            f"|| websearch_to_tsquery(%s::regconfig, %s), %s)"
        )
        unfolded = re.sub(r"['\u2019\u2018\u02bc]", " ", self.q)
        return headline, (
            CONFIG,
            *params,
            "<>" + MARK_START + MARK_STOP + LT + GT,
            LT + GT,
            CONFIG,
            fold_query(self.q),
            CONFIG,
            unfolded[:MAX_QUERY_LENGTH],
            options,
        )

    def get_db_converters(self, connection):
        return [self._convert, *super().get_db_converters(connection)]

    def _convert(self, value, expression, connection):
        if value is None:
            return mark_safe("")
        keep_lines = not (self.words or self.html)
        if connection.vendor == "postgresql":
            return _markup_headline(value, self.html, keep_lines)
        return highlight(value, self.q, words=self.words, html=self.html)
