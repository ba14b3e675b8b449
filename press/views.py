from django.views.generic import DetailView, ListView

from cepsite.views import PreviewMixin

from .models import PressRelease


class PressListView(ListView):
    template_name = "press/list.html"
    context_object_name = "releases"
    paginate_by = 20

    def get_queryset(self):
        return PressRelease.objects.published().prefetch_related("tags")


class PressDetailView(PreviewMixin, DetailView):
    model = PressRelease
    template_name = "press/detail.html"
    context_object_name = "release"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags", "resources")
