"""load() parses a dataset once per process, yet behaves as if it read the file every time."""

import shutil

import pytest

import poscourse as pc


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(pc.data.DEFAULT_DATA_DIR, target)
    monkeypatch.setenv("POS_DATA_DIR", str(target))
    return target


def test_changing_a_loaded_table_does_not_change_the_next_load():
    first = pc.load("events")
    original = first.loc[0, "title"]
    first.loc[0, "title"] = "changed by a learner"
    del first["category"]
    again = pc.load("events")
    assert again.loc[0, "title"] == original
    assert "category" in again.columns


def test_a_file_changed_on_disk_is_read_again(data_copy):
    path = data_copy / "events.csv"
    before = pc.load("events")
    text = path.read_text(encoding="utf-8")
    label = before.loc[0, "title"]
    same_size = label[::-1] if label[::-1] != label else label.swapcase()
    path.write_text(text.replace(label, same_size, 1), encoding="utf-8")  # same size, same second
    assert pc.load("events").loc[0, "title"] == same_size
    path.write_text(text.replace("\n", "\nnot,a,valid,row\n", 1), encoding="utf-8")
    with pytest.raises(pc.DataError):
        pc.load("events")
