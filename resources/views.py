from django.views.generic import DetailView, ListView

from cepsite.views import PreviewMixin

from .models import Resource


class ResourceListView(ListView):
    template_name = "resources/list.html"
    context_object_name = "resources"

    def get_queryset(self):
        return Resource.objects.published().order_by("kind", "title")


class ResourceDetailView(PreviewMixin, DetailView):
    model = Resource
    template_name = "resources/detail.html"
    context_object_name = "resource"
