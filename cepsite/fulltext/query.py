"""Reading a query in web-search syntax, and folding words as the index does."""

import re
import unicodedata
from dataclasses import dataclass

APOSTROPHE_CHARACTERS = "'\u2019\u2018\u02bc\u0060\u00b4"
_APOSTROPHES = str.maketrans("", "", APOSTROPHE_CHARACTERS)
_NON_WORD = re.compile(r"[^\w]+")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_WEBSEARCH_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')

# Bounds the work a single request can ask of the database.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10


def fold_name(text):
    """Lower case, accents and apostrophes dropped: what a name key holds."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", plain.lower()).split())


def fold_query(q):
    """
    The query as the database should read it: apostrophes dropped, as in
    the documents, and hyphens inside words made spaces, so that
    "al-Baghdadi" finds "al Baghdadi" too.
    """
    text = (q or "")[:MAX_QUERY_LENGTH].translate(_APOSTROPHES)
    return _INNER_HYPHEN.sub(" ", text)


@dataclass(frozen=True)
class ParsedQuery:
    """
    A query in web search syntax, as PostgreSQL's websearch_to_tsquery reads
    it: words and "quoted phrases" must all match, ``or`` between two of
    them means either, and a leading ``-`` excludes.

    ``groups`` are the terms that must match, each a tuple of alternatives;
    ``excluded`` the terms that must not.
    """

    groups: tuple = ()
    excluded: tuple = ()

    @property
    def terms(self):
        return tuple(term for group in self.groups for term in group)

    @property
    def name_words(self):
        return tuple(w for term in self.terms for w in fold_name(term).split())


def parse_query(q):
    """Read ``q`` as :class:`ParsedQuery`, keeping at most MAX_TERMS terms."""
    groups, excluded, join_next = [], [], False
    for minus, phrase, word_minus, word in _WEBSEARCH_TOKEN.findall(
        (q or "")[:MAX_QUERY_LENGTH]
    ):
        term = " ".join((phrase or word).split())
        if not phrase and term.lower() == "or":
            join_next = bool(groups)
            continue
        if not term or len(groups) + len(excluded) >= MAX_TERMS:
            continue
        if minus or word_minus:
            excluded.append(term)
        elif join_next:
            groups[-1] = (*groups[-1], term)
        else:
            groups.append((term,))
        join_next = False
    return ParsedQuery(groups=tuple(groups), excluded=tuple(excluded))
