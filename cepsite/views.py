"""Views shared by the whole site, and the pages that cross apps."""

import logging

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from taggit.models import Tag

from press.models import PressRelease
from resources.models import Resource

from .pagination import paginate
from .search import SearchForm, search_site
from .tags import content_for_tag

logger = logging.getLogger(__name__)

HOME_PRESS_LIMIT = 6
HOME_FEATURED_LIMIT = 6
SEARCH_PREVIEW_LIMIT = 5
SEARCH_PAGE_SIZE = 20


class PreviewMixin:
    """
    Detail views serve published items to everyone, and anything to staff
    who may change it, so an editor can open a draft's URL and see it.

    The item is also put in the context as ``preview_object``, from which
    ``base.html`` warns the editor when what they see is not public.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_authenticated and user.is_staff:
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview_object"] = self.object
        return context


@require_GET
def home(request):
    latest_press = PressRelease.objects.published().order_by("-publish_at", "-pk")
    featured = Resource.objects.published().filter(featured=True).order_by("title")
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


@require_GET
def tag_page(request, slug):
    tag, sections = _public_tag_or_404(slug)
    return render(request, "cepsite/tag.html", {"tag": tag, "sections": sections})


@require_GET
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    messages = [error for errors in form.errors.values() for error in errors]
    query = form.cleaned_data.get("q", "").strip()
    kind = form.cleaned_data.get("type", "")
    context = {"form": form, "query": query, "messages_for_query": messages}
    if query:
        sections = search_site(query)
        if kind:
            section = next(section for section in sections if section.key == kind)
            paginator, page, page_message = paginate(
                section.results, SEARCH_PAGE_SIZE, request.GET.get("page")
            )
            context.update(
                section=section,
                page_obj=page,
                paginator=paginator,
                page_message=page_message,
                is_paginated=page.has_other_pages(),
            )
        else:
            context["sections"] = [
                {
                    "key": section.key,
                    "title": section.title,
                    "count": section.results.count(),
                    "results": list(section.results[:SEARCH_PREVIEW_LIMIT]),
                }
                for section in sections
            ]
            context["total"] = sum(s["count"] for s in context["sections"])
    return render(request, "cepsite/search.html", context)


@require_GET
def robots_txt(request):
    if settings.SITE_INDEXABLE:
        sitemap = request.build_absolute_uri(reverse("sitemap"))
        admin = reverse("admin:index")
        lines = ["User-agent: *", f"Disallow: {admin}", "", f"Sitemap: {sitemap}"]
    else:
        lines = ["User-agent: *", "Disallow: /"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
def healthz(request):
    """200 "ok" when the database answers; 503 otherwise, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # Whatever stops the query, this instance cannot serve pages.
        logger.exception("Health check failed")
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")
