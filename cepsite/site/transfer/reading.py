"""
Reading rows from JSON Lines or CSV, each with the line it starts on.

JSON Lines holds one object a line, of any type. A CSV file holds one type:
each row's ``type`` column, or the type the caller names. Its cells are
text; ``tags`` and ``resources`` are separated by commas, and an empty cell
is an empty value.

A line is refused, with its number, when it cannot be stored as it stands:
JSON that does not parse (nested too deeply included), a key given twice, a
NUL character or bytes that are not UTF-8 text, or a value longer than
``IMPORT_MAX_TEXT_LENGTH``.
"""

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .schema import LIST_KEYS, ROW_TYPES

# What no text column can hold: a NUL, or half of a UTF-16 pair, which is
# also what a byte that is not UTF-8 becomes once read with surrogateescape.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Row:
    line: int
    values: dict


@dataclass(frozen=True)
class Problem:
    """Something wrong with one line of the file, or with the file itself."""

    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


def read_rows(path, *, content_type=None):
    """Return ``(rows, problems)`` read from a .csv file, or else JSON Lines."""
    path = Path(path)
    # utf-8-sig: spreadsheets often start a CSV file with a byte order mark.
    # Bytes that are not UTF-8 are kept, escaped, and refused line by line.
    with path.open(
        encoding="utf-8-sig", errors="surrogateescape", newline=""
    ) as handle:
        if path.suffix.lower() == ".csv":
            return _read_csv(handle, content_type)
        return _read_json_lines(handle, content_type)


class _DuplicateKey(ValueError):
    def __init__(self, key):
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs):
    values = {}
    for key, value in pairs:
        if key in values:
            raise _DuplicateKey(key)
        values[key] = value
    return values


def _shown(text, length=40):
    """Return text from the file as a message may quote it."""
    text = _UNSTORABLE.sub("\ufffd", text)
    return text if len(text) <= length else text[: length - 1] + "…"


def decode_json(line):
    """
    Return the JSON value of a line (or of a CSV cell), or raise
    ``ValueError`` saying what is wrong: a key given twice included, and a
    value nested too deeply to read.
    """
    try:
        return json.loads(line, object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateKey as error:
        raise ValueError(f"the key “{_shown(error.key)}” is given twice.") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg}).") from None
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply).") from None
    except ValueError:
        # Python refuses to read an integer of thousands of digits.
        raise ValueError("not valid JSON (a number too long to read).") from None


def _strings(value):
    """Yield every text in a value, its keys included, however it is nested."""
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())


def _text_problem(text):
    if "\x00" in text:
        return "holds a NUL character."
    if _UNSTORABLE.search(text):
        return "is not UTF-8 text."
    limit = settings.IMPORT_MAX_TEXT_LENGTH
    if len(text) > limit:
        return f"Ensure this value has at most {limit} characters (it has {len(text)})."
    return None


def value_problems(line, values):
    """Return the problems of a row's keys and values that no row may have."""
    problems = []
    for key, value in values.items():
        if message := _text_problem(key):
            problems.append(Problem(line, f"a key {message}"))
            continue
        for text in _strings(value):
            if message := _text_problem(text):
                problems.append(Problem(line, f"{key}: {message}"))
                break
    return problems


def _read_json_lines(handle, content_type):
    rows, problems = [], []
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            values = decode_json(line)
        except ValueError as error:
            problems.append(Problem(number, str(error)))
            continue
        if not isinstance(values, dict):
            problems.append(Problem(number, "each line must hold one JSON object."))
            continue
        if found := value_problems(number, values):
            problems.extend(found)
            continue
        if not isinstance(values.get("type") or "", str):
            problems.append(
                Problem(number, f"type: write one of {', '.join(ROW_TYPES)}.")
            )
            continue
        if content_type and not values.get("type"):
            values["type"] = content_type
        rows.append(Row(number, values))
    return rows, problems


def _split_list(cell):
    return [part.strip() for part in cell.split(",") if part.strip()]


def _check_header(header, content_type):
    """Return the problem with the header's names for that type, if any."""
    row_type = ROW_TYPES.get(content_type)
    if row_type is None:
        return None  # Each row will say that the type is unknown.
    unknown = [name for name in header if name not in row_type.accepted_keys]
    if unknown:
        return Problem(
            1,
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"a {content_type} file has {', '.join(row_type.keys)}.",
        )
    return None


def _read_csv(handle, content_type):
    reader = csv.reader(handle)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return [], []
    except csv.Error as error:
        return [], [Problem(1, f"not valid CSV ({error}).")]
    if problem := _header_problem(header, content_type):
        return [], [problem]
    return _csv_rows(reader, header, content_type)


def _header_problem(header, content_type):
    """Return the problem that stops the file before its first row, if any."""
    for name in header:
        if message := _text_problem(name):
            return Problem(1, f"a column name {message}")
    if content_type is None and "type" not in header:
        return Problem(
            1,
            "say what the file holds: a “type” column, or --type "
            f"({', '.join(ROW_TYPES)}).",
        )
    if len(set(header)) != len(header):
        return Problem(1, "a column name appears twice in the header.")
    if content_type:
        return _check_header(header, content_type)
    return None


def _numbered_cells(reader, problems):
    """Yield each row's cells and the line it starts on, until a CSV error."""
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(Problem(start, f"not valid CSV ({error})."))
            return
        # A quoted cell may span lines; report the line the row starts on.
        yield start, cells
        start = reader.line_num + 1


def _csv_rows(reader, header, content_type):
    rows, problems = [], []
    for line, cells in _numbered_cells(reader, problems):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    line,
                    f"{len(cells)} cells where the header has {len(header)} columns.",
                )
            )
            continue
        if found := value_problems(line, dict(zip(header, cells, strict=True))):
            problems.extend(found)
            continue
        values = {
            name: _split_list(cell) if name in LIST_KEYS else cell
            for name, cell in zip(header, cells, strict=True)
        }
        row_type = values.get("type", "").strip() or content_type
        # One type a file: the header's columns are that type's fields.
        if not content_type and row_type:
            content_type = row_type
            if problem := _check_header(header, content_type):
                return [], [problem]
        if row_type and row_type != content_type:
            problems.append(
                Problem(line, f"a {row_type} row in a file of {content_type} rows.")
            )
            continue
        values["type"] = row_type
        rows.append(Row(line, values))
    return rows, problems
