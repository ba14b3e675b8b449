"""Dates known to the day, the month or only the year."""

import calendar
import datetime
import re

from django import forms
from django.db import models

MONTH_ABBREVIATIONS = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.",
    "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.",
]  # fmt: skip

# The site is written in English: plain strings, where Django's translatable
# MONTHS look the language up each time they print.
MONTH_NAMES = dict(
    enumerate(
        [
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ],
        start=1,
    )
)  # fmt: skip


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def format_partial_date(value, precision):
    """Print a date as far as it is known: "12 Mar. 2023", "Mar. 2023", "2023"."""
    if value is None:
        return "Date undetermined"
    month = MONTH_ABBREVIATIONS[value.month - 1]
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def machine_partial_date(value, precision):
    """The date in ISO form (EDTF level 0): "2023-03-12", "2023-03", "2023"."""
    if value is None:
        return None
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def truncate_to_precision(value, precision):
    """The first day of the period a partial date stands for."""
    if value is None:
        return None
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_partial_date(text):
    """
    Parse "2023", "2023-03" or "2023-03-12" into ``(first_day, last_day)``.

    Raises ``ValueError`` with a reader-facing message when the text is not
    such a date.
    """
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        raise ValueError("Use a year (2023), a month (2023-03) or a day (2023-03-12).")
    year, month, day = (int(part) if part else None for part in match.groups())
    if not 1 <= year <= 9999:
        raise ValueError("That year is out of range.")
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError("Months run from 01 to 12.")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return datetime.date(year, month, 1), datetime.date(year, month, last)
    if not 1 <= day <= last:
        raise ValueError("That day does not exist in that month.")
    date = datetime.date(year, month, day)
    return date, date


# "Mar. 2023", "March 2023", "12 Mar. 2023", "12 March 2023", "March 12, 2023".
_MONTH_NUMBERS = {
    **{name.lower(): number for number, name in MONTH_NAMES.items()},
    **{name[:3].lower(): number for number, name in MONTH_NAMES.items()},
    "sept": 9,
}
_WORDED_DATE = re.compile(
    r"^(?:(?P<day>\d{1,2})\s+)?(?P<month>[a-z]+)\.?\s+"
    r"(?:(?P<day_after>\d{1,2}),?\s+)?(?P<year>\d{4})$"
)


class PartialDate(tuple):
    """A date known to ``precision``: ``(first_day, precision)``."""

    __slots__ = ()

    def __new__(cls, date, precision):
        return super().__new__(cls, (date, precision))

    @property
    def date(self):
        return self[0]

    @property
    def precision(self):
        return self[1]


def _worded_partial_date(text):
    match = _WORDED_DATE.match(" ".join(text.lower().split()))
    if not match:
        return None
    month = _MONTH_NUMBERS.get(match["month"])
    if month is None:
        raise ValueError(f"“{match['month']}” is not a month.")
    day = match["day"] or match["day_after"]
    iso = f"{match['year']}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return iso


def parse_partial_date_text(text):
    """
    Read a date as far as it is known, as an editor types it: "2023",
    "2023-03", "2023-03-12", "Mar. 2023", "March 2023", "12 Mar. 2023" or
    "March 12, 2023". Returns a :class:`PartialDate`.

    Raises ``ValueError`` with an editor-facing message for anything else.
    """
    text = text.strip()
    iso = _worded_partial_date(text) or text
    try:
        first, last = parse_partial_date(iso)
    except ValueError as error:
        if iso is text and not _PARTIAL_DATE.match(text):
            raise ValueError(
                "Enter a year (2023), a month (2023-03 or Mar. 2023) or a day "
                "(2023-03-12 or 12 Mar. 2023)."
            ) from error
        raise
    if first == last:
        return PartialDate(first, Precision.DAY)
    if first.month == last.month:
        return PartialDate(first, Precision.MONTH)
    return PartialDate(first, Precision.YEAR)


class PartialDateField(forms.CharField):
    """
    A form field for a date known to the day, the month or only the year,
    typed as one text ("2023-03", "Mar. 2023"). Cleans to a
    :class:`PartialDate`, or ``None`` when left empty; shows a stored
    ``PartialDate`` (or a plain date, taken as a day) in ISO form.
    """

    default_error_messages = {"invalid": "%(reason)s"}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text",
            "A year (2023), a month (2023-03 or Mar. 2023) or a day "
            "(2023-03-12 or 12 Mar. 2023): as much as is known.",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return machine_partial_date(value.date, value.precision)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_partial_date_text(text)
        except ValueError as error:
            raise forms.ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"reason": str(error)},
            ) from error


class PartialDateFormMixin:
    """
    A model form that edits each date field in ``partial_date_fields``
    (``{"said_on": "said_on_precision"}``) as one :class:`PartialDateField`
    and sets its precision field from what was typed. The precision field
    itself stays out of the form.
    """

    partial_date_fields = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for date_name, precision_name in self.partial_date_fields.items():
            if date_name not in self.fields:
                continue
            old = self.fields[date_name]
            self.fields[date_name] = PartialDateField(
                label=old.label, required=old.required
            )
            stored = getattr(self.instance, date_name, None)
            if stored is not None:
                self.initial[date_name] = PartialDate(
                    stored, getattr(self.instance, precision_name)
                )

    def clean(self):
        cleaned = super().clean()
        for date_name, precision_name in self.partial_date_fields.items():
            value = cleaned.get(date_name)
            if isinstance(value, PartialDate):
                cleaned[date_name] = value.date
                setattr(self.instance, precision_name, value.precision)
            elif date_name in cleaned:
                setattr(self.instance, precision_name, Precision.DAY)
        return cleaned
