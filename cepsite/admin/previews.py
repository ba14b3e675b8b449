"""
Shareable preview links on the change page of a press release, quote or
resource: editors make one for a number of days, see the item's links with
their state, and revoke any. The links themselves are ``cepsite.previews``.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from cepsite import previews
from cepsite.roles import can_publish


class PreviewLinkForm(forms.Form):
    days = forms.IntegerField(
        min_value=1,
        max_value=previews.MAX_DAYS,
        initial=previews.DEFAULT_DAYS,
        help_text="How many days the link works.",
    )
    note = forms.CharField(
        max_length=200, required=False, help_text="Who the link is for."
    )


class PreviewLinksAdminMixin:
    """Adds the preview-link views and the list of links to a ModelAdmin."""

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # The item the change view already read: no second query for it.
        context = {**self.preview_links_context(request, obj), **context}
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview-links/",
                wrap(require_POST(self.preview_link_create_view)),
                name=f"{name}_preview_link_create",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                wrap(require_POST(self.preview_link_revoke_view)),
                name=f"{name}_preview_link_revoke",
            ),
            *super().get_urls(),
        ]

    def may_share_previews(self, request):
        return can_publish(request.user, self.model)

    def preview_links_context(self, request, obj):
        """What the change page shows of the item's preview links."""
        if obj is None or not self.may_share_previews(request):
            return {}
        links = [
            {
                "link": link,
                "url": previews.url_for(link, request),
                "state": previews.link_state(link),
            }
            for link in previews.links_of(obj)
        ]
        return {"preview_links": links, "preview_link_form": PreviewLinkForm()}

    def _shared_item(self, request, object_id):
        if not self.may_share_previews(request):
            raise PermissionDenied("Only editors share preview links.")
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such item.")
        return obj

    def _back_to(self, obj):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return HttpResponseRedirect(f"{url}#preview-links")

    def _log_preview(self, request, obj, message):
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=[obj],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )

    def preview_link_create_view(self, request, object_id):
        obj = self._shared_item(request, object_id)
        form = PreviewLinkForm(request.POST)
        if not form.is_valid():
            errors = "; ".join(
                f"{field}: {' '.join(errs)}" for field, errs in form.errors.items()
            )
            self.message_user(
                request, f"No preview link made. {errors}", messages.ERROR
            )
            return self._back_to(obj)
        link = previews.preview_link_create(
            item=obj,
            days=form.cleaned_data["days"],
            note=form.cleaned_data["note"],
            user=request.user,
        )
        self._log_preview(
            request, obj, f"Shared a preview link for {form.cleaned_data['days']} days."
        )
        self.message_user(
            request,
            f"Preview link made: {previews.url_for(link, request)}",
            messages.SUCCESS,
        )
        return self._back_to(obj)

    def preview_link_revoke_view(self, request, object_id, link_id):
        obj = self._shared_item(request, object_id)
        link = previews.links_of(obj).filter(pk=link_id).first()
        if link is None:
            raise Http404("No such preview link on this item.")
        previews.preview_link_revoke(link=link)
        self._log_preview(request, obj, "Revoked a preview link.")
        self.message_user(request, "Preview link revoked.", messages.SUCCESS)
        return self._back_to(obj)
