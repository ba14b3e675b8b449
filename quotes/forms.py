import calendar
from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from cepsite.dates import MONTH_ABBREVIATIONS, Precision, parse_partial_date
from cepsite.fulltext import MAX_QUERY_LENGTH, parse_query
from cepsite.tagging import Tag
from resources.models import Organization, Person
from resources.names import resolve_name

from .models import Category, Quote
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
    # ("name", query string) of what the reader may have meant
    suggestions: tuple = ()


class Dates:
    """How a period treats dates known only to the month or the year."""

    OVERLAP = "overlap"
    WITHIN = "within"
    CHOICES = [
        (OVERLAP, "Overlapping the period (a month or year date may fall outside)"),
        (WITHIN, "Wholly inside the period"),
    ]


def _day(value):
    return f"{value.day} {MONTH_ABBREVIATIONS[value.month - 1]} {value.year}"


def format_period(start, end):
    """
    A period as a reader says it: "15–20 Mar. 2023", "Mar. 2023", "2023",
    "from 1 Jan. 2020", "until 20 Mar. 2023".
    """
    if not (start and end):
        return f"from {_day(start)}" if start else f"until {_day(end)}"
    if start == end:
        return _day(start)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
        start.year == end.year
    ):
        return str(start.year)
    if (start.year, start.month) != (end.year, end.month):
        return f"{_day(start)}–{_day(end)}"
    if start.day == 1 and end == _month_end(start):
        return f"{MONTH_ABBREVIATIONS[start.month - 1]} {start.year}"
    return f"{start.day}–{_day(end)}"


def _month_end(value):
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def date_span(quote):
    """The first and last day a quote's date, at its precision, may stand for."""
    if quote.said_on_precision == Precision.YEAR:
        return quote.said_on, quote.said_on.replace(month=12, day=31)
    if quote.said_on_precision == Precision.MONTH:
        return quote.said_on, _month_end(quote.said_on)
    return quote.said_on, quote.said_on


def _name_of(entity):
    """An organisation's or person's name, enough to tell namesakes apart."""
    if isinstance(entity, Organization):
        return entity.display_name
    if entity.organization_id:
        return f"{entity.name}, {entity.organization.display_name}"
    return f"{entity.name} ({entity.slug})"


class DefaultedChoiceField(forms.ChoiceField):
    """A choice that shows its initial value as chosen when none was sent."""

    def bound_data(self, data, initial):
        return data if data not in (None, "") else initial


class ArchiveFilterForm(forms.Form):
    """
    The archive's query parameters. Each ``clean_*`` turns one parameter into
    what the queryset needs (an ``Organization``, a date...) or into a message
    for the reader; ``filter()`` applies them.
    """

    # The URL says "from" and "to", which cannot be Python attribute names.
    PARAMETERS = {"date_from": "from", "date_to": "to"}

    # The boxes that suggest values as the reader types (quotes.suggest).
    SUGGESTED = ("organization", "person", "tag", "category")

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
        help_text="A name, short name or other spelling (“KH”, “Daesh”).",
        error_messages={"max_length": "No organisation has a name that long."},
    )
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=200,
        help_text="A name or other spelling (“al-Adnani”).",
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
    category = forms.CharField(
        label="Category",
        required=False,
        max_length=100,
        help_text="A category of rhetoric, as the methodology defines it.",
        error_messages={"max_length": "No category has a name that long."},
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
    dates = DefaultedChoiceField(
        label="Dates known to the month or year",
        required=False,
        initial=Dates.OVERLAP,
        choices=Dates.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Dates may be “overlap” (the default) or “within”."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {}
        for name in self.SUGGESTED:
            self.fields[name].widget.attrs.update(
                {"autocomplete": "off", "data-suggest": name}
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

    def _clean_name(self, field_name, model, kind, kinds):
        value = self.cleaned_data[field_name]
        if not value:
            return None
        lookup = resolve_name(model, value)
        if lookup.found is not None:
            return lookup.found
        if lookup.candidates:
            self.suggestions[field_name] = lookup.candidates
            raise forms.ValidationError(
                f"Several {kinds} may be called “{value}”. Did you mean one of these?"
            )
        raise forms.ValidationError(f"No {kind} is called “{value}”.")

    def clean_organization(self):
        return self._clean_name(
            "organization", Organization, "organisation", "organisations"
        )

    def clean_person(self):
        return self._clean_name("person", Person, "person", "people")

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

    def clean_category(self):
        value = self.cleaned_data["category"]
        if not value:
            return None
        category = (
            Category.objects.filter(slug=value).first()
            or Category.objects.filter(name__iexact=value).first()
        )
        if category is None:
            raise forms.ValidationError(f"No category is called “{value}”.")
        return category

    def clean_dates(self):
        return self.cleaned_data["dates"] or Dates.OVERLAP

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

    def period_note(self, quote):
        """
        For a valid form with a period and ``dates=overlap``: "Mar. 2023: may
        be outside 15–20 Mar. 2023" when ``quote``'s date, at its
        precision, may fall outside the period; else "".
        """
        start, end = self.period
        if self.cleaned_data.get("dates") != Dates.OVERLAP or not (start or end):
            return ""
        if quote.said_on is None:
            return ""
        first, last = date_span(quote)
        if (start is None or first >= start) and (end is None or last <= end):
            return ""
        return f"{quote.display_date}: may be outside {format_period(start, end)}"

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

    def tallied(self):
        """
        ``{"kind", "organization"}`` when those alone narrow the result (the
        archive's tallies count it ahead, see quotes/tallies.py); else
        ``None``. The form must be valid.
        """
        data = self.cleaned_data
        others = (data["q"], data["person"], data["tag"], data["category"])
        if any(others) or any(self.period):
            return None
        return {"kind": data["kind"] or None, "organization": data["organization"]}

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
            quotes = quotes.tagged(data["tag"])
        if data["category"]:
            quotes = quotes.in_category(data["category"])
        start, end = self.period
        if (start or end) and data["dates"] == Dates.WITHIN:
            quotes = quotes.in_period(start, end)
        elif start or end:
            quotes = quotes.overlapping(start, end)
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
            "category": data["category"] and data["category"].name,
            "date_from": self.data.get("from", "").strip(),
            "date_to": self.data.get("to", "").strip(),
            "dates": (
                "wholly inside the period"
                if data["dates"] == Dates.WITHIN and "dates" in self.data
                else ""
            ),
        }
        return [
            FilterNote(self.fields[name].label, text, self._without(name))
            for name, text in shown.items()
            if text
        ]

    def _suggested(self, field_name):
        """("name", query string) for each entity the reader may have meant."""
        found = []
        for entity in self.suggestions.get(field_name, ()):
            query = self._without(field_name)
            query[self.add_prefix(field_name)] = entity.slug
            found.append((_name_of(entity), query))
        return tuple(found)

    def problems(self):
        """The filters that could not be used, each with its message."""
        return [
            FilterNote(
                self.fields[name].label if name in self.fields else "Filters",
                " ".join(messages),
                self._without(name) if name in self.fields else QueryDict(),
                self._suggested(name),
            )
            for name, messages in self.errors.items()
        ]
