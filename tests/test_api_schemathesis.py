"""
Schemathesis, from the generated OpenAPI document, against the API served by
a live server: no server error, and every answer as the document says.
"""

from datetime import date, timedelta

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cepsite.publishing import Status
from quotes.models import Category
from tests.factories import (
    make_organization,
    make_person,
    make_press_release,
    make_quote,
    make_resource,
    make_source,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(live_server, transactional_db):
    profile = make_resource(title="ISIS", kind="group", tags=["isis"])
    organization = make_organization(
        name="Kata'ib Hezbollah",
        short_name="KH",
        aliases="Hezbollah Brigades",
        profile=profile,
    )
    person = make_person(name="Abu Ali al-Askari", organization=organization)
    category = Category.objects.create(
        name="Pro-violence", slug="pro-violence", definition="Calls to violence."
    )
    for n in range(25):
        quote = make_quote(
            person=person if n % 2 else None,
            kind="quote" if n % 2 else "fact",
            organization=organization,
            said_on=date(2020, 1, 1) + timedelta(days=40 * n) if n % 5 else None,
            said_on_precision=("day", "month", "year")[n % 3],
            tags=["iraq"],
        )
        quote.categories.add(category)
        make_source(quote, url="https://example.org/a", published_on=date(2020, 1, 1))
    make_quote(status=Status.DRAFT)
    make_quote(withdrawn_at=timezone.now(), withdrawal_note="Misattributed.")
    make_press_release(tags=["iraq"], resources=[profile])
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


def _examples_of(operation, base_url, statuses):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case):
        response = case.call_and_validate(base_url=base_url, checks=CHECKS)
        statuses.add(response.status_code)

    return run


def test_api_conforms_to_its_openapi_document(api_schema, live_server):
    operations = [result.ok() for result in api_schema.get_all_operations()]

    statuses = set()
    for operation in operations:
        _examples_of(operation, live_server.url, statuses)()

    # Both well-formed and hostile requests were made, and answered.
    assert {200, 400} <= statuses

    assert {operation.path for operation in operations} >= {
        "/api/v1/quotes/",
        "/api/v1/quotes/{pk}/",
        "/api/v1/tags/",
    }
