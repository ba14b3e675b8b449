from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from taggit.managers import TaggableManager

from cepsite.images import ImageField
from cepsite.publishing import PageMetadata, Publishable, PublishableQuerySet
from cepsite.richtext import RichTextField
from cepsite.tagging import TaggedItem, with_tag
from resources.models import Resource

from .related import UNLISTED_FIELDS, ranked_press

RELATED_PRESS_LIMIT = 5


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
