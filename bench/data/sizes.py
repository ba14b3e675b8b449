"""How much of each kind of content an archive holds, and the named sizes."""

from dataclasses import dataclass

# The seed both benchmarks write their archive from unless told otherwise.
SEED = 20240601


@dataclass(frozen=True)
class Sizes:
    quotes: int
    press: int
    resources: int
    organizations: int
    people: int
    tags: int


SIZES = {
    # The page benchmark's sizes (``python -m bench.run --size``).
    "full": Sizes(
        quotes=200_000,
        press=20_000,
        resources=2_000,
        organizations=400,
        people=3_000,
        tags=500,
    ),
    "small": Sizes(
        quotes=20_000,
        press=2_000,
        resources=200,
        organizations=60,
        people=300,
        tags=100,
    ),
    "tiny": Sizes(
        quotes=600, press=300, resources=60, organizations=15, people=40, tags=40
    ),
    # The search benchmark's (``python -m bench.search``).
    "search": Sizes(
        quotes=1_000_000,
        press=50_000,
        resources=5_000,
        organizations=5_000,
        people=5_000,
        tags=500,
    ),
}
