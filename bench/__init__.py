"""
The benchmarks, and the archive they generate; the site never imports them.

- ``python -m bench.run`` (``make bench``): each public page under load,
  served with production settings by gunicorn on PostgreSQL and Redis,
  against a *floor*: a page of the press list's size rendered with no
  database access. ``python -m bench.profile`` shows where one page's time
  goes.
- ``python -m bench.search`` (``make bench-search``): search at a million
  quotes.

Both load the one archive of ``bench.data``, at their own sizes.
"""
