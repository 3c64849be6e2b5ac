"""Issue 7: the real NLP stages on the sample corpus, incremental and on a local Dask cluster."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import config, entities, facts, incremental, ingest, storage

pytestmark = pytest.mark.slow


def run_stages(articles: pd.DataFrame, out, **kw) -> dict[str, incremental.BatchReport]:
    """Entities then facts, as notebooks 02 and 03 call them."""
    reports = {"entities": entities.run_stage(articles, out, batch_size=32, chunk_size=4, **kw)}
    entity_table = storage.read_table(config.resolve_paths("", out).table("entities"))
    reports["facts"] = facts.run_stage(articles, entity_table, out, chunk_size=4, **kw)
    return reports


def tables(out) -> dict[str, pd.DataFrame]:
    paths = config.resolve_paths("", out)
    return {name: pd.read_parquet(paths.table(name)) for name in ("entities", "events", "tariffs")}


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return ingest.ingest_folder(config.DEFAULT_RAW_DIR).articles


@pytest.fixture(scope="module")
def serial(articles, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    run_stages(articles, out)
    return out


def test_sample_corpus_on_a_two_worker_dask_cluster_matches_single_process(
    articles, serial, tmp_path
):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        run_stages(articles, tmp_path, scheduler=cluster.scheduler_address)
    expected, got = tables(serial), tables(tmp_path)
    for name in expected:
        assert len(expected[name]) > 0 or name == "tariffs"
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)


def test_unchanged_rerun_processes_nothing_and_changed_article_only_itself(
    articles, serial, tmp_path
):
    out = tmp_path / "out"
    shutil.copytree(serial, out)
    again = run_stages(articles, out)
    assert again["entities"].processed == 0 and again["facts"].processed == 0
    assert again["entities"].reused == len(articles)

    changed = articles.copy()
    changed.loc[0, "text"] = changed.loc[0, "text"] + "\n\nTreasury Secretary Scott Bessent spoke."
    changed.loc[0, "article_id"] = "0" * 16
    report = run_stages(changed, out)
    assert report["entities"].processed == 1
    # facts rerun for the changed article only (its entities changed too)
    assert report["facts"].processed == 1
    ents = tables(out)["entities"]
    assert set(ents["article_id"]) <= set(changed["article_id"])
    assert "0" * 16 in set(ents["article_id"])


def test_changed_model_or_code_version_reruns_everything(articles, serial, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(serial, out)
    kw = dict(params={"model": config.DEFAULT_MODEL}, out_dir=out, chunk_size=4)
    report = incremental.run_batched(
        "entities", articles, entities.process_batch, version=entities.STAGE_VERSION, **kw
    )
    assert report.processed == 0
    # A new model release changes the model version in the cache key.
    monkeypatch.setattr(incremental, "model_version", lambda model: f"{model}==99.0")
    report = incremental.run_batched(
        "entities", articles, entities.process_batch, version=entities.STAGE_VERSION, **kw
    )
    assert report.processed == len(articles)
