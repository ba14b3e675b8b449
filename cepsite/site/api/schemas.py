"""The shapes of what the API returns: the contract its OpenAPI document states."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

Precision = Literal["day", "month", "year"]


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages by parameter."
    )


class Gone(Schema):
    detail: str
    withdrawn_at: datetime
    withdrawal_note: str


class Named(Schema):
    name: str
    slug: str


class Category(Named):
    definition: str
    url: str


class Tag(Named):
    url: str | None = Field(description="Its page; null for a tag with no usable slug.")


class OrganizationRef(Named):
    short_name: str


class Source(Schema):
    position: int
    publisher: str
    title: str
    url: str
    published_on: str | None = Field(
        description="ISO 8601 to its precision: 2023-03-12, 2023-03 or 2023."
    )
    published_on_precision: Precision
    accessed_on: date | None
    language: str
    archive_url: str
    link_status: str


class Quote(Schema):
    id: int
    url: str
    kind: Literal["quote", "fact", "tweet"]
    text: str
    person: Named | None
    role: str
    organization: OrganizationRef | None
    context: str
    said_on: str | None = Field(
        description="ISO 8601 to its precision (EDTF level 0): 2023-03-12, "
        "2023-03 or 2023; null when undetermined."
    )
    said_on_precision: Precision
    attribution: str
    original_text: str
    original_language: str
    translation_credit: str
    categories: list[Named]
    sources: list[Source]
    tags: list[Named]
    featured_on: date | None
    publish_at: datetime
    updated_at: datetime


class Page(Schema):
    next: str | None = Field(description="The next page's address, null at the end.")
    cursor: str | None = Field(description="The cursor of the next page.")


class QuotePage(Page):
    items: list[Quote]


class Organization(Named):
    short_name: str
    aliases: list[str]
    profile_url: str | None
    url: str = Field(description="The archive of its quotes.")


class OrganizationPage(Page):
    items: list[Organization]


class Person(Named):
    aliases: list[str]
    organization: OrganizationRef | None
    profile_url: str | None
    url: str = Field(description="The archive of their quotes.")


class PersonPage(Page):
    items: list[Person]


class PressRelease(Schema):
    title: str
    slug: str
    url: str
    dateline: str
    summary: str
    author: str
    publish_at: datetime
    updated_at: datetime
    tags: list[Named]
    resources: list[str] = Field(description="The slugs of its resources.")


class PressPage(Page):
    items: list[PressRelease]


class Resource(Schema):
    title: str
    slug: str
    url: str
    kind: str
    summary: str
    image_alt: str
    image_credit: str
    publish_at: datetime
    updated_at: datetime
    tags: list[Named]


class ResourcePage(Page):
    items: list[Resource]


class TagPage(Page):
    items: list[Tag]


class CategoryPage(Page):
    items: list[Category]
