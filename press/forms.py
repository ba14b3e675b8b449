from django import forms

# Press releases go back to the 2010s; the bounds keep date arithmetic on
# the filter far from the edges of what datetimes can hold.
FIRST_YEAR = 1900
LAST_YEAR = 2200


class PressFilterForm(forms.Form):
    """The press list's query parameters: ``year``, ``month`` and ``tag``."""

    year = forms.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": "The year should be a number such as 2023.",
            "min_value": f"Choose a year from {FIRST_YEAR} on.",
            "max_value": f"Choose a year up to {LAST_YEAR}.",
        },
    )
    month = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=12,
        error_messages={
            "invalid": "The month should be a number from 1 to 12.",
            "min_value": "The month should be a number from 1 to 12.",
            "max_value": "The month should be a number from 1 to 12.",
        },
    )
    tag = forms.CharField(
        required=False,
        max_length=100,
        error_messages={"max_length": "That tag name is too long."},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("month")
            and not cleaned.get("year")
            and "year" not in self.errors
        ):
            self.add_error("month", "Choose a year as well as a month.")
        return cleaned

    def filters(self):
        """The valid filters only: a bad value is reported and then ignored."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        filters = {
            name: self.cleaned_data[name]
            for name in ("year", "month", "tag")
            if name not in self.errors and self.cleaned_data.get(name)
        }
        # A month means nothing without its year (a bad year was reported).
        if "year" not in filters:
            filters.pop("month", None)
        return filters

    def messages(self):
        return [error for errors in self.errors.values() for error in errors]
