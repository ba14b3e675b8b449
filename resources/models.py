from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from taggit.managers import TaggableManager

from cepsite.images import ImageField
from cepsite.publishing import PageMetadata, Publishable
from cepsite.richtext import RichTextField
from cepsite.tagging import TaggedItem


def split_aliases(text):
    """Aliases are kept one a line; blank lines mean nothing."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Resource(Publishable, PageMetadata):
    """A reference page on a country, a group, a person, a topic or a report."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        GROUP = "group", "Group"
        PERSON = "person", "Person"
        TOPIC = "topic", "Topic"
        REPORT = "report", "Report"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, db_index=True)
    summary = models.TextField(
        blank=True, help_text="Plain text, for cards and the page's description."
    )
    body = RichTextField(blank=True)
    image = ImageField(
        upload_to="resources/%Y/",
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
    image_credit = models.CharField(max_length=300, blank=True)
    featured = models.BooleanField(
        default=False, help_text="Shown on the home page.", db_index=True
    )
    tags = TaggableManager(through=TaggedItem, blank=True)
    # Maintained by a database trigger on PostgreSQL (see cepsite.fulltext);
    # unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta(Publishable.Meta):
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="resource_image_has_alt",
                violation_error_message="Alt text is required when an image is set.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Alt text is required when an image is set."}
            )


class Organization(models.Model):
    """A group whose words the archive records, such as Kata'ib Hezbollah."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text='Such as "KH".')
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names and spellings, one a line. Search finds them.",
    )
    profile = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
        help_text="The group's resource page, if there is one.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """ "Kata'ib Hezbollah (KH)" when there is a short name."""
        if self.short_name and self.short_name != self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    @property
    def alias_list(self):
        return split_aliases(self.aliases)


class Person(models.Model):
    """Someone whose words the archive records."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names and spellings, one a line. Search finds them.",
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The organisation the person belongs to now.",
    )
    profile = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The person's resource page, if there is one.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    @property
    def alias_list(self):
        return split_aliases(self.aliases)
