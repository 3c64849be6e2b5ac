"""Incremental, batched stage runs: reuse, invalidation, determinism, process pool."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from stage_fixtures import CALLS_ENV, count_words

from helpers import incremental


def make_articles(texts: list[str]) -> pd.DataFrame:
    ids = [hashlib.sha256(t.encode()).hexdigest()[:16] for t in texts]
    return pd.DataFrame(
        {"article_id": pd.Series(ids, dtype="str"), "text": pd.Series(texts, dtype="str")}
    )


TEXTS = [f"article number {i} says tariffs went up by {i} percent" for i in range(23)]


@pytest.fixture
def calls(tmp_path, monkeypatch):
    path = tmp_path / "calls.txt"
    monkeypatch.setenv(CALLS_ENV, str(path))

    def seen() -> list[str]:
        out = path.read_text().split() if path.exists() else []
        path.unlink(missing_ok=True)
        return out

    return seen


def run(out, articles, **kw):
    kw.setdefault("params", {"min_len": 3})
    return incremental.run_batched(
        "words", articles, count_words, version="1", out_dir=out, chunk_size=5, **kw
    )


def test_second_run_reuses_everything_and_gives_identical_tables(tmp_path, calls):
    articles = make_articles(TEXTS)
    first = run(tmp_path, articles)
    assert first.processed == 23 and first.reused == 0
    assert sorted(calls()) == sorted(articles["article_id"])
    table1 = (tmp_path / "data" / "words.parquet").read_bytes()
    second = run(tmp_path, articles)
    assert second.processed == 0 and second.reused == 23
    assert calls() == []
    assert (tmp_path / "data" / "words.parquet").read_bytes() == table1


def test_changed_article_is_the_only_one_reprocessed(tmp_path, calls):
    articles = make_articles(TEXTS)
    run(tmp_path, articles)
    calls()
    changed = make_articles(TEXTS[:-1] + ["a brand new text about export controls"])
    report = run(tmp_path, changed)
    assert report.processed == 1 and report.reused == 22
    assert calls() == [changed["article_id"].iloc[-1]]
    words = pd.read_parquet(tmp_path / "data" / "words.parquet")
    assert set(words["article_id"]) == set(changed["article_id"])
    assert "export" in set(words["word"])


def test_changed_parameter_or_version_reruns_everything(tmp_path, calls):
    articles = make_articles(TEXTS)
    run(tmp_path, articles)
    calls()
    assert run(tmp_path, articles, params={"min_len": 6}).processed == 23
    assert len(calls()) == 23
    words = pd.read_parquet(tmp_path / "data" / "words.parquet")
    assert words["word"].str.len().min() >= 6
    again = incremental.run_batched(
        "words", articles, count_words, {"min_len": 6}, "2", tmp_path, chunk_size=5
    )
    assert again.processed == 23


def test_changed_input_rows_rerun_only_their_article(tmp_path, calls):
    articles = make_articles(TEXTS[:4])
    tags = pd.DataFrame({"article_id": articles["article_id"], "tag": ["a", "b", "c", "d"]})
    run(tmp_path, articles, inputs={"tags": tags})
    calls()
    tags.loc[2, "tag"] = "changed"
    report = run(tmp_path, articles, inputs={"tags": tags})
    assert report.processed == 1
    assert calls() == [articles["article_id"].iloc[2]]
    words = pd.read_parquet(tmp_path / "data" / "words.parquet")
    assert set(words.loc[words["article_id"] == articles["article_id"].iloc[2], "tag"]) == {
        "changed"
    }


def test_process_pool_matches_serial(tmp_path):
    articles = make_articles(TEXTS)
    run(tmp_path / "serial", articles)
    run(tmp_path / "pool", articles, n_process=2)
    for name in ("words", "lengths"):
        a = pd.read_parquet(tmp_path / "serial" / "data" / f"{name}.parquet")
        b = pd.read_parquet(tmp_path / "pool" / "data" / f"{name}.parquet")
        pd.testing.assert_frame_equal(a, b)


def test_empty_corpus_still_writes_tables_with_columns(tmp_path):
    report = run(tmp_path, make_articles([]))
    assert report.rows == {"lengths": 0, "words": 0}
    words = pd.read_parquet(tmp_path / "data" / "words.parquet")
    assert list(words.columns) == ["article_id", "i", "word", "tag"]


def test_rows_keep_the_stage_order_within_an_article(tmp_path):
    articles = make_articles(["zebra apple mango", "kiwi fig banana"])
    run(tmp_path, articles, params={"min_len": 1})
    words = pd.read_parquet(tmp_path / "data" / "words.parquet")
    for _, group in words.groupby("article_id"):
        assert group["i"].tolist() == sorted(group["i"])


def test_tuning_values_do_not_invalidate_the_cache(tmp_path, calls):
    articles = make_articles(TEXTS[:6])
    run(tmp_path, articles, tuning={"tags": None})
    calls()
    report = run(tmp_path, articles, tuning={"tags": None, "min_len": 3})
    assert report.processed == 0 and calls() == []
