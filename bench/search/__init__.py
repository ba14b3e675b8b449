"""
The search benchmark: ``python -m bench.search`` (``make bench-search``).

It loads the benchmarks' archive (``bench.data``) at a million quotes into a
PostgreSQL database of its own, times a bulk import of quotes with the
search triggers and indexes live, then runs a fixed set of realistic queries
through the functions the views call, the way the views call them, and
prints p50 and p95 per kind of query with the plans PostgreSQL chose, so
that the use of each index can be seen.

- ``database``: the benchmark's own database, created when missing;
- ``cases``: the queries, each as its view runs it;
- ``report``: timing them, the tables and the plans;
- ``command``: the whole run, with its options.
"""
