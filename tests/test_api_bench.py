"""The search benchmark's API cases run and compare against the archive page."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management.base import OutputWrapper

from bench.search import api
from bench.search.report import measure
from tests.factories import make_organization, make_quote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("repeat", [1, 2])
def test_api_cases_measure_first_and_deep_pages_against_the_archive(repeat):
    isis = make_organization(name="ISIS")
    for n in range(30):
        make_quote(organization=isis, said_on=date(2014, 1, 1) + timedelta(days=30 * n))
        make_quote(kind="fact", said_on=date(2015, 1, 1) + timedelta(days=10 * n))
    cases = api.cases()
    written = StringIO()
    out = OutputWrapper(written)

    timings, counts = measure(cases, repeat=repeat)
    api.write_ratios(out, timings)

    kinds = {kind for kind, _, _ in cases}
    assert kinds == {"archive page", "api first", "api deep"}
    assert counts[("api first", "organization=ISIS&from=2014&to=2017")] == 20
    lines = written.getvalue().splitlines()
    assert any(
        line.startswith("organization=ISIS&from=2014&to=2017 ") for line in lines
    )
    assert any(line.startswith("all filters ") for line in lines)
