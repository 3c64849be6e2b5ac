"""Atomic writes keep the old file on failure; empty tables keep concrete column types."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers import storage


def test_failed_write_leaves_the_previous_table_and_no_temp_files(tmp_path):
    target = tmp_path / "t.parquet"
    storage.write_table(pd.DataFrame({"a": [1, 2]}), target)

    class Unwritable:
        pass

    with pytest.raises((TypeError, ValueError, pa.ArrowException)):
        storage.write_table(pd.DataFrame({"a": [Unwritable()]}), target)
    assert pd.read_parquet(target)["a"].tolist() == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_atomic_path_replaces_only_on_success(tmp_path):
    target = tmp_path / "f.txt"
    storage.atomic_write_text(target, "old")
    with pytest.raises(RuntimeError), storage.atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert target.read_text() == "old"
    storage.atomic_write_text(target, "new")
    assert target.read_text() == "new"


def test_empty_and_all_null_columns_are_written_as_text(tmp_path):
    df = pd.DataFrame({"path": [], "reason": []}, dtype=object)
    storage.write_table(df, tmp_path / "e.parquet")
    schema = pq.read_schema(tmp_path / "e.parquet")
    assert [pa.types.is_null(t) for t in schema.types] == [False, False]
    df = pd.DataFrame({"l": [[], []], "n": [None, None]})
    storage.write_table(df, tmp_path / "n.parquet")
    schema = pq.read_schema(tmp_path / "n.parquet")
    assert schema.field("n").type == pa.large_string()
    assert schema.field("l").type.value_type == pa.large_string()


def test_read_table_names_the_missing_stage(tmp_path):
    with pytest.raises(FileNotFoundError, match="run the stage"):
        storage.read_table(tmp_path / "entities.parquet")


def test_written_files_follow_the_umask_not_private_temp_permissions(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        path = storage.atomic_write_text(tmp_path / "shared.html", "<p>hi</p>")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
