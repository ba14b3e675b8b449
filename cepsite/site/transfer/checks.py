"""
The checks every row goes through, whatever its type: its keys and the shape
of its values, then the admin's rules (the type's model form, which runs the
model's own cleaning and constraints), and its image.
"""

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    SuspiciousFileOperation,
    ValidationError,
)
from django.db import models

from cepsite.dates import Precision

from .reading import Problem
from .schema import LIST_KEYS, RECORD_LIST_KEYS, parse_partial_iso

# Kept by the database, not data that travels between sites.
_NOT_COMPARED = {"id", "created_at", "updated_at", "search_vector"}

_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}


def snapshot(instance):
    """Return the item's stored values that a row can change, to compare."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in _NOT_COMPARED:
            continue
        value = getattr(instance, model_field.attname)
        if isinstance(model_field, models.FileField):
            value = value.name or ""
        values[model_field.attname] = value
    return values


def messages(error):
    """Return a ``ValidationError`` or a form's errors as lines for the report."""
    if isinstance(error, ValidationError):
        error = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {NON_FIELD_ERRORS: error.messages}
        )
    lines = []
    for name, field_messages in error.items():
        for message in field_messages:
            lines.append(message if name == NON_FIELD_ERRORS else f"{name}: {message}")
    # A model's clean() and its constraint may say the same thing twice.
    said_of_a_field = {line.split(": ", 1)[-1] for line in lines if ": " in line}
    return list(dict.fromkeys(line for line in lines if line not in said_of_a_field))


def boolean(value, key):
    """Return the cell or value as ``True`` or ``False``, or raise."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"{key}: write true or false.")


def slug_text(value):
    """Return a slug as written in a row, without surrounding spaces."""
    return "" if value is None else str(value).strip()


def check_shape(row_type, row):
    """Refuse unknown keys and values of the wrong shape."""
    unknown = sorted(set(row.values) - row_type.accepted_keys)
    if unknown:
        raise ValidationError(
            f"unknown field{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; a {row_type.name} row has "
            f"{', '.join(row_type.keys)}."
        )
    for key, value in row.values.items():
        if key not in LIST_KEYS | RECORD_LIST_KEYS and isinstance(value, (dict, list)):
            raise ValidationError(f"{key}: give one value, not a list.")
    check_lengths(row_type, row.values)


def check_lengths(row_type, values):
    """Refuse a value longer than its column, for keys the form does not check."""
    for key, value in values.items():
        if key in row_type.form.base_fields or not isinstance(value, str):
            continue
        try:
            # A relation (a quote's sources) has no length of its own.
            limit = getattr(row_type.model._meta.get_field(key), "max_length", None)
        except FieldDoesNotExist:
            continue
        if limit and len(value.strip()) > limit:
            raise ValidationError(
                f"{key}: Ensure this value has at most {limit} characters "
                f"(it has {len(value.strip())})."
            )


def _as_submitted(value):
    """Return a number or boolean of a row as text, the way a form submits it."""
    # A form's date field reads text only: 2024 in a JSON row is "2024".
    if isinstance(value, (bool, int, float)):
        return str(value)
    return value


def validate(row_type, instance, values):
    """Return ``instance`` changed as ``values`` say, once the type's form passes."""
    form_fields = row_type.form.base_fields
    data = {name: getattr(instance, name) for name in form_fields}
    data.update((k, _as_submitted(v)) for k, v in values.items() if k in form_fields)
    form = row_type.form(data, instance=instance)
    if not form.is_valid():
        raise ValidationError(messages(form.errors))
    return form.instance


def take_image(instance, values, line):
    """Take the row's image if the file is in storage; return the warnings."""
    if "image" not in values:
        return []
    name = "" if values["image"] is None else str(values["image"]).strip()
    if name == (instance.image.name or ""):
        return []
    if not name:
        instance.image = ""
        return []
    try:
        found = instance.image.storage.exists(name)
    except (SuspiciousFileOperation, ValueError):
        found = False
    if found:
        instance.image = name
        return []
    kept = "kept the current image" if instance.image else "imported without it"
    return [Problem(line, f"image: “{name}” is not in storage; {kept}.")]


def read_said_on(values):
    """Replace a quote row's ``said_on`` text with the date and its precision."""
    if "said_on_precision" in values and "said_on" not in values:
        raise ValidationError("said_on_precision: give said_on with it.")
    if "said_on" not in values:
        return
    said_on = values["said_on"]
    precision = values.pop("said_on_precision", None) or None
    if said_on in (None, ""):
        values.update(said_on=None, said_on_precision=Precision.DAY)
        return
    try:
        said_on, precision = parse_partial_iso(said_on, precision)
    except ValueError as error:
        raise ValidationError(f"said_on: {error}") from error
    values.update(said_on=said_on, said_on_precision=precision)
