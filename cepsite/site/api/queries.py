"""What the API reads: published items only, in a stable keyset order."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Prefetch, Q

from cepsite.tagging import Tag, TaggedItem
from press.models import PressRelease
from quotes.models import Category, Quote, Source
from resources.models import Organization, Person, Resource

QUOTE_ORDER = (F("said_on").desc(nulls_last=True), "-pk")


def public_quotes():
    """Published quotes with everything an API item shows, prefetched."""
    return (
        Quote.objects.published()
        .with_attribution()
        .defer("search_vector")
        .prefetch_related(
            Prefetch("sources", queryset=Source.objects.order_by("position", "pk")),
            Prefetch("categories", queryset=Category.objects.order_by("name")),
            "tags",
        )
    )


def quotes_after(queryset, said_on, pk, count):
    """
    Up to ``count`` quotes of ``queryset`` after (``said_on``, ``pk``), newest
    first and undated last: the dated ones, then the undated, each asked as
    one range of the archive-order index (an OR of the two would scan it).
    """
    found = []
    if said_on is not None:
        found = list(
            queryset.filter(said_on__lte=said_on).filter(
                Q(said_on__lt=said_on) | Q(pk__lt=pk)
            )[:count]
        )
        undated = queryset.filter(said_on__isnull=True)
    else:
        undated = queryset.filter(said_on__isnull=True, pk__lt=pk)
    if len(found) < count:
        found += list(undated[: count - len(found)])
    return found


def public_organizations():
    """Organisations with a published quote or a published resource page."""
    return (
        Organization.objects.filter(
            Exists(Quote.objects.published().filter(organization=OuterRef("pk")))
            | Exists(Resource.objects.published().filter(pk=OuterRef("profile_id")))
        )
        .select_related("profile")
        .order_by("pk")
    )


def public_people():
    """People with a published quote or a published resource page."""
    return (
        Person.objects.filter(
            Exists(Quote.objects.published().filter(person=OuterRef("pk")))
            | Exists(Resource.objects.published().filter(pk=OuterRef("profile_id")))
        )
        .select_related("profile", "organization")
        .order_by("pk")
    )


def public_press():
    return (
        PressRelease.objects.published()
        .prefetch_related(
            "tags",
            Prefetch(
                "resources",
                queryset=Resource.objects.published()
                .only("slug", "title")
                .order_by("title", "pk"),
                to_attr="public_resource_list",
            ),
        )
        .order_by("pk")
    )


def public_resources():
    return Resource.objects.published().prefetch_related("tags").order_by("pk")


def public_tags():
    """Tags that at least one published item carries."""
    carried = Q()
    for model in (Quote, PressRelease, Resource):
        carried |= Exists(
            TaggedItem.objects.filter(
                tag=OuterRef("pk"),
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=model.objects.published().values("pk"),
            )
        )
    return Tag.objects.filter(carried).order_by("pk")


def public_categories():
    """Every category: the vocabulary is public, as the glossary shows."""
    return Category.objects.order_by("pk")
