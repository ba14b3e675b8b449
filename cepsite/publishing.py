"""
The publishing model every public content type shares, and its one
definition of "public": :func:`published_q`. The queryset filter, the
single-item check and staff preview all derive from it.
"""

import operator

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from cepsite.dates import Precision, format_partial_date
from cepsite.images import ImageField
from cepsite.models import SlugRedirect


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def published_q(now=None):
    """What anonymous readers may see: published, due by ``now``, not withdrawn."""
    return Q(
        status=Status.PUBLISHED,
        publish_at__lte=now or timezone.now(),
        withdrawn_at__isnull=True,
    )


_LOOKUPS = {
    "exact": operator.eq,
    "lte": operator.le,
    "lt": operator.lt,
    "gte": operator.ge,
    "gt": operator.gt,
    "isnull": lambda value, wanted: (value is None) == wanted,
}


def q_matches(q, item):
    """Whether ``item`` meets ``q``, a Q of plain field lookups, read in Python."""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(q_matches(child, item))
            continue
        path, wanted = child
        name, _, lookup = path.partition("__")
        results.append(_LOOKUPS[lookup or "exact"](getattr(item, name), wanted))
    met = any(results) if q.connector == Q.OR else all(results)
    return not met if q.negated else met


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What anonymous readers may see (see :func:`published_q`)."""
        return self.filter(published_q())

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def scheduled(self):
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def withdrawn(self):
        """Items that were public and are withdrawn: their addresses answer 410."""
        return self.filter(
            status=Status.PUBLISHED,
            publish_at__lte=timezone.now(),
            withdrawn_at__isnull=False,
        )


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
    withdrawn_at = models.DateTimeField(
        "withdrawn at",
        null=True,
        blank=True,
        help_text="Set to withdraw a published item: it leaves every list, and "
        "its address answers with a notice saying why.",
    )
    withdrawal_note = models.TextField(
        blank=True, help_text="Shown to readers at the withdrawn item's address."
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
        """Whether anonymous readers may see this item now."""
        return q_matches(published_q(), self)

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def visibility_label(self):
        """A reader-facing word on where the item stands."""
        if self.status == Status.DRAFT:
            return "Draft"
        if self.withdrawn_at is not None:
            local = timezone.localtime(self.withdrawn_at)
            return f"Withdrawn on {format_partial_date(local.date(), Precision.DAY)}"
        if self.is_scheduled:
            local = timezone.localtime(self.publish_at)
            day = format_partial_date(local.date(), Precision.DAY)
            return f"Scheduled for {day}, {local:%H:%M}"
        return "Published"


class PageMetadata(models.Model):
    """Abstract: what search engines and social cards show of a page."""

    seo_title = models.CharField(
        "SEO title",
        max_length=70,
        blank=True,
        help_text="The title search engines show; the title when empty.",
    )
    search_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="The description search engines show; the summary when empty.",
    )
    social_image = ImageField(
        upload_to="social/%Y/",
        blank=True,
        help_text="The picture on social cards; the lead image when empty.",
    )

    class Meta:
        abstract = True


class PreviewMixin:
    """
    Detail views serve published items to everyone, and anything to staff,
    so an editor can open a draft's URL and see it. The item is also put in
    the context as ``preview_object``, from which ``base.html`` warns the
    editor when what they see is not public.

    A withdrawn item's address answers readers with 410 Gone and a notice
    (``tombstone.html``: its title, when it was published and withdrawn,
    and why), so that a citation of it never ends in "not found".
    """

    tombstone_template = "tombstone.html"

    def _is_staff(self):
        user = self.request.user
        return user.is_authenticated and user.is_staff

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            withdrawn = self._withdrawn_item()
            if withdrawn is None:
                raise
            return self.render_tombstone(withdrawn)

    def _withdrawn_item(self):
        """The withdrawn item at this address, or at one it had, if any."""
        if self._is_staff():
            return None  # Staff are shown the item itself.
        withdrawn = self.model._default_manager.withdrawn()
        try:
            return self.get_object(withdrawn)
        except Http404:
            slug = self.kwargs.get(self.slug_url_kwarg)
            return slug and SlugRedirect.objects.target(withdrawn, slug)

    def render_tombstone(self, item):
        return TemplateResponse(
            self.request,
            self.tombstone_template,
            {
                "item": item,
                "title": str(item),
                "kind": item._meta.verbose_name,
                "published_at": item.publish_at,
                "withdrawn_at": item.withdrawn_at,
                "note": item.withdrawal_note,
            },
            status=410,
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self._is_staff() else queryset.published()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self._is_staff():
            # What staff see may be a draft: never kept by a browser or proxy.
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview_object"] = self.object
        return context
