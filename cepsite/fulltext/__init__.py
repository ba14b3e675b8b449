"""
Full-text search machinery that every app's search shares: reading a query
in web-search syntax, matching and ranking it in one table, and marking
where it matched. What each app searches, and how, lives in the app
(``quotes.search``, ``resources.names``); site search in ``cepsite.site``.

On PostgreSQL the text search configuration ``cep_english`` stems English
and folds accents, and ``cep_fold`` drops apostrophes on both sides, so that
"Kata'ib", "Kata’ib" and "Kataib" are one word. Titles and names weigh more
than summaries, which weigh more than bodies.
"""

from .matching import Found, Matches, matches, page_snippets
from .query import MAX_QUERY_LENGTH, ParsedQuery, fold_name, fold_query, parse_query
from .snippets import Snippet, highlight

__all__ = [
    "MAX_QUERY_LENGTH",
    "Found",
    "Matches",
    "ParsedQuery",
    "Snippet",
    "fold_name",
    "fold_query",
    "highlight",
    "matches",
    "page_snippets",
    "parse_query",
]
