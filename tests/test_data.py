"""Every dataset loads with its schema's types, is documented, sourced and valid."""

import csv
import json
import shutil

import pandas as pd
import pytest

import poscourse as pc
from poscourse import validate
from tools import codebook

PACKAGE = json.loads((pc.data.DEFAULT_DATA_DIR / "datapackage.json").read_text())
NAMES = [r["name"] for r in PACKAGE["resources"]]
EVENT_LIKE = [r["name"] for r in PACKAGE["resources"] if "source_url" in {f["name"] for f in r["schema"]["fields"]}]


@pytest.mark.parametrize("name", NAMES)
def test_dataset_loads_with_schema_types(name):
    frame = pc.load(name)
    fields = pc.resource(name)["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    for f in fields:
        col = frame[f["name"]]
        if f["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(col), f["name"]
        elif f["type"] == "integer":
            assert str(col.dtype) == "Int64", f["name"]
        elif f["type"] == "number":
            assert pd.api.types.is_float_dtype(col), f["name"]
        elif f["type"] == "boolean":
            assert str(col.dtype) == "boolean", f["name"]
        elif "enum" in f.get("constraints", {}):
            assert isinstance(col.dtype, pd.CategoricalDtype), f["name"]


@pytest.mark.parametrize("name", NAMES)
def test_dataset_is_documented(name):
    res = pc.resource(name)
    for key in ("title", "description", "sources", "licenses"):
        assert res.get(key), f"{name} has no {key}"
    assert res["schema"].get("primaryKey"), f"{name} has no primary key"
    undocumented = [f["name"] for f in res["schema"]["fields"] if not f.get("description")]
    assert not undocumented, f"{name}: columns without a description: {undocumented}"
    if name != "verdicts":
        assert len(pc.load(name)) > 0, f"{name} is empty"


@pytest.mark.parametrize("name", EVENT_LIKE)
def test_every_row_has_a_source_url(name):
    frame = pc.load(name)
    missing = frame.index[~frame["source_url"].fillna("").str.match(r"^https?://\S+$")]
    assert len(missing) == 0, f"{name}: rows {[i + 2 for i in missing[:10]]} lack a source URL"


def test_foreign_keys_resolve():
    assert validate.foreign_key_problems() == []


def test_the_whole_package_validates():
    assert validate.package_problems() == []


def test_frictionless_validates_the_whole_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.Package(str(pc.data.DEFAULT_DATA_DIR / "datapackage.json")).validate()
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:10]


def test_codebook_is_in_sync():
    expected = codebook.codebook_text(codebook.load_package())
    assert (pc.data.DEFAULT_DATA_DIR / "CODEBOOK.md").read_text() == expected, "run python3 tasks.py data"


def test_data_folder_is_small():
    total = sum(p.stat().st_size for p in pc.data.DEFAULT_DATA_DIR.rglob("*") if p.is_file())
    assert total < 2_000_000, f"data/ is {total} bytes"


# --- bad input: clear messages naming file, row and column ---------------------------


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(pc.data.DEFAULT_DATA_DIR, target)
    monkeypatch.setenv("POS_DATA_DIR", str(target))
    return target


def rewrite_cell(path, row_index, column, value):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[row_index + 1][rows[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def first_field(name, kind, with_enum=False):
    for f in pc.resource(name)["schema"]["fields"]:
        if f["type"] == kind and bool(f.get("constraints", {}).get("enum")) == with_enum:
            return f["name"]
    raise AssertionError(f"{name} has no {kind} field")


def test_unknown_dataset_lists_available_names():
    with pytest.raises(pc.DataError) as err:
        pc.load("missiles")
    message = str(err.value)
    assert "no dataset called 'missiles'" in message
    assert "missile_launches" in message and "claims" in message


def test_as_of_reads_the_package_date():
    launches = pc.load("missile_launches")
    stamp = pd.Timestamp(pc.resource("missile_launches")["as_of"])
    assert pc.as_of("missile_launches") == f"{stamp.day} {stamp:%b %Y}"
    assert stamp >= launches["date_kst"].max()


def test_as_of_without_a_date_says_so():
    with pytest.raises(pc.DataError, match="no as_of date"):
        pc.as_of("claims")


def test_bad_date_names_file_row_and_column(data_copy):
    column = first_field("events", "date")
    rewrite_cell(data_copy / "events.csv", 2, column, "2025-13-45")
    with pytest.raises(pc.DataError) as err:
        pc.load("events")
    assert f"data/events.csv, row 4, column '{column}': value '2025-13-45'" in str(err.value)


def test_unknown_category_names_allowed_values(data_copy):
    column = first_field("claims", "string", with_enum=True)
    rewrite_cell(data_copy / "claims.csv", 0, column, "gossip")
    with pytest.raises(pc.DataError) as err:
        pc.load("claims")
    assert f"data/claims.csv, row 2, column '{column}': value 'gossip' is not one of the allowed values" in str(
        err.value
    )


def test_bad_number_is_reported(data_copy):
    column = first_field("missile_launches", "number")
    rewrite_cell(data_copy / "missile_launches.csv", 0, column, "about 450")
    with pytest.raises(pc.DataError, match=rf"row 2, column '{column}': value 'about 450' is not a number"):
        pc.load("missile_launches")


def test_missing_column_is_reported(data_copy):
    path = data_copy / "places.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["lat"]).to_csv(path, index=False)
    with pytest.raises(pc.DataError, match=r"data/places.csv: column\(s\) lat missing from the header row"):
        pc.load("places")


def test_duplicate_key_is_reported(data_copy):
    path = data_copy / "places.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n")
    with pytest.raises(pc.DataError, match=r"appears twice"):
        pc.load("places")


def test_missing_file_is_reported(data_copy):
    (data_copy / "places.csv").unlink()
    with pytest.raises(pc.DataError, match=r"The data file data/places.csv is missing"):
        pc.load("places")


def test_corrupted_package_json_is_reported(data_copy):
    (data_copy / "datapackage.json").write_text("{ not json")
    with pytest.raises(pc.DataError, match=r"is not valid JSON \(line 1"):
        pc.load("places")


def test_ragged_row_is_reported(data_copy):
    path = data_copy / "places.csv"
    path.write_text(path.read_text() + "oops,only two\n")
    with pytest.raises(pc.DataError, match=r"cells where the header has"):
        pc.load("places")


def test_error_shows_without_traceback_in_jupyter():
    err = pc.DataError("something clear")
    assert err._render_traceback_() == ["DataError: something clear"]


def test_frictionless_also_rejects_a_corrupted_file(data_copy):
    frictionless = pytest.importorskip("frictionless")
    column = first_field("events", "date")
    rewrite_cell(data_copy / "events.csv", 2, column, "2025-13-45")
    report = frictionless.Package(str(data_copy / "datapackage.json")).validate()
    rows = [r for r in report.flatten(["rowNumber", "fieldName", "type"]) if r[2] == "type-error"]
    assert [4, column, "type-error"] in rows


# --- the loader's cache and the package validator --------------------------------------


def test_load_returns_a_copy_the_caller_may_change():
    first = pc.load("places")
    first.loc[0, "name"] = "changed by a notebook"
    del first["lat"]
    again = pc.load("places")
    assert "lat" in again.columns
    assert again.loc[0, "name"] != "changed by a notebook"


def test_load_reads_each_table_once_until_the_file_changes(data_copy, monkeypatch):
    reads = []
    original = pc.data.read_table
    monkeypatch.setattr(pc.data, "read_table", lambda name: reads.append(name) or original(name))
    pc.load("places")
    pc.load("places")
    assert reads == ["places"]
    path = data_copy / "places.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "name"] = "Edited by a learner"
    frame.to_csv(path, index=False)
    assert pc.load("places").loc[0, "name"] == "Edited by a learner"
    assert reads == ["places", "places"]


def test_validator_reports_every_bad_table_and_broken_key(data_copy):
    column = first_field("events", "date")
    rewrite_cell(data_copy / "events.csv", 2, column, "2025-13-45")
    problems = validate.package_problems()
    assert any(f"data/events.csv, row 4, column '{column}'" in p for p in problems), problems
    rewrite_cell(data_copy / "events.csv", 2, column, "2025-01-01")
    res, field = pc.resource("leader_meetings"), "place_id"
    assert {"fields": [field], "reference": {"resource": "places", "fields": [field]}} in res["schema"]["foreignKeys"]
    rewrite_cell(data_copy / res["path"], 0, field, "no-such-key")
    problems = validate.package_problems()
    assert any(f"data/{res['path']}, row 2, column '{field}': no-such-key is not a" in p for p in problems), problems
