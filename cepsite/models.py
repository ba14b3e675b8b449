"""Models shared by the content apps."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from taggit.models import CommonGenericTaggedItemBase, Tag, TaggedItemBase


class SlugRedirectQuerySet(models.QuerySet):
    def target(self, queryset, slug):
        """
        The item of ``queryset`` that once had ``slug``, or ``None``.

        Only items the caller may see are found: give it the same queryset the
        detail view uses, so a draft is never revealed through its old URL.
        """
        content_type = ContentType.objects.get_for_model(queryset.model)
        object_id = (
            self.filter(content_type=content_type, old_slug=slug)
            .values_list("object_id", flat=True)
            .first()
        )
        if object_id is None:
            return None
        return queryset.prefetch_related(None).filter(pk=object_id).first()


class SlugRedirect(models.Model):
    """
    A slug a published item used to have, kept so its old address still leads
    to it.

    The row names the item rather than its new address: however often the
    slug changes, every old address leads straight to the current one, with
    no chain of redirects to follow and nothing to update.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    old_slug = models.SlugField(max_length=200)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlugRedirectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="slugredirect_unique_slug"
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.old_slug} → #{self.object_id}"


class TaggedItem(CommonGenericTaggedItemBase, TaggedItemBase):
    """
    One tag on one item of any content type. The item's key is a big
    integer, as the items' own keys are, so a join on it needs no cast and
    both sides' indexes serve it.
    """

    object_id = models.BigIntegerField("object ID")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_items")

    natural_key_fields = ["object_id"]

    class Meta:
        verbose_name = "tagged item"
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="cepsite_tagged_object"
            ),
            # Which items of one type carry these tags: tag pages, ?tag=
            # filters and related press, answered from the index alone.
            models.Index(
                fields=["content_type", "tag", "object_id"],
                name="cepsite_tagged_by_tag",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"],
                name="cepsite_taggeditem_one_tag_once",
            ),
        ]


class Correction(models.Model):
    """A public note correcting a published item, shown on its page."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    made_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(help_text="What was wrong and what changed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-made_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="cepsite_correction_item"
            ),
            models.Index(fields=["-made_at"], name="cepsite_correction_made_at"),
        ]

    def __str__(self):
        return f"Correction of {self.content_type.model} #{self.object_id}"


class PreviewLink(models.Model):
    """
    A link that shows one unpublished item to anyone holding it, until it
    expires or is revoked.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    note = models.CharField(
        max_length=200, blank=True, help_text="Who the link is for, for your records."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="cepsite_previewlink_item"
            ),
        ]

    def __str__(self):
        return f"Preview of {self.content_type.model} #{self.object_id}"


class ReviewRequest(models.Model):
    """A contributor's request that an editor review a draft, and its outcome."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting review"
        RETURNED = "returned", "Sent back"
        APPROVED = "approved", "Approved"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    note = models.TextField(blank=True, help_text="What the editor should know.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reviews_requested",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The editor's answer.")

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="cepsite_review_item"
            ),
            models.Index(
                fields=["state", "-submitted_at"], name="cepsite_review_state"
            ),
        ]

    def __str__(self):
        return f"Review of {self.content_type.model} #{self.object_id}"
