"""
The benchmarks' archive: press releases, quotes, resources, organisations,
people and tags, generated from a seed and loaded with COPY. Both benchmarks
load it, at their own sizes: ``python -m bench.run`` (the pages) and
``python -m bench.search`` (search at a million quotes).

- ``vocabulary``: the names, places, templates and words it is written with;
- ``writer``: text and choices from one seeded random source;
- ``speakers``: the organisations and people;
- ``archive``: every table's rows;
- ``sizes``: how much of each, and the named sizes;
- ``loading``: COPY into PostgreSQL, and the marker of what is loaded.

The site never imports it; ``loading`` and ``archive`` need Django set up.
"""

from .sizes import SEED, SIZES, Sizes
from .writer import Writer

__all__ = ["SEED", "SIZES", "Sizes", "Writer"]
