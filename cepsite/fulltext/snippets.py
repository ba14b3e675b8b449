"""Where a query matched, marked in ``<mark>``: in Python, or by ts_headline."""

import re
from html import unescape

from django.db.models import Expression, F, TextField
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .query import (
    APOSTROPHE_CHARACTERS,
    MAX_QUERY_LENGTH,
    ParsedQuery,
    fold_name,
    fold_query,
    parse_query,
)

CONFIG = "cep_english"

# ts_headline marks matches with these; no text keeps them (they are removed
# from the source first), so after escaping they can only be our markers.
MARK_START, MARK_STOP = "\x02", "\x03"

# ts_headline drops whatever its parser takes for an HTML tag, and a quote
# that reads "<script>" must show it. The brackets stand in for themselves
# as these while the database reads the text.
LT, GT = "\x04", "\x05"

_APOSTROPHES_AS_SPACES = str.maketrans(
    APOSTROPHE_CHARACTERS, " " * len(APOSTROPHE_CHARACTERS)
)

# An excerpt is cut from this many characters of the text, starting this many
# before where the query's longest term seems to be: ts_headline parses all
# the text it is given, so a long text costs it far more than the excerpt
# needs (docs/decisions/0035-search-first-render.md).
WINDOW_BEFORE, WINDOW_LENGTH = 150, 600

# A word begins with this many of its characters at least, however it ends
# ("trained" for "training"); shorter words are looked for whole.
WORD_PREFIX = 4


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


def _strip_tags_sql(sql):
    return f"regexp_replace({sql}, '<[^>]*>', ' ', 'g')"


def _window_sql(sql, at):
    """
    SQL for about WINDOW_LENGTH characters of the rich text ``sql``, from a
    little before the position ``at`` (0: from the start), its tags dropped,
    with any tag, word or entity cut at either end.
    """
    # The spaces around the text mark its true ends, which lose no word.
    return (
        f"regexp_replace(substr(' ' || {sql} || ' ', "
        f"greatest(1, {at} - {WINDOW_BEFORE}), {WINDOW_LENGTH}), "
        f"'^[^<]*>|^\\S*|<[^>]*>|<[^>]*$|\\S*$', ' ', 'g')"
    )


def _any_word(q, *, apostrophes_as_spaces=False):
    """``q`` as a web search for any one of the words it looks for."""
    terms = parse_query(q).terms
    if apostrophes_as_spaces:
        terms = [term.translate(_APOSTROPHES_AS_SPACES) for term in terms]
    return " or ".join(word for term in terms for word in fold_query(term).split())


def _word_start(word):
    return word if len(word) <= WORD_PREFIX else word[: max(WORD_PREFIX, len(word) - 3)]


def _anchor_patterns(q):
    """
    Two regular expressions (PostgreSQL's) for where the longest term of
    ``q``, a word or a phrase, seems to be, or ``None``: first its words
    whole, then the first few letters of each, so that "training" finds
    "trained" too (and, at worst, "Baghdad" finds "Baghdadi").
    """
    terms = [
        fold_name(term.translate(_APOSTROPHES_AS_SPACES)).split()
        for term in parse_query(q).terms
    ]
    terms = [words for words in terms if words]
    if not terms:
        return None
    words = max(terms, key=lambda words: len("".join(words)))
    whole = r"\m" + r"\W+".join(words) + r"\M"
    start = r"\m" + r"\w*\W+".join(_word_start(word) for word in words)
    return whole, start + (r"\M" if len(words[-1]) <= WORD_PREFIX else "")


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

    def __init__(self, source, q, *, words=30, html=False, vector=None):
        super().__init__()
        self.source = F(source) if isinstance(source, str) else source
        self.q = q
        self.words = words
        self.html = html
        self.vector = vector

    def get_source_expressions(self):
        return [self.source, self.vector]

    def set_source_expressions(self, exprs):
        self.source, self.vector = exprs

    def as_sql(self, compiler, connection):
        return compiler.compile(self.source)

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source)
        patterns = _anchor_patterns(self.q) if self.words and self.html else None
        if patterns is None:
            if self.html:
                sql = _strip_tags_sql(sql)
            return self._headline(sql, params)
        # An excerpt of rich text is cut near where the query's longest term
        # seems to be, and marks any of the query's words there. Where that
        # marks nothing (a stem or an accent the patterns missed) though the
        # words are in the text, the whole text is read, as ts_headline alone
        # would. ``vector`` (the search vector of just these words) tells
        # whether they are, without reading the text.
        present, present_params = "TRUE", ()
        if self.vector is not None:
            vector, present_params = compiler.compile(self.vector)
            present = f"{vector} @@ websearch_to_tsquery(%s::regconfig, %s)"
            present_params = (*present_params, CONFIG, _any_word(self.q))
        near, near_params = self._headline(
            _window_sql("s.text", "s.at"), (), any_word=True
        )
        whole, whole_params = self._headline(_strip_tags_sql("w.text"), ())
        return (
            f"(SELECT CASE WHEN w.present AND strpos(w.headline, %s) = 0 "
            f"THEN {whole} ELSE w.headline END "
            f"FROM (SELECT s.text, s.present, {near} AS headline FROM "
            f"(SELECT x.text, x.present, CASE WHEN x.present THEN coalesce("
            f"nullif(regexp_instr(x.text, %s, 1, 1, 0, 'i'), 0), "
            f"regexp_instr(x.text, %s, 1, 1, 0, 'i')) ELSE 0 END AS at FROM "
            f"(SELECT {sql} AS text, {present} AS present OFFSET 0) AS x) AS s "
            f"OFFSET 0) AS w)"
        ), (
            MARK_START,
            *whole_params,
            *near_params,
            *patterns,
            *params,
            *present_params,
        )

    def _headline(self, sql, params, *, any_word=False):
        """
        ts_headline of the text ``sql`` (with ``params``) for this query, or
        with ``any_word``, for any of its words: an excerpt then marks them
        even where not all are.
        """
        options = f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", '
        if self.words:
            options += f"MaxWords={self.words}, MinWords={max(5, self.words // 2)}"
        else:
            options += "HighlightAll=true"
        # The folded query finds the words; the unfolded one, apostrophes
        # read as spaces, also marks "Kata'ib" in the original text, which
        # the headline shows unfolded.
        if any_word:
            folded = _any_word(self.q)
            unfolded = _any_word(self.q, apostrophes_as_spaces=True)
        else:
            folded = fold_query(self.q)
            unfolded = re.sub(r"['\u2019\u2018\u02bc]", " ", self.q)
        headline = (
            f"ts_headline(%s::regconfig, translate({sql}, %s, %s), "
            f"websearch_to_tsquery(%s::regconfig, %s) "
            f"|| websearch_to_tsquery(%s::regconfig, %s), %s)"
        )
        return headline, (
            CONFIG,
            *params,
            "<>" + MARK_START + MARK_STOP + LT + GT,
            LT + GT,
            CONFIG,
            folded,
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
