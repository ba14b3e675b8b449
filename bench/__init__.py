"""
The page benchmark: ``python -m bench.run`` (``make bench``).

It serves the site with production settings under gunicorn, on PostgreSQL
and Redis, over a generated archive, and measures each public page against
a *floor*: a page of the press list's size rendered with no database access.
"""
