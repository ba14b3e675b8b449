"""The archive's citation files: one item's, and a whole result's."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cepsite.citations import RESULT_CITATION_CAP, CitationFileView
from cepsite.pagecache import keyed_on

from .citations import quote_item
from .forms import ArchiveFilterForm
from .models import Quote


def cite_items(quotes, request):
    """CSL-JSON items of ``quotes`` (attribution and sources fetched along)."""
    accessed = timezone.localdate()
    return [
        quote_item(
            quote,
            url=request.build_absolute_uri(quote.get_absolute_url()),
            accessed=accessed,
            sources=quote.sources.all(),
        )
        for quote in quotes
    ]


class QuoteCitationView(CitationFileView):
    """One public quote, fact or tweet as a citation file."""

    def get_items(self):
        quotes = Quote.objects.published().with_attribution().defer("search_vector")
        self.quote = get_object_or_404(
            quotes.prefetch_related("sources"), pk=self.kwargs["pk"]
        )
        return cite_items([self.quote], self.request)

    def get_filename(self):
        return f"quote-{self.quote.pk}"


@keyed_on(ArchiveFilterForm)
class ResultCitationView(CitationFileView):
    """
    The archive's current result as a citation file: the page's filters and
    order, its first :data:`RESULT_CITATION_CAP` items, the cap said in the
    response.
    """

    cap = RESULT_CITATION_CAP

    def get_items(self):
        form = ArchiveFilterForm(self.request.GET)
        if not form.is_valid():
            problems = "".join(
                f"{problem.label}: {problem.text}\n" for problem in form.problems()
            )
            return HttpResponseBadRequest(
                "Some filters could not be used, so there is nothing to cite.\n"
                f"{problems}",
                content_type="text/plain; charset=utf-8",
            )
        quotes = list(
            form.filter(Quote.objects.published())
            .with_attribution()
            .defer("search_vector")
            .newest_first()
            .prefetch_related("sources")[: self.cap + 1]
        )
        self.capped = len(quotes) > self.cap
        return cite_items(quotes[: self.cap], self.request)

    def get_filename(self):
        return "quotes"
