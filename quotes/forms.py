from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from cepsite.dates import parse_partial_date
from cepsite.fulltext import MAX_QUERY_LENGTH, parse_query
from cepsite.tagging import Tag
from resources.models import Organization, Person

from .models import Quote
from .search import first_results, search_quotes

DATE_HELP = "A year (2023), a month (2023-03) or a day (2023-03-12)."


@dataclass(frozen=True)
class FilterNote:
    """
    A filter the reader set, or one that could not be used: what to call it,
    what it says, and the query string without it, for a "remove" link.
    """

    label: str
    text: str
    without: QueryDict


class ArchiveFilterForm(forms.Form):
    """
    The archive's query parameters. Each ``clean_*`` turns one parameter into
    what the queryset needs (an ``Organization``, a date...) or into a message
    for the reader; ``filter()`` applies them.
    """

    # The URL says "from" and "to", which cannot be Python attribute names.
    PARAMETERS = {"date_from": "from", "date_to": "to"}

    q = forms.CharField(
        label="Words",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text='Every word must appear. Put a phrase in "double quotes", '
        "a minus before a word to leave it out.",
        error_messages={
            "max_length": f"Search for at most {MAX_QUERY_LENGTH} characters."
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    organization = forms.CharField(
        label="Organisation",
        required=False,
        max_length=200,
        help_text="Its full name, or pick one under “Organisations” below.",
        error_messages={"max_length": "No organisation has a name that long."},
    )
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=200,
        help_text="Their full name.",
        error_messages={"max_length": "No person has a name that long."},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Quotes, facts and tweets"), *Quote.Kind.choices],
        error_messages={"invalid_choice": "Choose quotes, facts or tweets."},
    )
    tag = forms.CharField(
        label="Tag",
        required=False,
        max_length=100,
        error_messages={"max_length": "No tag has a name that long."},
    )
    date_from = forms.CharField(
        label="From",
        required=False,
        max_length=10,
        help_text=DATE_HELP,
        error_messages={"max_length": DATE_HELP},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
    )
    date_to = forms.CharField(
        label="To",
        required=False,
        max_length=10,
        help_text=DATE_HELP,
        error_messages={"max_length": DATE_HELP},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
    )

    def add_prefix(self, field_name):
        return super().add_prefix(self.PARAMETERS.get(field_name, field_name))

    def clean_q(self):
        value = self.cleaned_data["q"]
        if value and not parse_query(value).groups:
            raise forms.ValidationError(
                "Type a word to look for: a word after a minus sign is only left out."
            )
        return value

    def clean_organization(self):
        value = self.cleaned_data["organization"]
        if not value:
            return None
        organization = (
            Organization.objects.filter(slug=value).first()
            or Organization.objects.filter(name__iexact=value).first()
        )
        if organization is None:
            raise forms.ValidationError(f"No organisation is called “{value}”.")
        return organization

    def clean_person(self):
        value = self.cleaned_data["person"]
        if not value:
            return None
        person = Person.objects.filter(slug=value).first()
        if person is None:
            namesakes = list(Person.objects.filter(name__iexact=value)[:2])
            if len(namesakes) > 1:
                raise forms.ValidationError(
                    f"Several people are called “{value}”; follow the link on a "
                    "quote by the one you mean."
                )
            person = namesakes[0] if namesakes else None
        if person is None:
            raise forms.ValidationError(f"No person is called “{value}”.")
        return person

    def clean_tag(self):
        value = self.cleaned_data["tag"]
        if not value:
            return None
        tag = (
            Tag.objects.filter(slug=value).first()
            or Tag.objects.filter(name__iexact=value).first()
        )
        if tag is None:
            raise forms.ValidationError(f"No tag is called “{value}”.")
        return tag

    def _clean_period(self, field_name):
        value = self.cleaned_data[field_name]
        if not value:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_date_from(self):
        return self._clean_period("date_from")

    def clean_date_to(self):
        return self._clean_period("date_to")

    def clean(self):
        cleaned_data = super().clean()
        start, end = self.period
        if start and end and start > end:
            self.add_error("date_to", "“To” is before “From”.")
        return cleaned_data

    @property
    def period(self):
        """The first day of "from" and the last day of "to", either may be None."""
        start = self.cleaned_data.get("date_from")
        end = self.cleaned_data.get("date_to")
        return (start[0] if start else None, end[1] if end else None)

    def filter(self, quotes):
        """
        Narrow a ``QuoteQuerySet`` by every filter; the form must be valid.
        With words to search for, the items carry a ``search_snippet`` and,
        unless too many match, are ranked by relevance (see
        ``cepsite.fulltext.search_quotes`` and ``QuoteQuerySet.newest_first``).
        """
        quotes = self._narrow(quotes)
        if self.cleaned_data["q"]:
            quotes = search_quotes(quotes, self.cleaned_data["q"])
        return quotes

    def results(self, quotes):
        """
        What the archive's page lists: :meth:`filter`'s items, except that
        with words to search for they are a ``cepsite.fulltext.FirstResults``
        that counts and lists no more than the first RANKED_LIMIT matches,
        most relevant or newest first as ``filter()`` orders them.
        """
        if not self.cleaned_data["q"]:
            return self.filter(quotes).newest_first()
        return first_results(self._narrow(quotes), self.cleaned_data["q"])

    def _narrow(self, quotes):
        """``quotes`` narrowed by every filter but the words."""
        data = self.cleaned_data
        if data["organization"]:
            quotes = quotes.by_organization(data["organization"])
        if data["person"]:
            quotes = quotes.by_person(data["person"])
        if data["kind"]:
            quotes = quotes.filter(kind=data["kind"])
        if data["tag"]:
            quotes = quotes.filter(tags=data["tag"])
        start, end = self.period
        if start or end:
            quotes = quotes.in_period(start, end)
        return quotes

    def _without(self, field_name):
        remaining = self.data.copy()
        remaining.pop(self.add_prefix(field_name), None)
        remaining.pop("page", None)
        return remaining

    def active_filters(self):
        """The filters in use, as ``FilterNote``s; the form must be valid."""
        data = self.cleaned_data
        shown = {
            "q": data["q"] and f"“{data['q']}”",
            "organization": data["organization"] and data["organization"].display_name,
            "person": data["person"] and data["person"].name,
            "kind": data["kind"] and Quote.Kind(data["kind"]).label,
            "tag": data["tag"] and data["tag"].name,
            "date_from": self.data.get("from", "").strip(),
            "date_to": self.data.get("to", "").strip(),
        }
        return [
            FilterNote(self.fields[name].label, text, self._without(name))
            for name, text in shown.items()
            if data[name]
        ]

    def problems(self):
        """The filters that could not be used, each with its message."""
        return [
            FilterNote(
                self.fields[name].label if name in self.fields else "Filters",
                " ".join(messages),
                self._without(name) if name in self.fields else QueryDict(),
            )
            for name, messages in self.errors.items()
        ]
