"""
Moving content between the site and files, for bulk loading and backups:
``manage.py import_content`` and ``manage.py export_content``.

One row stands for one item. Its ``type`` is "resource", "press" or
"quote"; its other keys are the models' field names:

- every type: ``status``, ``publish_at`` (ISO 8601 with offset),
  ``withdrawn_at`` (the same, or null) with ``withdrawal_note``, and
  ``tags`` (a list of names);
- ``resource`` and ``press``, read but never exported: ``old_slug``, the
  slug the item has now, when the row gives it a new one; a published
  item's old address then redirects to the new;
- ``resource``: ``title``, ``slug``, ``kind``, ``summary``, ``body``,
  ``image``, ``image_alt``, ``image_credit``, ``featured``;
- ``press``: ``title``, ``slug``, ``dateline``, ``summary``, ``body``,
  ``author``, ``image``, ``image_alt``, ``image_caption``, ``resources``
  (a list of resource slugs);
- ``quote``: ``kind``, ``text``, ``person`` and ``organization`` (by name,
  ignoring case; created when new, a new person in the row's organisation;
  ``person_slug`` picks one of several namesakes),
  ``role``, ``context``, ``said_on`` ("2023-03-12", "2023-03" or "2023";
  a full date with ``said_on_precision`` is read too), ``original_text``,
  ``original_language``, ``translation_credit``, ``sources`` (a list, in
  order; see ``transfer.sources``: older files' ``source_title`` and
  ``source_url`` are read as a first source), ``featured_on``.

``image`` is a file name in the media storage: files do not travel in the
export, and an import takes the name only if the file is there.

A key left out keeps the item's current value (or the default, for a new
item). Search vectors, ids and the created/updated times belong to each
database and are neither exported nor read. ``import_content(...,
keep_existing=True)`` (``--keep-existing``) adds the items that are missing
and leaves those a row matches as they are.
"""

from .exporter import export_lines, export_records
from .importer import ImportReport, import_content
from .reading import Problem, Row, read_rows
from .schema import ROW_TYPES

__all__ = [
    "ROW_TYPES",
    "ImportReport",
    "Problem",
    "Row",
    "export_lines",
    "export_records",
    "import_content",
    "read_rows",
]
