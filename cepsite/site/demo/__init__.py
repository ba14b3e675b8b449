"""
Demo content: a small, self-consistent archive that shows every part of the
site working together (press releases, quotes, facts and tweets, reference
pages, organisations, people and the tags that join them).

- ``content.jsonl``: the resources, press releases and quotes, one a line in
  the importer's format (``cepsite.site.transfer``), dated as of the day
  ``loader.DATES_AS_OF``.
- ``names.json``: the organisations and people the quotes name, with what
  the importer does not carry: short names, aliases (one a list item),
  profile pages (resource slugs) and, for people, their organisation (a
  slug). ``composite`` marks an invented spokesperson, whose name belongs
  to no real person.
- ``loader.py`` loads them (``manage.py load_demo``); ``artwork.py`` draws
  the lead images.

All text here was written for this demo. Statements attributed to real people
are short paraphrases of widely reported remarks; the others are composite
statements written to illustrate the genre, and every item's source title says
which it is.
"""
