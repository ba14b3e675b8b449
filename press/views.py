import re
from functools import cached_property

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from cepsite.citations import CitationFileView
from cepsite.dates import MONTH_NAMES
from cepsite.pagecache import cached_result, keyed_on
from cepsite.pagination import ForgivingPaginationMixin
from cepsite.publishing import PreviewMixin
from cepsite.redirects import SlugRedirectMixin
from cepsite.tagging import Tag, tags_of

from .citations import press_item, press_page_metadata
from .forms import PressFilterForm
from .models import PressRelease

_OPENING_PARAGRAPH = re.compile(r"^\s*<p>", re.IGNORECASE)

# The most releases of one tag that the list counts and lists.
TAG_LISTING_LIMIT = 1_000


def dateline_lead(release):
    """ "(New York, N.Y.) — March 3, 2023 — ", as the release's body opens."""
    day = date_format(timezone.localtime(release.publish_at), "F j, Y")
    if release.dateline:
        return format_html("({}) — {} — ", release.dateline, day)
    return format_html("{} — ", day)


def body_with_dateline(release):
    """
    The body with the dateline run into its first paragraph, the way the
    press office writes it. A body that opens otherwise gets the dateline
    as a paragraph of its own.
    """
    lead = format_html('<span class="dateline">{}</span>', dateline_lead(release))
    body = release.body or ""
    if _OPENING_PARAGRAPH.match(body):
        # The body was cleaned against the allow-list when it was saved.
        opened = _OPENING_PARAGRAPH.sub(lambda _: f"<p>{lead}", body, count=1)
        return mark_safe(opened)
    return mark_safe(f"<p>{lead}</p>{body}")


def press_archive():
    """
    Years and months that have published releases, newest first; kept under
    the content version, since every press list page shows it and it counts
    every published release.
    """
    return cached_result("press-archive", _press_archive)


def _press_archive():
    years = []
    for year, month, count in PressRelease.objects.published_months():
        if not years or years[-1]["year"] != year:
            years.append({"year": year, "count": 0, "months": []})
        years[-1]["count"] += count
        years[-1]["months"].append(
            {"month": month, "name": MONTH_NAMES[month], "count": count}
        )
    return years


class Counted:
    """Releases for a paginator, counted by ``count``, a function."""

    def __init__(self, queryset, count):
        self.queryset = queryset
        self._count = count

    def count(self):
        return self._count()

    def __getitem__(self, index):
        return self.queryset[index]

    def __len__(self):
        return self.count()


def archive_count(archive, year=None, month=None):
    """How many releases the archive of months counts in ``year`` (and ``month``)."""
    return sum(
        entry["count"]
        for row in archive
        if year is None or row["year"] == year
        for entry in row["months"]
        if month is None or entry["month"] == month
    )


@keyed_on(PressFilterForm, "page")
class PressListView(ForgivingPaginationMixin, ListView):
    template_name = "press/list.html"
    context_object_name = "releases"
    paginate_by = 20
    # Set when a tag labels more releases than are listed.
    more_than = 0

    def get(self, request, *args, **kwargs):
        self.form = PressFilterForm(request.GET)
        self.filters = self.form.filters()
        self.tag = None
        if "tag" in self.filters:
            self.tag = Tag.objects.filter(slug=self.filters["tag"]).first()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        releases = PressRelease.objects.published()
        if "year" in self.filters:
            releases = releases.filter(publish_at__year=self.filters["year"])
        if "month" in self.filters:
            releases = releases.filter(publish_at__month=self.filters["month"])
        if "tag" in self.filters:
            if self.tag is None:
                return releases.none()
            releases = releases.tagged(self.tag)
        return releases.order_by("-publish_at", "-pk")

    @cached_property
    def archive(self):
        return press_archive()

    def paginate_queryset(self, queryset, page_size):
        """
        Paginate with a count that costs no query of its own: without a tag,
        the archive of months has counted the releases already; with one,
        the count is kept under the content version.
        """
        year, month = self.filters.get("year"), self.filters.get("month")
        if "tag" not in self.filters:
            counted = Counted(
                queryset, lambda: archive_count(self.archive, year, month)
            )
        elif self.tag is not None:
            # A busy tag labels thousands: its releases are counted as far
            # as the limit, and the newest that many listed (decision 0032).
            name = f"press-count:{self.tag.pk}:{year or ''}:{month or ''}"
            found = cached_result(
                name, queryset.order_by()[: TAG_LISTING_LIMIT + 1].count
            )
            self.more_than = TAG_LISTING_LIMIT if found > TAG_LISTING_LIMIT else 0
            counted = Counted(queryset, lambda: min(found, TAG_LISTING_LIMIT))
        else:
            # An unknown tag lists nothing, which costs nothing to count.
            counted = queryset
        return super().paginate_queryset(counted, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = self.filters.get("year"), self.filters.get("month")
        context.update(
            form=self.form,
            filter_messages=self.form.messages(),
            archive=self.archive,
            tag=self.tag,
            unknown_tag=self.filters.get("tag") if self.tag is None else None,
            year=year,
            month_name=MONTH_NAMES[month] if month else "",
            is_filtered=bool(self.filters),
            more_than=self.more_than,
        )
        return context


class PressDetailView(SlugRedirectMixin, PreviewMixin, DetailView):
    model = PressRelease
    template_name = "press/detail.html"
    context_object_name = "release"

    def get_queryset(self):
        # The search vector is read by site search only.
        return super().get_queryset().defer("search_vector")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        release = self.object
        tags = tags_of(release)
        context.update(
            body=body_with_dateline(release),
            cite=press_page_metadata(release, request=self.request),
            tags=tags,
            resources=release.public_resources(),
            related_press=cached_result(
                f"press-related:{release.pk}",
                lambda: PressRelease.objects.related_to(release, tags),
            ),
        )
        return context


def release_citation(release, request):
    """The release as a CSL-JSON item, read today at its permanent address."""
    return press_item(
        release,
        url=request.build_absolute_uri(release.get_absolute_url()),
        accessed=timezone.localdate(),
    )


class PressCitationView(CitationFileView):
    """One public press release as a citation file."""

    def get_items(self):
        releases = PressRelease.objects.published().defer("search_vector", "body")
        self.release = get_object_or_404(releases, slug=self.kwargs["slug"])
        return [release_citation(self.release, self.request)]

    def get_filename(self):
        return self.release.slug
