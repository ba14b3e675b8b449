from django.views.generic import DetailView, ListView

from cepsite.views import PreviewMixin

from .models import Quote


class ArchiveView(ListView):
    template_name = "quotes/archive.html"
    context_object_name = "quotes"
    paginate_by = 25

    def get_queryset(self):
        return Quote.objects.published().with_attribution().newest_first()


class QuoteDetailView(PreviewMixin, DetailView):
    model = Quote
    template_name = "quotes/detail.html"
    context_object_name = "quote"

    def get_queryset(self):
        return super().get_queryset().with_attribution().prefetch_related("tags")


class DailyDoseView(ListView):
    template_name = "quotes/daily_dose.html"
    context_object_name = "quotes"
    paginate_by = 30

    def get_queryset(self):
        return (
            Quote.objects.published()
            .filter(featured_on__isnull=False)
            .with_attribution()
            .order_by("-featured_on")
        )
