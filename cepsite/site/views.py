"""The pages that combine apps: home, tag pages, site search, resource pages."""

import logging

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cepsite.models import SlugRedirect
from cepsite.pagecache import cache_health, cached_result, keyed_on
from cepsite.pagination import paginate
from cepsite.tagging import Tag
from press.models import PressRelease
from quotes.speakers import quotes_for_resource
from resources.models import Resource
from resources.views import ResourceDetailView

from .corrections import public_corrections
from .search import SearchForm, Section, name_results, overview, search_site
from .structured_data import resource_page_metadata
from .tags import content_for_tag

logger = logging.getLogger(__name__)

HOME_PRESS_LIMIT = 6
HOME_FEATURED_LIMIT = 6
SEARCH_PREVIEW_LIMIT = 5
SEARCH_PAGE_SIZE = 20


@require_safe
def home(request):
    latest_press = (
        PressRelease.objects.published().listed().order_by("-publish_at", "-pk")
    )
    featured = (
        Resource.objects.published()
        .defer("body", "search_vector")
        .filter(featured=True)
        .order_by("title")
    )
    return render(
        request,
        "cepsite/home.html",
        {
            "latest_press": latest_press[:HOME_PRESS_LIMIT],
            "featured_resources": featured[:HOME_FEATURED_LIMIT],
        },
    )


def _public_tag_or_404(slug):
    tag = get_object_or_404(Tag, slug=slug)
    sections = content_for_tag(tag)
    # A tag used only on drafts must not reveal that they exist.
    if not any(section.count for section in sections):
        raise Http404("Nothing published has this tag.")
    return tag, sections


@require_safe
def tag_page(request, slug):
    try:
        tag, sections = _public_tag_or_404(slug)
    except Http404:
        # A tag whose slug has changed since: its old address leads to it.
        renamed = SlugRedirect.objects.target(Tag.objects.all(), slug)
        if renamed is None:
            raise
        # Only to a page readers may see (a 404 otherwise, as for any tag).
        _public_tag_or_404(renamed.slug)
        return redirect("tag", renamed.slug, permanent=True)
    return render(request, "cepsite/tag.html", {"tag": tag, "sections": sections})


@require_safe
@keyed_on(SearchForm, "page")
def search(request):
    """
    Site search: on its own, the organisations and people the query names
    and the first few of each kind of content; with ``type``, the results of
    that kind, page by page. Most relevant first, unless too many match to
    rank (see cepsite.fulltext.matching.RANKED_LIMIT).
    """
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "").strip()
    kind = form.cleaned_data.get("type", "")
    context = {"form": form, "query": query, "messages_for_query": form.messages()}
    if not query:
        return render(request, "cepsite/search.html", context)
    results = search_site(query)
    if not results.has_terms:
        context["messages_for_query"].append(
            "Type a word to look for: a word after a minus sign is only left out."
        )
    elif kind:
        found = dict(results.sections)[kind]
        paginator, page, page_message = paginate(
            found, SEARCH_PAGE_SIZE, request.GET.get("page")
        )
        context.update(
            section=Section.of(kind, found),
            page_obj=page,
            paginator=paginator,
            page_message=page_message,
            is_paginated=page.has_other_pages(),
        )
    else:
        sections = overview(results, SEARCH_PREVIEW_LIMIT)
        context.update(
            sections=sections,
            total=sum(section.count for section in sections),
            total_is_broad=any(section.is_broad for section in sections),
            names=name_results(results.names),
        )
    return render(request, "cepsite/search.html", context)


class ResourcePageView(ResourceDetailView):
    """A reference page, with its speakers' latest words and related press."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource = self.object
        tags = context["tags"]
        context.update(
            speaker_quotes=cached_result(
                f"resource-quotes:{resource.pk}",
                lambda: quotes_for_resource(resource),
            ),
            related_press=cached_result(
                f"resource-press:{resource.pk}",
                lambda: PressRelease.objects.for_resource(resource, tags),
            ),
        )
        context["page_metadata"] = resource_page_metadata(
            resource,
            request=self.request,
            # Results cached before speakers were kept have none.
            speakers=getattr(context["speaker_quotes"], "speakers", []),
        )
        return context


@require_safe
def robots_txt(request):
    if settings.SITE_INDEXABLE:
        sitemap = request.build_absolute_uri(reverse("sitemap"))
        admin = reverse("admin:index")
        # The archive's downloads repeat its pages as files, at length.
        downloads = reverse("quotes:download_csv").rsplit(".", 1)[0]
        lines = [
            "User-agent: *",
            f"Disallow: {admin}",
            f"Disallow: {downloads}",
            "",
            f"Sitemap: {sitemap}",
        ]
    else:
        lines = ["User-agent: *", "Disallow: /"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _database_health():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        # Whatever stops the query, this instance cannot serve pages.
        logger.exception("Health check: the database failed")
        return False, f"{type(error).__name__}: {error}"
    return True, "ok"


@never_cache
def healthz(request):
    """
    The database and the cache, each checked, as JSON. 503 when the
    database fails: this instance cannot serve pages. 200 with status
    "degraded" when only the cache fails: pages are still served, uncached,
    and taking every instance out because their shared cache failed would
    stop the whole site (docs/decisions/0021-cache-fails-soft.md).
    """
    database_ok, database = _database_health()
    cache_ok, cache = cache_health()
    if not database_ok:
        status, code = "unavailable", 503
    elif not cache_ok:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = JsonResponse(
        {"status": status, "database": database, "cache": cache}, status=code
    )
    response["X-Health"] = status
    return response


CORRECTIONS_PAGE_SIZE = 20


@require_safe
@keyed_on("page")
def corrections(request):
    """Every public correction, newest first, page by page, with its item."""
    paginator, page, page_message = paginate(
        public_corrections(), CORRECTIONS_PAGE_SIZE, request.GET.get("page")
    )
    return render(
        request,
        "cepsite/corrections.html",
        {
            "corrections": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "page_message": page_message,
            "is_paginated": page.has_other_pages(),
        },
    )
