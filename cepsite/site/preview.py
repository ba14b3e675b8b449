"""
The preview of a press release, quote or resource as readers would see it,
draft or not: for staff who may see the item in the admin, and for anyone
holding a shareable preview link (``cepsite.previews``).
"""

from django.apps import apps
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cepsite.previews import PreviewLinkError, open_token
from press.views import PressDetailView
from quotes.views import QuoteDetailView

from .views import ResourcePageView

# The public page of each previewable model. Their PreviewMixin serves staff
# any item, and puts the "not public" banner on what readers cannot see.
DETAIL_VIEWS = {
    ("press", "pressrelease"): PressDetailView.as_view(),
    ("quotes", "quote"): QuoteDetailView.as_view(),
    ("resources", "resource"): ResourcePageView.as_view(),
}


def _may_preview(user, app_label, model_name):
    if not (user.is_active and user.is_staff):
        return False
    return user.has_perm(f"{app_label}.view_{model_name}") or user.has_perm(
        f"{app_label}.change_{model_name}"
    )


@never_cache
@require_safe
def preview(request, app_label, model_name, pk):
    """
    The item's public page, rendered for the staff member. Anyone else gets
    a 404, as if there were nothing here, and the response is never cached,
    by the page cache (which also skips logged-in users) or anyone else.
    """
    view = DETAIL_VIEWS.get((app_label, model_name))
    if view is None or not _may_preview(request.user, app_label, model_name):
        raise Http404("Nothing to preview here.")
    model = apps.get_model(app_label, model_name)
    if not model._base_manager.filter(pk=pk).exists():
        raise Http404(f"No {model._meta.verbose_name} with that id.")
    response = view(request, pk=pk)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class _LinkedItemMixin:
    """
    Serves the one item a preview link names, whatever its state, as staff
    preview does: the rest of the page (linked resources, related press,
    profiles) still shows published items only.
    """

    link = None

    def _is_staff(self):
        # Holding the link grants what staff preview grants, for this item.
        return True

    def get_queryset(self):
        return super().get_queryset().filter(pk=self.link.object_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["shared_preview"] = self.link
        return context


LINK_VIEWS = {
    key: type(
        f"Linked{view.view_class.__name__}", (_LinkedItemMixin, view.view_class), {}
    )
    for key, view in DETAIL_VIEWS.items()
}


def _unavailable(request, error):
    return TemplateResponse(
        request,
        "cepsite/preview_unavailable.html",
        {"message": error.message, "gone": error.status == 410, "noindex": True},
        status=error.status,
    )


@require_safe
def shared_preview(request, token):
    """
    The page a preview link opens, for anyone, never cached or indexed. A
    forged token answers 404, an expired or revoked one 410.
    """
    try:
        link = open_token(token)
    except PreviewLinkError as error:
        response = _unavailable(request, error)
    else:
        key = (link.content_type.app_label, link.content_type.model)
        view = LINK_VIEWS[key].as_view(link=link)
        response = view(request, pk=link.object_id)
    response.render()
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
