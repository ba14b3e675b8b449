"""
The preview of a press release, quote or resource as readers would see it,
draft or not, for staff who may see the item in the admin.
"""

from django.apps import apps
from django.http import Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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
