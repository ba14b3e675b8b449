"""Old addresses of published pages, answered with a permanent redirect."""

from django.http import Http404, HttpResponsePermanentRedirect

from .models import SlugRedirect


class SlugRedirectMixin:
    """
    For a detail view found by slug: when no item has the slug, but a
    published one used to, redirect there for good.

    The current item is looked up in the view's own queryset, so the redirect
    reveals nothing the reader could not open directly: an item unpublished
    since is a 404 at its old address as at its new one.
    """

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            target = slug and SlugRedirect.objects.target(self.get_queryset(), slug)
            if not target:
                raise
            url = target.get_absolute_url()
            if query := request.META.get("QUERY_STRING"):
                url = f"{url}?{query}"
            return HttpResponsePermanentRedirect(url)
