import hashlib
from urllib.parse import urlencode

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from cepsite.citations import RESULT_CITATION_CAP
from cepsite.pagecache import cached_result, keyed_on
from cepsite.pagination import ForgivingPaginationMixin
from cepsite.publishing import PreviewMixin
from cepsite.tagging import tags_of

from . import downloads, suggest
from .citations import quote_page_metadata
from .facets import Summarised
from .forms import ArchiveFilterForm
from .models import Quote
from .search import FirstResults

# The organisation facet lists the busiest ones only: the archive knows
# thousands of organisations, and the filter form finds the rest by name.
ORGANIZATION_FACET_SIZE = 20


def _result_name(form):
    """
    A name for the result the archive's ``form`` selects: its parameters, in
    order, hashed. The same name always means the same filters.
    """
    selected = urlencode(
        sorted(
            (name, value)
            for name, values in form.data.lists()
            if name in form.fields
            for value in values
        )
    )
    return hashlib.sha256(selected.encode()).hexdigest()[:32]


def _first_results(results, name):
    """
    The archive's ``results`` (narrowed by more than the tallies count) as
    ``FirstResults``: counted, and summed up by organisation and year, as far
    as the first RANKED_LIMIT, from one query that stops there and whose
    rows are kept under ``name`` (docs/decisions/0032-archive-counts-capped.md).
    """
    limit = FirstResults(results).limit
    rows = cached_result(
        f"archive-first:{name}",
        lambda: list(
            results.order_by().values_list("pk", "organization_id", "said_on")[
                : limit + 1
            ]
        ),
    )
    return FirstResults(results, found=len(rows), rows=rows)


@keyed_on(ArchiveFilterForm, "page")
class ArchiveView(ForgivingPaginationMixin, ListView):
    """
    The archive of quotes, facts and tweets, filtered by the query string.

    A filter that cannot be used (an unknown organisation, a date that does
    not parse...) empties the result and says why, with a 400 status: showing
    everything instead would let a researcher mistake the whole archive for
    the answer to the question they asked.
    """

    template_name = "quotes/archive.html"
    context_object_name = "quotes"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        self.form = ArchiveFilterForm(request.GET)
        response = super().get(request, *args, **kwargs)
        if not self.form.is_valid():
            response.status_code = 400
        return response

    def get_queryset(self):
        """
        The items to list: a queryset, or with words to search for a
        ``FirstResults``, since counting every match of a broad search
        would read them all (see ``ArchiveFilterForm.results``).
        """
        quotes = (
            Quote.objects.published()
            .with_attribution()
            .prefetch_related("categories")
            .defer("search_vector")
        )
        if not self.form.is_valid():
            return Summarised(quotes.none())
        results = self.form.results(quotes)
        if isinstance(results, FirstResults):
            return results
        name, tallied = _result_name(self.form), self.form.tallied()
        if tallied is not None:
            return Summarised(results, name=name, tallied=tallied)
        return _first_results(results, name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.form.is_valid()
        results = self.object_list
        capped = isinstance(results, FirstResults) and results.is_capped
        listed_in_part = isinstance(results, Summarised) and results.is_listed_in_part
        # Without words, indexes alone answer the exact counts; a search too
        # broad to count has no facets, only the advice to narrow it.
        facets = results.facets(
            organizations=ORGANIZATION_FACET_SIZE,
            # Filtered by an organisation, the form has read it already.
            known=[self.form.cleaned_data.get("organization")] if valid else [],
        )
        if valid:
            for quote in context["quotes"]:
                quote.period_note = self.form.period_note(quote)
        context.update(
            form=self.form,
            active_filters=self.form.active_filters() if valid else [],
            problems=self.form.problems(),
            results_capped=capped,
            results_listed_in_part=listed_in_part,
            results_total=results.total if listed_in_part else None,
            organization_facets=facets.organizations,
            more_organizations=facets.more_organizations,
            year_facets=facets.years,
            category_facets=results.category_facets() if valid else [],
            citation_cap=RESULT_CITATION_CAP,
        )
        return context


@keyed_on(ArchiveFilterForm)
class ArchiveDownloadView(View):
    """
    The archive's current result as a file for researchers: the same filters
    as the page, published items only, every match (not one page), in the
    page's order. ``file_format`` is "csv" or "json".
    """

    file_format = "csv"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        form = ArchiveFilterForm(request.GET)
        if not form.is_valid():
            # As on the page: no file rather than the whole archive passed
            # off as the answer.
            problems = "".join(
                f"{problem.label}: {problem.text}\n" for problem in form.problems()
            )
            return HttpResponseBadRequest(
                "Some filters could not be used, so there is nothing to "
                f"download.\n{problems}",
                content_type="text/plain; charset=utf-8",
            )
        quotes = (
            form.filter(Quote.objects.published()).with_attribution().newest_first()
        )
        return downloads.download(quotes, file_format=self.file_format, request=request)


@keyed_on("field", "q")
class SuggestView(View):
    """
    ``/quotes/suggest/?field=organization|person|tag|category&q=``: a JSON
    list of ``{"slug", "label"}`` for the archive's filter boxes; an unknown
    field is a 400 with a JSON ``{"error"}``.
    """

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        field = request.GET.get("field", "")
        if field not in suggest.FIELDS:
            return JsonResponse(
                {"error": f"“field” must be one of: {', '.join(suggest.FIELDS)}."},
                status=400,
            )
        found = suggest.suggestions(field, request.GET.get("q", ""))
        return JsonResponse(found, safe=False)


class QuoteDetailView(PreviewMixin, DetailView):
    model = Quote
    template_name = "quotes/detail.html"
    context_object_name = "quote"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person__profile", "organization__profile")
            .prefetch_related("sources")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quote = self.object
        context["sources"] = list(quote.sources.all())
        context["cite"] = quote_page_metadata(
            quote, request=self.request, sources=context["sources"]
        )
        context["tags"] = tags_of(quote)
        context["categories"] = list(quote.categories.all())
        context["person_profile"] = _public_profile(quote.person)
        context["organization_profile"] = _public_profile(quote.organization)
        # Imported data bypasses the admin's URL validation; a javascript:
        # link must not become clickable.
        safe = quote.source_url.lower().startswith(("https://", "http://"))
        context["source_url"] = quote.source_url if safe else ""
        return context


def _public_profile(subject):
    """The resource page of a person or organisation, if readers may see it."""
    profile = subject.profile if subject else None
    return profile if profile is not None and profile.is_public else None


@keyed_on("page")
class DailyDoseView(ForgivingPaginationMixin, ListView):
    """Past Daily Doses, latest first; a day still to come stays hidden."""

    template_name = "quotes/daily_dose.html"
    context_object_name = "quotes"
    paginate_by = 30

    def get_queryset(self):
        return (
            Quote.objects.published()
            .filter(featured_on__lte=timezone.localdate())
            .with_attribution()
            .order_by("-featured_on")
        )
