from django import forms
from django.views.generic import DetailView, ListView

from cepsite.pagecache import keyed_on
from cepsite.publishing import PreviewMixin
from cepsite.redirects import SlugRedirectMixin
from cepsite.tagging import Tag, tags_of, with_tag

from .models import Resource


class ResourceFilterForm(forms.Form):
    tag = forms.CharField(
        required=False,
        max_length=100,
        error_messages={"max_length": "That tag name is too long."},
    )


def group_by_kind(resources):
    """``[(kind label, [resources])]`` in the order of ``Resource.Kind``."""
    groups = {kind: [] for kind in Resource.Kind}
    for resource in resources:
        groups[Resource.Kind(resource.kind)].append(resource)
    return [(kind.label, items) for kind, items in groups.items() if items]


@keyed_on(ResourceFilterForm)
class ResourceListView(ListView):
    template_name = "resources/list.html"
    context_object_name = "resources"

    def get(self, request, *args, **kwargs):
        self.form = ResourceFilterForm(request.GET)
        self.form.is_valid()
        slug = self.form.cleaned_data.get("tag", "")
        self.tag = Tag.objects.filter(slug=slug).first() if slug else None
        self.unknown_tag = slug if slug and self.tag is None else ""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        resources = Resource.objects.published().order_by("title", "pk")
        if self.unknown_tag:
            return resources.none()
        if self.tag is not None:
            resources = with_tag(resources, self.tag)
        return resources

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            groups=group_by_kind(context["resources"]),
            tag=self.tag,
            unknown_tag=self.unknown_tag,
            filter_messages=[
                error for errors in self.form.errors.values() for error in errors
            ],
        )
        return context


class ResourceDetailView(SlugRedirectMixin, PreviewMixin, DetailView):
    """A reference page; the site's page adds what other apps say of it."""

    model = Resource
    template_name = "resources/detail.html"
    context_object_name = "resource"

    def get_queryset(self):
        # The search vector is read by site search only.
        return super().get_queryset().defer("search_vector")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tags"] = tags_of(self.object)
        return context
