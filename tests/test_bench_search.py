"""The search benchmark runs end to end at a small size (the full run is by hand)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bench.search.command import Command
from quotes.models import Quote
from resources.models import Organization
from tests.factories import make_quote

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL full-text search"
    ),
]

SMALL = {
    "quotes": 5_000,
    "press": 500,
    "resources": 200,
    "organizations": 300,
    "people": 300,
    "repeat": 1,
    "import_size": 1_000,
}


def test_the_benchmark_loads_an_archive_measures_and_shows_the_plans():
    out = StringIO()

    call_command(Command(), stdout=out, **SMALL)

    report = out.getvalue()
    assert Quote.objects.count() == 5_000
    assert Organization.objects.filter(name="Kata'ib Hezbollah").exists()
    assert "searchable at once: yes" in report
    for kind in ("words", "syntax", "names", "name quotes", "filtered", "site"):
        assert f"\n{kind:<12} " in report, kind
    used = [line for line in report.splitlines() if "indexes used:" in line]
    assert any("quotes_quote_search" in line for line in used)
    assert any("resources_org_name_trgm" in line for line in used)
    assert any("resources_person_name_trgm" in line for line in used)


def test_the_benchmark_will_not_delete_content_unless_told():
    make_quote(text="Real words.")

    with pytest.raises(CommandError, match="--replace"):
        call_command(Command(), stdout=StringIO(), **SMALL)

    assert Quote.objects.filter(text="Real words.").exists()
