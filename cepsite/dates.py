"""Dates known to the day, the month or only the year."""

import calendar
import datetime
import re

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
