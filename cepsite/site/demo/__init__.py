"""
Demo content: a small, self-consistent archive that shows every part of the
site working together (press releases, quotes, facts and tweets, reference
pages, organisations, people and the tags that join them).

All text here was written for this demo. Statements attributed to real people
are short paraphrases of widely reported remarks; the others are composite
statements written to illustrate the genre, and every item's source title says
which it is.
"""
