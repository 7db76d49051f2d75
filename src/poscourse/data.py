"""Load the course's datasets, typed from the schema in data/datapackage.json.

    >>> from poscourse import load
    >>> launches = load("missile_launches")

Every column gets the type its schema gives it: dates become datetimes,
integers become nullable integers, columns with a fixed list of values
become ordered categoricals. A file that breaks its schema raises a
DataError that names the file, the row and the column.

Each table is read once per process and kept; `load` returns a copy, so a
notebook that changes its table does not change the next `load`. A file that
changes on disk (its modification time or size) is read again, so a learner
who edits a CSV sees the edit. Checks of the whole package (foreign keys,
every table at once) are in poscourse.validate.
"""

from __future__ import annotations

import csv
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

#: The folder that holds the CSV files and datapackage.json. It is found
#: relative to this package, so notebooks work from any working directory.
#: Set POS_DATA_DIR to point the loader at another copy (the tests do).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

MAX_ERRORS_SHOWN = 5


class CourseError(Exception):
    """An error with a message written for a learner.

    In Jupyter it is shown as its message alone, without a traceback.
    """

    def _render_traceback_(self):  # used by IPython instead of a traceback
        return [f"{type(self).__name__}: {self}"]


class DataError(CourseError):
    """A dataset is missing, unknown, or does not match its schema."""


def data_dir() -> Path:
    return Path(os.environ.get("POS_DATA_DIR", DEFAULT_DATA_DIR))


@lru_cache(maxsize=4)
def _read_package(path: str, mtime: float) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise DataError(f"The data package description is missing: {path}") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{path} is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}") from None


def datapackage() -> dict:
    """The parsed data/datapackage.json."""
    path = data_dir() / "datapackage.json"
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _read_package(str(path), mtime)


def names() -> list[str]:
    """The names of all datasets, in the order of datapackage.json."""
    return [r["name"] for r in datapackage()["resources"]]


def resource(name: str) -> dict:
    """The descriptor of one dataset (title, description, sources, schema)."""
    for res in datapackage()["resources"]:
        if res["name"] == name:
            return res
    available = ", ".join(sorted(names()))
    hint = ""
    close = [n for n in names() if name.lower().replace("-", "_") in n or n in name.lower()]
    if close:
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?"
    raise DataError(f"There is no dataset called {name!r}.{hint} Available datasets: {available}.")


def as_of(name: str) -> str:
    """The date a dataset runs to, as "27 Jan 2026" (its `as_of` in datapackage.json)."""
    stamp = resource(name).get("as_of")
    if not stamp:
        raise DataError(f"The dataset {name!r} has no as_of date in datapackage.json.")
    return date_text(stamp, short=True)


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_text(value, year: bool = True, short: bool = False) -> str:
    """A date as "7 November 2025" ("7 Nov 2025" with short=True; no year with year=False), the same on
    every system and in every locale (strftime's %-d does not exist on Windows, and %B follows the locale)."""
    day = pd.Timestamp(value)
    month = MONTHS[day.month - 1][:3] if short else MONTHS[day.month - 1]
    return f"{day.day} {month}" + (f" {day.year}" if year else "")


def describe(name: str) -> pd.DataFrame:
    """The codebook of one dataset as a table: column, type, unit, description."""
    fields = resource(name)["schema"]["fields"]
    return pd.DataFrame(
        {
            "column": [f["name"] for f in fields],
            "type": [f["type"] for f in fields],
            "unit": [f.get("unit", "") for f in fields],
            "description": [f.get("description", "") for f in fields],
        }
    )


# --- parsing ---------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


def _parse_value(raw: str, field: dict):
    """Parse one non-empty cell; return (value, problem or None)."""
    kind = field["type"]
    if kind == "integer":
        if re.fullmatch(r"[+-]?\d+", raw):
            return int(raw), None
        return None, "is not a whole number"
    if kind == "number":
        try:
            return float(raw), None
        except ValueError:
            return None, "is not a number"
    if kind == "boolean":
        if raw in _TRUE:
            return True, None
        if raw in _FALSE:
            return False, None
        return None, "is not true or false"
    if kind == "date":
        if not _DATE.match(raw):
            return None, "is not a date written YYYY-MM-DD"
        try:
            return pd.Timestamp(raw), None
        except ValueError:
            return None, "is not a real calendar date"
    return raw, None


def _prepared(field: dict) -> dict:
    """A field's constraints, prepared once per table read (a set of allowed values, typed bounds, a
    compiled pattern), so that checking each cell is quick."""
    c = field.get("constraints", {})
    return {
        "enum": {str(v) for v in c["enum"]} if "enum" in c else None,
        "minimum": _bound(c["minimum"], field) if "minimum" in c else None,
        "maximum": _bound(c["maximum"], field) if "maximum" in c else None,
        "pattern": re.compile(c["pattern"]) if "pattern" in c else None,
        "maxLength": c.get("maxLength"),
        "uri": field.get("format") == "uri",
    }


def _check_constraints(value, raw: str, field: dict, rules: dict):
    c = field.get("constraints", {})
    if rules["enum"] is not None and raw not in rules["enum"]:
        allowed = ", ".join(str(v) for v in c["enum"])
        return f"is not one of the allowed values ({allowed})"
    if rules["minimum"] is not None and value < rules["minimum"]:
        return f"is below the minimum {c['minimum']}"
    if rules["maximum"] is not None and value > rules["maximum"]:
        return f"is above the maximum {c['maximum']}"
    if rules["pattern"] is not None and not rules["pattern"].fullmatch(raw):
        return f"does not match the pattern {c['pattern']}"
    if rules["maxLength"] is not None and len(raw) > rules["maxLength"]:
        return f"is longer than {c['maxLength']} characters"
    if rules["uri"] and not _URI.match(raw):
        return "is not a web address (http:// or https://)"
    return None


_URI = re.compile(r"^https?://\S+$")


def _bound(bound, field):
    return pd.Timestamp(bound) if field["type"] == "date" else bound


def _read_rows(path: Path, label: str) -> tuple[list[str], list[list[str]]]:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except FileNotFoundError:
        raise DataError(
            f"The data file {label} is missing. Restore it with `git checkout -- data/{path.name}` "
            "or download the course again."
        ) from None
    except UnicodeDecodeError as err:
        raise DataError(
            f"{label} is not UTF-8 text (byte {err.start}); was it saved by a spreadsheet program?"
        ) from None
    except csv.Error as err:
        raise DataError(f"{label} is not a readable CSV file: {err}") from None
    if not rows:
        raise DataError(f"{label} is empty: it should start with a header row.")
    return rows[0], rows[1:]


def read_table(name: str) -> tuple[pd.DataFrame, list[str]]:
    """Read and type one dataset; return (frame, problems) without raising on bad cells."""
    res = resource(name)
    fields = res["schema"]["fields"]
    path = data_dir() / res["path"]
    label = f"data/{res['path']}"
    header, rows = _read_rows(path, label)

    problems: list[str] = []
    expected = [f["name"] for f in fields]
    missing = [n for n in expected if n not in header]
    extra = [n for n in header if n not in expected]
    if missing:
        problems.append(f"{label}: column(s) {', '.join(missing)} missing from the header row")
    if extra:
        problems.append(f"{label}: column(s) {', '.join(extra)} not described in datapackage.json")
    if missing or extra:
        return pd.DataFrame(), problems

    columns: dict[str, list] = {n: [] for n in expected}
    position = {n: header.index(n) for n in expected}
    prepared = [
        (field, field["name"], bool(field.get("constraints", {}).get("required")), _prepared(field)) for field in fields
    ]
    for i, row in enumerate(rows):
        line = i + 2  # the header is line 1
        if len(row) != len(header):
            problems.append(f"{label}, row {line}: {len(row)} cells where the header has {len(header)}")
            for n in expected:
                columns[n].append(None)
            continue
        for field, name, required, rules in prepared:
            raw = row[position[name]]
            value, problem = None, None
            if raw == "":
                if required:
                    problem = "is empty but required"
            else:
                value, problem = _parse_value(raw, field)
                if problem is None:
                    problem = _check_constraints(value, raw, field, rules)
            if problem:
                problems.append(f"{label}, row {line}, column {name!r}: value {raw!r} {problem}")
                value = None
            columns[name].append(value)

    frame = pd.DataFrame({f["name"]: _typed(columns[f["name"]], f) for f in fields})
    problems += _key_problems(frame, res, label)
    return frame, problems


def _typed(values: list, field: dict) -> pd.Series:
    kind = field["type"]
    enum = field.get("constraints", {}).get("enum")
    if enum is not None and kind == "string":
        return pd.Series(pd.Categorical(values, categories=enum, ordered=True))
    if kind == "integer":
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    if kind == "boolean":
        return pd.Series(values, dtype="boolean")
    if kind == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    return pd.Series(values, dtype="str")


def _key_problems(frame: pd.DataFrame, res: dict, label: str) -> list[str]:
    schema = res["schema"]
    keys = schema.get("primaryKey")
    checks = []
    if keys:
        checks.append(keys if isinstance(keys, list) else [keys])
    checks += [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
    problems = []
    for cols in checks:
        dup = frame.duplicated(subset=cols, keep="first")
        for i in frame.index[dup][:MAX_ERRORS_SHOWN]:
            values = ", ".join(str(frame.at[i, c]) for c in cols)
            problems.append(f"{label}, row {i + 2}: key {'+'.join(cols)} = {values} appears twice")
    return problems


#: Tables read so far: file path -> (its stamp when read, the typed frame).
_TABLES: dict[str, tuple[tuple, pd.DataFrame]] = {}


def _stamp(path: Path) -> tuple:
    """What says that a file changed: its modification time and size (None if it is missing)."""
    try:
        info = path.stat()
    except OSError:
        return (None,)
    return (info.st_mtime_ns, info.st_size)


def load(name: str) -> pd.DataFrame:
    """Return one dataset as a DataFrame typed from its schema (a copy: change it freely).

    Raises DataError with the file, row and column of the first problems
    found if the file does not match its schema. Each call returns a new
    copy: changing it changes nothing for the next call.
    """
    res = resource(name)
    path = data_dir() / res["path"]
    stamp = (_stamp(path), _stamp(data_dir() / "datapackage.json"))
    cached = _TABLES.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1].copy()
    frame, problems = read_table(name)
    if problems:
        shown = "\n  ".join(problems[:MAX_ERRORS_SHOWN])
        more = len(problems) - MAX_ERRORS_SHOWN
        tail = f"\n  ... and {more} more problem(s)" if more > 0 else ""
        raise DataError(
            f"The dataset {name!r} does not match its schema in data/datapackage.json:\n  {shown}{tail}\n"
            "If you edited the file, compare it with the codebook (data/CODEBOOK.md) "
            "or restore it with `git checkout -- data/`."
        )
    _TABLES[str(path)] = (stamp, frame)
    return frame.copy()


def evidence_quality() -> pd.DataFrame:
    """data/evidence.csv, with the source_quality of each cited row where its table has that column.

    A verdict whose supporting or contradicting rows are all `secondary` or
    `unverified` rests on weak rows: see the codebook's data-quality table.
    """
    evidence = load("evidence")
    evidence["source_quality"] = pd.Series(pd.NA, index=evidence.index, dtype="string")
    for dataset, rows in evidence.groupby("dataset", observed=True):
        table = load(str(dataset))
        if "source_quality" not in table.columns:
            continue
        key_columns = resource(str(dataset))["schema"]["primaryKey"]
        parts = [table[column].astype("string") for column in key_columns]
        keys = parts[0].str.cat(parts[1:], sep="|") if len(parts) > 1 else parts[0]
        quality = dict(zip(keys, table["source_quality"].astype("string"), strict=True))
        evidence.loc[rows.index, "source_quality"] = rows["row_key"].map(quality)
    return evidence
