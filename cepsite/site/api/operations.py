"""The API's operations: what each address takes and returns."""

from datetime import date
from typing import Literal
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Path, Query, Schema, Status
from ninja.errors import ValidationError
from pydantic import Field

from cepsite.fulltext import MAX_QUERY_LENGTH
from quotes.forms import ArchiveFilterForm
from quotes.models import Quote

from . import items, queries, schemas
from .cursor import BadCursor, make_cursor, read_cursor

api = NinjaAPI(
    title="Counter Extremism Project open data API",
    version="1",
    description="Read-only access to the published archive of extremists' own "
    "words and the site's reference data. Published items only. For the whole "
    "archive at once, download a dataset release from /data/.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)

# The errors every list can answer with, besides its page.
LIST_ERRORS = {400: schemas.Error, 429: schemas.Error}
WHOLE_ARCHIVE = (
    "For the whole archive, download a dataset release from /data/ "
    "instead of paging through the API."
)
PAGINATION = ("limit", "cursor")
# The query parameters each operation reads, for the page cache's key.
PARAMETERS = {
    "quotes": (ArchiveFilterForm, *PAGINATION),
    **dict.fromkeys(
        ("organizations", "people", "press", "resources", "tags", "categories"),
        PAGINATION,
    ),
}


class ApiError(Exception):
    def __init__(self, status, detail, errors=None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors or {}


@api.exception_handler(ApiError)
def _api_error(request, error):
    return api.create_response(
        request, {"detail": error.detail, "errors": error.errors}, status=error.status
    )


def _parameter(location):
    names = [str(part) for part in location if part not in ("query", "path")]
    return names[-1] if names else "request"


@api.exception_handler(ValidationError)
def _invalid(request, error):
    errors = {}
    for problem in error.errors:
        name = _parameter(problem.get("loc", ()))
        errors.setdefault(name, []).append(problem.get("msg", "Invalid value."))
    detail = "Some parameters could not be used: " + ", ".join(sorted(errors)) + "."
    if "limit" in errors:
        limit = settings.API_PAGE_SIZE_MAX
        detail += f" A page holds at most {limit} items. {WHOLE_ARCHIVE}"
    return api.create_response(
        request, {"detail": detail, "errors": errors}, status=400
    )


class Paging(Schema):
    limit: int = Field(
        settings.API_PAGE_SIZE,
        ge=1,
        le=settings.API_PAGE_SIZE_MAX,
        description=f"Items a page, at most {settings.API_PAGE_SIZE_MAX}.",
    )
    cursor: str | None = Field(
        None,
        max_length=2000,
        description="The `cursor` of the previous page, to read the next one.",
    )


class QuoteFilters(Paging):
    q: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        description='Words, in web-search syntax: "a phrase", -left-out.',
    )
    organization: str | None = Field(
        None, max_length=200, description="A slug, name, short name or alias."
    )
    person: str | None = Field(
        None, max_length=200, description="A slug, name or alias."
    )
    kind: Literal["quote", "fact", "tweet"] | None = None
    tag: str | None = Field(None, max_length=100, description="A tag's slug or name.")
    category: str | None = Field(
        None, max_length=100, description="A category's slug or name."
    )
    date_from: str | None = Field(
        None, alias="from", max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    date_to: str | None = Field(
        None, alias="to", max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    dates: Literal["overlap", "within"] | None = Field(
        None,
        description="overlap (the default): items whose date, at its precision, "
        "overlaps the period; within: only items wholly inside it.",
    )


def _archive_filters(filters):
    """The archive's own parameters, as its form reads them from a URL."""
    values = {
        "q": filters.q,
        "organization": filters.organization,
        "person": filters.person,
        "kind": filters.kind,
        "tag": filters.tag,
        "category": filters.category,
        "from": filters.date_from,
        "to": filters.date_to,
        "dates": filters.dates,
    }
    return {name: value for name, value in values.items() if value}


def _next_link(request, filters, limit, token):
    query = urlencode({**filters, "limit": limit, "cursor": token})
    return request.build_absolute_uri(f"{request.path}?{query}")


def _page(request, rows, limit, filters, key_of, item):
    """One page of ``rows`` (up to ``limit`` + 1 of them), with the next link."""
    more = len(rows) > limit
    rows = rows[:limit]
    token = make_cursor(key_of(rows[-1]), filters) if more else None
    return {
        "items": [item(request, row) for row in rows],
        "next": _next_link(request, filters, limit, token) if token else None,
        "cursor": token,
    }


def _cursor_key(token, filters, arity):
    try:
        return read_cursor(token, filters, arity=arity)
    except BadCursor as error:
        raise ApiError(400, str(error), {"cursor": [str(error)]}) from error


def _quote_key(quote):
    return (quote.said_on.isoformat() if quote.said_on else None, quote.pk)


def _quotes_from(key):
    said_on, pk = key
    try:
        return (date.fromisoformat(said_on) if said_on else None), int(pk)
    except (TypeError, ValueError) as error:
        raise ApiError(400, "This cursor is not one the API gave out.") from error


RESOURCES = (
    "quotes",
    "organizations",
    "people",
    "press",
    "resources",
    "tags",
    "categories",
)


@require_safe
def index(request):
    """Where each resource, the documentation and the datasets are."""
    base = request.build_absolute_uri(request.path)
    return JsonResponse(
        {
            "resources": {name: f"{base}{name}/" for name in RESOURCES},
            "openapi": f"{base}openapi.json",
            "docs": f"{base}docs/",
            "datasets": request.build_absolute_uri("/data/"),
        }
    )


@api.get(
    "/quotes/", response={200: schemas.QuotePage, **LIST_ERRORS}, url_name="quotes"
)
def quotes(request, filters: Query[QuoteFilters]):
    """Published quotes, facts and tweets: the archive's filters, newest first."""
    archive = _archive_filters(filters)
    form = ArchiveFilterForm(QueryDict(urlencode(archive)))
    if not form.is_valid():
        errors = {
            form.add_prefix(name): list(msgs) for name, msgs in form.errors.items()
        }
        raise ApiError(400, "Some filters could not be used.", errors)
    found = form.filter(queries.public_quotes()).order_by(*queries.QUOTE_ORDER)
    if filters.cursor:
        key = _quotes_from(_cursor_key(filters.cursor, archive, 2))
        rows = queries.quotes_after(found, *key, filters.limit + 1)
    else:
        rows = list(found[: filters.limit + 1])
    return _page(request, rows, filters.limit, archive, _quote_key, items.quote_item)


@api.get(
    "/quotes/{pk}/",
    response={
        200: schemas.Quote,
        404: schemas.Error,
        410: schemas.Gone,
        429: schemas.Error,
        400: schemas.Error,
    },
    url_name="quote",
)
def quote(request, pk: int = Path(..., ge=1, le=2**31 - 1)):
    """One published quote, fact or tweet; 410 with its note once withdrawn."""
    found = queries.public_quotes().filter(pk=pk).first()
    if found is not None:
        return items.quote_item(request, found)
    withdrawn = Quote.objects.withdrawn().filter(pk=pk).first()
    if withdrawn is not None:
        return Status(
            410,
            {
                "detail": "This item has been withdrawn.",
                "withdrawn_at": withdrawn.withdrawn_at,
                "withdrawal_note": withdrawn.withdrawal_note,
            },
        )
    return Status(404, {"detail": "No published item has this number.", "errors": {}})


def _by_pk(request, queryset, paging, item):
    if paging.cursor:
        (pk,) = _cursor_key(paging.cursor, {}, 1)
        if not isinstance(pk, int):
            raise ApiError(400, "This cursor is not one the API gave out.")
        queryset = queryset.filter(pk__gt=pk)
    rows = list(queryset[: paging.limit + 1])
    return _page(request, rows, paging.limit, {}, lambda row: (row.pk,), item)


@api.get(
    "/organizations/",
    response={200: schemas.OrganizationPage, **LIST_ERRORS},
    url_name="organizations",
)
def organizations(request, paging: Query[Paging]):
    """Organisations with published quotes or a published resource page."""
    return _by_pk(
        request, queries.public_organizations(), paging, items.organization_item
    )


@api.get(
    "/people/", response={200: schemas.PersonPage, **LIST_ERRORS}, url_name="people"
)
def people(request, paging: Query[Paging]):
    """People with published quotes or a published resource page."""
    return _by_pk(request, queries.public_people(), paging, items.person_item)


@api.get("/press/", response={200: schemas.PressPage, **LIST_ERRORS}, url_name="press")
def press(request, paging: Query[Paging]):
    """Published press releases."""
    return _by_pk(request, queries.public_press(), paging, items.press_item)


@api.get(
    "/resources/",
    response={200: schemas.ResourcePage, **LIST_ERRORS},
    url_name="resources",
)
def resources(request, paging: Query[Paging]):
    """Published reference pages: countries, groups, people, topics, reports."""
    return _by_pk(request, queries.public_resources(), paging, items.resource_item)


@api.get("/tags/", response={200: schemas.TagPage, **LIST_ERRORS}, url_name="tags")
def tags(request, paging: Query[Paging]):
    """Tags that published items carry."""
    return _by_pk(request, queries.public_tags(), paging, items.tag_item)


@api.get(
    "/categories/",
    response={200: schemas.CategoryPage, **LIST_ERRORS},
    url_name="categories",
)
def categories(request, paging: Query[Paging]):
    """The categories of rhetoric, with their definitions."""
    return _by_pk(request, queries.public_categories(), paging, items.category_item)
