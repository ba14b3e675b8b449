import logging

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, Q, Value
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from cepsite.images import ImageField
from cepsite.publishing import PageMetadata, Publishable, PublishableQuerySet
from cepsite.richtext import RichTextField
from cepsite.tagging import TaggedItem, with_tag
from resources.models import Resource

from .related import UNLISTED_FIELDS, ranked_press

RELATED_PRESS_LIMIT = 5

logger = logging.getLogger(__name__)

# What recounts the month tallies, for the warnings that they are off.
TALLIES_RECOUNT = "manage.py recount_tallies (press.services.month_tallies_rebuild)"


class PressReleaseQuerySet(PublishableQuerySet):
    def tagged(self, tag):
        return with_tag(self, tag)

    def listed(self):
        """Without what a list never shows: the body and the search vector."""
        return self.defer(*UNLISTED_FIELDS)

    def related_to(self, release, tags, *, limit=RELATED_PRESS_LIMIT):
        """Other published releases sharing ``tags``: most shared, then newest."""
        tag_ids = [tag.pk for tag in tags]
        return ranked_press(self.model, tag_ids, limit=limit, exclude=release.pk)

    def for_resource(self, resource, tags, *, limit=RELATED_PRESS_LIMIT):
        """
        Published releases that link to ``resource`` (first) or share
        ``tags``, its tags (most shared first), newest first within each.
        """
        tag_ids = [tag.pk for tag in tags]
        return ranked_press(self.model, tag_ids, limit=limit, linking_to=resource.pk)

    def published_months(self):
        """
        ``(year, month, count)`` of the published releases, by month of the
        current time zone, newest first: from the month tallies when this
        queryset is unfiltered and they can be trusted, else counted.
        """
        months = None
        if connections[self.db].vendor == "postgresql" and not self.query.has_filters():
            months = self._tallied_months()
        return self._live_months() if months is None else months

    def _tallied_months(self):
        """The months from the tallies; None, with a warning, if they are off."""
        zone = timezone.get_current_timezone_name()
        # The tallies count scheduled releases too: those are read with them,
        # each as minus one, in the same query.
        due_later = (
            self.scheduled()
            .filter(withdrawn_at__isnull=True)
            .annotate(year=ExtractYear("publish_at"), month=ExtractMonth("publish_at"))
            .values("year", "month")
            .annotate(number=Count("*") * -1, zone=Value(zone))
            .values_list("year", "month", "number", "zone")
            .order_by()
        )
        tallies = MonthTally.objects.using(self.db).values_list(
            "year", "month", "number", "zone"
        )
        months = {}
        for year, month, number, tally_zone in tallies.union(due_later, all=True):
            if tally_zone != zone:
                logger.warning(
                    "The month tallies count in %s, the site's time zone is %s: "
                    "the press archive is counted live until %s recounts them.",
                    tally_zone,
                    zone,
                    TALLIES_RECOUNT,
                )
                return None
            key = int(year), int(month)
            months[key] = months.get(key, 0) + number
        if any(count < 0 for count in months.values()):
            logger.warning(
                "The month tallies count fewer releases than are scheduled: the "
                "press archive is counted live until %s recounts them.",
                TALLIES_RECOUNT,
            )
            return None
        return [
            (year, month, count)
            for (year, month), count in sorted(months.items(), reverse=True)
            if count
        ]

    def _live_months(self):
        return list(
            self.published()
            .annotate(year=ExtractYear("publish_at"), month=ExtractMonth("publish_at"))
            .values("year", "month")
            # COUNT(*) rather than of the key: the publishing index then holds
            # every column the query reads, and PostgreSQL need not visit the
            # table.
            .annotate(count=Count("*"))
            .order_by("-year", "-month")
            .values_list("year", "month", "count")
        )


class PressRelease(Publishable, PageMetadata):
    """A press release; its ``publish_at`` is the date it carries."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    dateline = models.CharField(
        max_length=100, blank=True, help_text='Where it was issued: "New York, N.Y."'
    )
    summary = models.TextField(
        blank=True, help_text="Plain text, for lists and the page's description."
    )
    body = RichTextField(blank=True)
    image = ImageField(
        "lead image",
        upload_to="press/%Y/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "image alt text",
        max_length=300,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    image_caption = models.CharField(max_length=300, blank=True)
    tags = TaggableManager(through=TaggedItem, blank=True)
    resources = models.ManyToManyField(
        Resource,
        blank=True,
        related_name="press_releases",
        help_text='Each is shown as "To read our resource …".',
    )
    author = models.CharField(max_length=200, blank=True)
    # Maintained by a database trigger on PostgreSQL (see cepsite.fulltext);
    # unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PressReleaseQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-publish_at", "-pk"]
        verbose_name = "press release"
        # The publishing index with the key added: it gives the lists their
        # full order, and answers "which published releases" from the index
        # alone, as the tag pages' counts ask it.
        indexes = [
            models.Index(fields=["status", "-publish_at", "-id"], name="press_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="pressrelease_image_has_alt",
                violation_error_message="Alt text is required when an image is set.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("press:detail", args=[self.slug])

    def public_resources(self):
        """The published resources this release links to, by title."""
        return list(
            self.resources.published().only("title", "slug").order_by("title", "pk")
        )

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Alt text is required when an image is set."}
            )


class MonthTally(models.Model):
    """
    How many press releases are published and not withdrawn, scheduled ones
    included, in a month of ``zone``'s calendar. Kept by PostgreSQL triggers
    on the releases (migration 0008), recounted by
    ``press.services.month_tallies_rebuild``, and read by the archive of
    months; other databases leave it empty. Editors never see it.
    """

    zone = models.CharField(max_length=64)
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    number = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "month"], name="press_monthtally_unique"
            ),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02} in {self.zone}: {self.number}"
