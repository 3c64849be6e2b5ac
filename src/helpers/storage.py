"""Atomic writing and reading of the output tables and files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); outputs are meant to be shared like any file.
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    finally:
        # On failure (or a killed writer that still reaches here) the old file stays intact.
        tmp_path.unlink(missing_ok=True)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write bytes so that readers see either the old file or the whole new one."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def _concrete(dtype: pa.DataType) -> pa.DataType:
    if pa.types.is_null(dtype):
        return pa.large_string()
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
        return pa.list_(_concrete(dtype.value_type))
    return dtype


def concrete_schema(schema: pa.Schema) -> pa.Schema:
    """The schema with all-null columns typed as text, so an empty table still says its types."""
    fields = [pa.field(f.name, _concrete(f.type), f.nullable) for f in schema]
    return pa.schema(fields, metadata=schema.metadata)


def write_table(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a table as Parquet atomically, without the pandas index."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.cast(concrete_schema(table.schema))
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    return Path(path)


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a table written by `write_table`, with a clear error if a stage has not run."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(
            f"{p.name} not found in {p.parent.name}/: run the stage that writes it first "
            "(tariff-timeline run runs them all in order)."
        )
    return pd.read_parquet(p)
