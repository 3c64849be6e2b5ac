"""Batched, cached, optionally parallel per-article work shared by the entity and fact stages.

A stage hands `run_batched` a pure, module-level ``process(chunk, **params, **inputs)`` that
turns a chunk of articles into tables keyed by ``article_id``. Each article gets a cache key
made of its ``article_id`` (a hash of its text), the rows of its per-article inputs, the stage's
parameters, code version and model version. Articles whose key is already cached in
``OUT/cache/<stage>/`` are reused; only the rest are processed, chunk by chunk, and each chunk's
result is written to disk as soon as it is done, so no stage holds every parsed document in
memory. The chunks run in this process, in a local process pool (``n_process > 1``) or on a Dask
cluster (``scheduler``), through the same code. The final tables are assembled from the cache in
``article_id`` order, so the result does not depend on chunking, parallelism or cache history.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers import storage
from helpers.config import RunPaths

ROW_COLUMN = "_row"  # order of rows within one article, as the stage returned them
# Assemble the final tables this many articles at a time, to bound memory on huge corpora.
ASSEMBLY_ARTICLES = 20_000
# Below this many pending articles a progress bar is noise (and would enter notebook outputs).
PROGRESS_MIN_ARTICLES = 500

Process = Callable[..., dict[str, pd.DataFrame]]


@dataclass
class BatchReport:
    """What one `run_batched` call did."""

    stage: str
    fingerprint: str
    n_articles: int
    processed: int
    reused: int
    n_chunks: int
    tables: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """The report as a small table for notebooks."""
        return pd.DataFrame(
            {
                "stage": [self.stage],
                "articles": [self.n_articles],
                "processed": [self.processed],
                "reused from cache": [self.reused],
                **{f"{name} rows": [n] for name, n in sorted(self.rows.items())},
            }
        )


def _hash(obj: Any) -> str:
    payload = json.dumps(obj, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def source_version(name: str, *files: str | os.PathLike) -> str:
    """A stage's code version: its name and a hash of the rule code and data files it reads."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).read_bytes())
    return f"{name}-{digest.hexdigest()[:12]}"


def model_version(model: str) -> str:
    """Name and version of a spaCy model given as a package name or a folder."""
    path = Path(model)
    if path.is_dir():
        meta = path / "meta.json"
        return f"{path.name}:{_hash(meta.read_text())[:16] if meta.exists() else 'no-meta'}"
    for dist in importlib.metadata.packages_distributions().get(model, []):
        return f"{model}=={importlib.metadata.version(dist)}"
    try:
        return f"{model}=={importlib.metadata.version(model)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{model}==unknown"


def stage_fingerprint(stage: str, version: str, params: dict[str, Any]) -> str:
    """Hash of everything that, when changed, invalidates every article of a stage."""
    extra = {"model_version": model_version(params["model"])} if params.get("model") else {}
    return _hash({"stage": stage, "version": version, "params": params, **extra})[:16]


def _input_digests(articles: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> pd.Series:
    """Per-article hash of the article's rows in every input table ('' when there are none)."""
    digests = pd.Series("", index=articles["article_id"].astype(str).to_numpy(), dtype=object)
    for name in sorted(inputs):
        table = inputs[name]
        if table.empty:
            continue
        row_hash = pd.util.hash_pandas_object(table.astype(str), index=False)
        per_article = (
            pd.DataFrame({"article_id": table["article_id"].astype(str), "h": row_hash})
            .groupby("article_id", sort=False)["h"]
            .agg(lambda h: hashlib.sha256(h.to_numpy().tobytes()).hexdigest()[:16])
        )
        digests = digests + name + ":" + per_article.reindex(digests.index).fillna("").astype(str)
    return digests


def _article_keys(articles: pd.DataFrame, inputs: dict[str, pd.DataFrame]) -> dict[str, str]:
    digests = _input_digests(articles, inputs)
    return {
        aid: (aid if not d else f"{aid}-{hashlib.sha256(d.encode()).hexdigest()[:12]}")
        for aid, d in digests.items()
    }


class _InputIndex:
    """Per-article rows of the input tables, grouped once so each chunk is a cheap lookup."""

    def __init__(self, inputs: dict[str, pd.DataFrame]):
        self.inputs = inputs
        # Positions of each article's rows; scanning whole tables per chunk grows as
        # chunks x rows, which is what large corpora cannot afford.
        self.positions = {
            name: table.groupby(table["article_id"].astype(str), sort=False).indices
            for name, table in inputs.items()
        }

    def rows(self, ids: Iterable[str]) -> dict[str, pd.DataFrame]:
        """Each input table restricted to the given articles, in its original row order."""
        ids = list(ids)
        out = {}
        for name, table in self.inputs.items():
            index = self.positions[name]
            parts = [index[a] for a in ids if a in index]
            picked = np.sort(np.concatenate(parts)) if parts else np.array([], dtype=np.int64)
            out[name] = table.iloc[picked].reset_index(drop=True)
        return out


def _run_chunk(
    process: Process, chunk: pd.DataFrame, params: dict[str, Any], inputs: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """Run the stage on one chunk and number each article's rows (runs in a worker)."""
    tables = process(chunk, **params, **inputs)
    numbered = {}
    for name, table in tables.items():
        table = table.reset_index(drop=True)
        if "article_id" not in table.columns:
            raise ValueError(f"table {name!r} returned by the stage has no article_id column")
        table[ROW_COLUMN] = table.groupby("article_id", sort=False).cumcount()
        numbered[name] = table
    return numbered


class _Cache:
    """The shard files of one stage fingerprint: ``<shard>.<table>.parquet`` + ``<shard>.json``."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def manifests(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for path in sorted(self.root.glob("*.json")):
            try:
                yield path.stem, json.loads(path.read_text())
            except (OSError, json.JSONDecodeError):
                continue  # a manifest cut short by a killed run: its shard is simply redone

    def write(self, shard: str, keys: dict[str, str], tables: dict[str, pd.DataFrame]) -> None:
        for name, table in tables.items():
            storage.write_table(table, self.root / f"{shard}.{name}.parquet")
        # The manifest goes last: a shard without one is never read.
        manifest = {"keys": keys, "tables": sorted(tables)}
        storage.atomic_write_text(self.root / f"{shard}.json", json.dumps(manifest, indent=0))

    def table_path(self, shard: str, name: str) -> Path:
        return self.root / f"{shard}.{name}.parquet"

    def remove(self, shard: str) -> None:
        for path in self.root.glob(f"{shard}.*"):
            path.unlink(missing_ok=True)


def _executor(n_process: int, scheduler: str | None):
    if scheduler:
        from distributed import Client

        return Client(scheduler)
    if n_process > 1:
        # spawn: forking a Jupyter kernel (threads, open sockets) is unsafe.
        return ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("spawn"))
    return None


def _submit_all(executor, process, jobs) -> Iterator[tuple[int, dict[str, pd.DataFrame]]]:
    """Yield (job index, result) as chunks finish, on whichever executor was chosen."""
    if executor is None:
        for i, (chunk, params, inputs) in enumerate(jobs):
            yield i, _run_chunk(process, chunk, params, inputs)
        return
    if isinstance(executor, ProcessPoolExecutor):
        futures: dict[Future, int] = {
            executor.submit(_run_chunk, process, *job): i for i, job in enumerate(jobs)
        }
        for fut in as_completed(futures):
            yield futures[fut], fut.result()
        return
    from distributed import as_completed as dask_completed

    dask_futures = {
        executor.submit(_run_chunk, process, *job, pure=False): i for i, job in enumerate(jobs)
    }
    for fut in dask_completed(list(dask_futures)):
        yield dask_futures[fut], fut.result()


def run_batched(
    stage: str,
    articles: pd.DataFrame,
    process: Process,
    params: dict[str, Any],
    version: str,
    out_dir: str | os.PathLike,
    *,
    inputs: dict[str, pd.DataFrame] | None = None,
    tuning: dict[str, Any] | None = None,
    n_process: int = 1,
    scheduler: str | None = None,
    chunk_size: int = 256,
    progress: bool | None = None,
) -> BatchReport:
    """Run `process` over the articles not yet cached and write the stage's complete tables.

    `params` change results and are part of the cache key; `tuning` (batch sizes and the like)
    is passed to `process` too but never invalidates the cache.
    """
    inputs = inputs or {}
    call_params = {**params, **(tuning or {})}
    paths = RunPaths(raw_dir=Path("."), out_dir=Path(out_dir))
    fingerprint = stage_fingerprint(stage, version, params)
    stage_root = paths.cache / stage
    cache = _Cache(stage_root / fingerprint)
    # Other fingerprints are stale (a parameter, model or code change): they would never be read.
    for old in stage_root.iterdir():
        if old.is_dir() and old.name != fingerprint:
            shutil.rmtree(old, ignore_errors=True)

    articles = articles.sort_values("article_id", kind="stable").reset_index(drop=True)
    ids = articles["article_id"].astype(str)
    keys = _article_keys(articles, inputs)

    cached: dict[str, str] = {}  # article key -> shard
    shard_keys: dict[str, set[str]] = {}
    table_names: set[str] = set()
    for shard, manifest in cache.manifests():
        shard_keys[shard] = set(manifest["keys"].values())
        table_names.update(manifest["tables"])
        for key in manifest["keys"].values():
            cached[key] = shard

    wanted_keys = set(keys.values())
    # A shard none of whose articles is still wanted only costs disk: drop it.
    for shard, skeys in shard_keys.items():
        if not skeys & wanted_keys:
            cache.remove(shard)

    pending_mask = ~ids.map(lambda a: keys[a] in cached)
    pending = articles[pending_mask.to_numpy()]
    chunks = [pending.iloc[i : i + chunk_size] for i in range(0, len(pending), chunk_size)]

    # The empty chunk tells us the stage's tables and columns, even for an empty corpus.
    input_index = _InputIndex(inputs)
    schema_tables = _run_chunk(process, articles.head(0), call_params, input_index.rows([]))
    table_names.update(schema_tables)

    show = progress if progress is not None else len(pending) >= PROGRESS_MIN_ARTICLES
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(pending), desc=stage, unit="article")

    def jobs() -> Iterator[tuple[pd.DataFrame, dict[str, Any], dict[str, pd.DataFrame]]]:
        for chunk in chunks:
            yield chunk, call_params, input_index.rows(chunk["article_id"].astype(str))

    executor = _executor(n_process, scheduler) if chunks else None
    try:
        job_list = list(jobs()) if executor is not None else jobs()
        for i, result in _submit_all(executor, process, job_list):
            chunk_ids = chunks[i]["article_id"].astype(str)
            chunk_keys = {aid: keys[aid] for aid in chunk_ids}
            shard = hashlib.sha256("|".join(sorted(chunk_keys.values())).encode()).hexdigest()[:20]
            cache.write(shard, chunk_keys, result)
            table_names.update(result)
            for key in chunk_keys.values():
                cached[key] = shard
            if bar is not None:
                bar.update(len(chunk_ids))
    finally:
        if bar is not None:
            bar.close()
        if executor is not None:
            executor.close() if scheduler else executor.shutdown()

    report = BatchReport(
        stage=stage,
        fingerprint=fingerprint,
        n_articles=len(articles),
        processed=len(pending),
        reused=len(articles) - len(pending),
        n_chunks=len(chunks),
    )
    for name in sorted(table_names):
        target = paths.table(name)
        report.rows[name] = _assemble(
            cache, name, ids.tolist(), keys, cached, schema_tables, target
        )
        report.tables[name] = target
    return report


def _assemble(
    cache: _Cache,
    name: str,
    ids: list[str],
    keys: dict[str, str],
    cached: dict[str, str],
    schema_tables: dict[str, pd.DataFrame],
    target: Path,
) -> int:
    """Write table `name` from the cache, in article_id order, a slice of articles at a time."""
    by_shard: dict[str, set[str]] = {}
    for aid in ids:
        by_shard.setdefault(cached[keys[aid]], set()).add(aid)

    empty = schema_tables.get(name, pd.DataFrame({"article_id": pd.Series(dtype="str")}))
    schemas = [pa.Schema.from_pandas(empty, preserve_index=False)]
    for shard in by_shard:
        p = cache.table_path(shard, name)
        if p.exists():
            schemas.append(pq.read_schema(p))
    schema = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    if ROW_COLUMN in schema.names:
        schema = schema.remove(schema.get_field_index(ROW_COLUMN))
    schema = storage.concrete_schema(schema.with_metadata(None))

    n_rows = 0
    with storage.atomic_path(target) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for start in range(0, len(ids), ASSEMBLY_ARTICLES):
            wanted = set(ids[start : start + ASSEMBLY_ARTICLES])
            parts = []
            for shard, shard_ids in by_shard.items():
                if not shard_ids & wanted:
                    continue
                p = cache.table_path(shard, name)
                if not p.exists():
                    continue
                part = pq.read_table(p).to_pandas()
                parts.append(part[part["article_id"].astype(str).isin(shard_ids & wanted)])
            if not parts:
                continue
            frame = pd.concat(parts, ignore_index=True)
            frame = frame.sort_values(["article_id", ROW_COLUMN], kind="stable")
            frame = frame.drop(columns=[ROW_COLUMN]).reset_index(drop=True)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = table.select(schema.names).cast(schema)
            writer.write_table(table)
            n_rows += len(frame)
        if n_rows == 0:
            writer.write_table(schema.empty_table())
    return n_rows
