"""The publishing model every public content type shares."""

from django.db import models
from django.utils import timezone

from cepsite.dates import Precision, format_partial_date


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What anonymous readers may see: published, and due by now."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())


class Publishable(models.Model):
    """
    Abstract base of press releases, quotes and resources.

    ``status`` says whether an editor released the item; ``publish_at`` says
    from when. A published item whose ``publish_at`` lies ahead is scheduled
    and stays invisible to the public until then.
    """

    Status = Status

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        "publish at",
        default=timezone.now,
        help_text="A time in the future schedules the item.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["status", "-publish_at"], name="%(app_label)s_%(class)s_pub"
            ),
        ]

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def visibility_label(self):
        """A reader-facing word on where the item stands."""
        if self.status == Status.DRAFT:
            return "Draft"
        if self.is_scheduled:
            local = timezone.localtime(self.publish_at)
            day = format_partial_date(local.date(), Precision.DAY)
            return f"Scheduled for {day}, {local:%H:%M}"
        return "Published"
