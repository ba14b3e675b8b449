import os

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language_info
from taggit.managers import TaggableManager

from cepsite.dates import Precision, format_partial_date, truncate_to_precision
from cepsite.publishing import Publishable
from cepsite.tagging import TaggedItem
from resources.models import Organization, Person

from .querysets import QuoteQuerySet
from .tallies import CategoryTally, OrganizationTally, QuoteTally, YearTally

__all__ = ["CategoryTally", "OrganizationTally", "QuoteTally", "YearTally"]


class Category(models.Model):
    """One term of the controlled vocabulary of rhetoric ("pro-violence")."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    definition = models.TextField(help_text="Shown in the glossary: what it covers.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Quote(Publishable):
    """A quote, fact or tweet in the archive of extremists' own words."""

    class Kind(models.TextChoices):
        QUOTE = "quote", "Quote"
        FACT = "fact", "Fact"
        TWEET = "tweet", "Tweet"

    Precision = Precision

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUOTE)
    text = models.TextField()
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
        help_text="Who said it. Facts have no person.",
    )
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text='The person\'s role at the time, such as "Security Official".',
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    context = models.CharField(
        max_length=500,
        blank=True,
        help_text='The occasion, such as "In response to the strikes:".',
    )
    said_on = models.DateField("date", null=True, blank=True)
    said_on_precision = models.CharField(
        "date precision",
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the date is known. Month and year dates print "
        'as "Mar. 2023" and "2023".',
    )
    original_text = models.TextField(
        blank=True, help_text="The words as said, in their own language."
    )
    original_language = models.CharField(
        max_length=35,
        blank=True,
        help_text='The original\'s language as a BCP 47 code, such as "ar".',
    )
    translation_credit = models.CharField(
        max_length=200, blank=True, help_text='Such as "CEP translation".'
    )
    source_title = models.CharField(max_length=300, blank=True)
    source_url = models.URLField(max_length=1000, blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="quotes")
    tags = TaggableManager(through=TaggedItem, blank=True)
    featured_on = models.DateField(
        "Daily Dose on",
        null=True,
        blank=True,
        help_text="The day this item is the home page's Daily Dose.",
    )
    # Maintained by a database trigger on PostgreSQL (see quotes.search);
    # unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = QuoteQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = [models.F("said_on").desc(nulls_last=True), "-pk"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["-said_on", "-id"], name="quote_said_on"),
            models.Index(fields=["kind", "-said_on"], name="quote_kind_said_on"),
            models.Index(fields=["organization", "-said_on"], name="quote_org_said_on"),
            models.Index(fields=["person", "-said_on"], name="quote_person_said_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["featured_on"],
                name="quote_one_daily_dose_per_day",
                violation_error_message="Another item is already the Daily Dose "
                "on that day.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="fact") | Q(person__isnull=True),
                name="quote_fact_has_no_person",
                violation_error_message="A fact has no person; remove the person "
                "or make it a quote.",
            ),
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def get_absolute_url(self):
        return reverse("quotes:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.kind == self.Kind.FACT and self.person_id:
            raise ValidationError(
                {
                    "person": "A fact has no person; remove the person or make it "
                    "a quote."
                }
            )

    def save(self, *args, **kwargs):
        self.said_on = truncate_to_precision(self.said_on, self.said_on_precision)
        super().save(*args, **kwargs)

    @property
    def display_date(self):
        """The date as far as it is known: "12 Mar. 2023", "Mar. 2023", "2023"."""
        return format_partial_date(self.said_on, self.said_on_precision)

    @property
    def original_direction(self):
        """ "rtl" for an original in a right-to-left script, else "ltr" ("auto" if
        its language is not given)."""
        return text_direction(self.original_language)

    @property
    def original_language_name(self):
        """The original's language in English ("Arabic"), else its code."""
        return language_name(self.original_language)

    @property
    def attribution(self):
        """ "Abu Ali al-Askari, Kata'ib Hezbollah (KH) Security Official"."""
        affiliation = self.organization.display_name if self.organization else ""
        description = " ".join(part for part in (affiliation, self.role) if part)
        speaker = self.person.name if self.person else ""
        return ", ".join(part for part in (speaker, description) if part)


# Languages written right to left, by their BCP 47 primary subtag.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku", "ps", "sd", "ug", "ur", "yi"}
)


def text_direction(language):
    """The ``dir`` of text in ``language`` (a BCP 47 code): rtl, ltr or auto."""
    if not language:
        return "auto"
    subtags = language.replace("_", "-").lower().split("-")
    # A script subtag overrides the language's usual one: "ku-Latn" is ltr.
    if "arab" in subtags[1:] or "hebr" in subtags[1:]:
        return "rtl"
    if any(len(tag) == 4 for tag in subtags[1:]):
        return "ltr"
    return "rtl" if subtags[0] in RTL_LANGUAGES else "ltr"


def language_name(language):
    """The English name of a BCP 47 code Django knows ("Arabic"), else the code."""
    if not language:
        return ""
    try:
        return get_language_info(language.split("-")[0].lower())["name"]
    except KeyError:
        return language


def public_link(url):
    """``url`` if it is an http or https address, else "" (never a javascript: link)."""
    return url if url.lower().startswith(("https://", "http://")) else ""


class SnapshotStorage(FileSystemStorage):
    """
    Captured copies of sources, under ``PRIVATE_MEDIA_ROOT``: evidence, not
    publication, so they have no public URL and no web server serves them.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


class Source(models.Model):
    """Where a quote was found: one of its sources, in order."""

    class LinkStatus(models.TextChoices):
        UNCHECKED = "unchecked", "Not checked yet"
        LIVE = "live", "Live"
        MOVED = "moved", "Moved"
        DEAD = "dead", "Offline"

    Precision = Precision

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveIntegerField(default=0)
    publisher = models.CharField(
        max_length=200, blank=True, help_text='Such as "Al-Manar".'
    )
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField("URL", max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    accessed_on = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=35, blank=True, help_text='A BCP 47 code, such as "ar".'
    )
    archive_url = models.URLField(
        "web archive URL",
        max_length=1000,
        blank=True,
        help_text="A public web-archive copy, such as one on the Wayback Machine.",
    )
    snapshot = models.FileField(
        upload_to="snapshots/%Y/%m/",
        storage=SnapshotStorage(),
        blank=True,
        editable=False,
    )
    snapshot_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    captured_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_status = models.CharField(
        max_length=10,
        choices=LinkStatus.choices,
        default=LinkStatus.UNCHECKED,
        editable=False,
    )
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    offline_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The first check that found the link dead, since it last answered.",
    )

    class Meta:
        ordering = ["quote", "position", "pk"]
        indexes = [
            models.Index(fields=["quote", "position"], name="quote_source_order"),
            models.Index(fields=["link_status"], name="quote_source_link_status"),
        ]

    def __str__(self):
        return self.title or self.publisher or self.url or f"Source #{self.pk}"

    def save(self, *args, **kwargs):
        self.published_on = truncate_to_precision(
            self.published_on, self.published_on_precision
        )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {
            name: "Give an http:// or https:// address."
            for name in ("url", "archive_url")
            if getattr(self, name)
            and not getattr(self, name).lower().startswith(("http://", "https://"))
        }
        if not (self.url or self.title):
            errors.setdefault("url", "Give the source's URL or its title.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_date(self):
        return format_partial_date(self.published_on, self.published_on_precision)

    @property
    def is_offline(self):
        return self.link_status == self.LinkStatus.DEAD

    @property
    def public_url(self):
        return public_link(self.url)

    @property
    def public_archive_url(self):
        return public_link(self.archive_url)
