"""
Reading rows from JSON Lines or CSV, each with the line it starts on.

JSON Lines holds one object a line, of any type. A CSV file holds one type:
each row's ``type`` column, or the type the caller names. Its cells are
text; ``tags`` and ``resources`` are separated by commas, and an empty cell
is an empty value.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from .schema import LIST_KEYS, ROW_TYPES


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
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if path.suffix.lower() == ".csv":
            return _read_csv(handle, content_type)
        return _read_json_lines(handle, content_type)


def _read_json_lines(handle, content_type):
    rows, problems = [], []
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(number, f"not valid JSON ({error.msg})."))
            continue
        if not isinstance(values, dict):
            problems.append(Problem(number, "each line must hold one JSON object."))
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
