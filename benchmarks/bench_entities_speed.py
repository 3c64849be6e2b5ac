"""Speed of the entity stage: words/s vs bare nlp.pipe, and 2 processes vs 1.

Builds a corpus of at least --words words by shuffling and recombining the paragraphs of the
bundled sample articles (deterministic seed), then times on the same texts:
  1. bare ``nlp.pipe`` of the stage's pipeline (same model and components), docs just consumed;
  2. the whole stage in one process (``entities.process_batch``: parsing + rules + table);
  3. the stage through ``entities.run_stage`` (run_batched) with 1 and with 2 worker processes
     (fresh output folders, so nothing comes from the cache).
Goals: stage >= 0.9x bare; 2 processes >= 1.7x one.

    .venv/bin/python benchmarks/bench_entities_speed.py --words 50000   # quick
    .venv/bin/python benchmarks/bench_entities_speed.py                 # full, >= 1M words
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time

import pandas as pd

from helpers import config, entities, ingest


def make_corpus(n_words: int, seed: int = 13, article_words: int = 600) -> pd.DataFrame:
    """Synthetic articles of ~article_words words from shuffled sample paragraphs."""
    sample = ingest.ingest_folder(config.DEFAULT_RAW_DIR).articles
    paragraphs = [p for t in sample["text"] for p in t.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    texts, total, current, size = [], 0, [], 0
    while total < n_words:
        p = rng.choice(paragraphs)
        current.append(p)
        size += len(p.split())
        if size >= article_words:
            texts.append("\n\n".join(current))
            total += size
            current, size = [], 0
    ids = [f"bench{i:07d}" for i in range(len(texts))]
    return pd.DataFrame({"article_id": ids, "text": texts})


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="corpus size (default 1M)")
    parser.add_argument("--model", default=config.DEFAULT_MODEL)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--chunk-size", type=int, default=64, help="articles per worker task")
    parser.add_argument("--skip-parallel", action="store_true", help="only the one-process runs")
    args = parser.parse_args()

    corpus = make_corpus(args.words)
    words = int(corpus["text"].str.split().str.len().sum())
    print(f"corpus: {len(corpus)} articles, {words} words")
    nlp = entities.load_model(args.model)
    texts = corpus["text"].tolist()
    # Warm up on real batches: the first full pass is ~40% slower (allocations, caches) and
    # would otherwise be charged to whichever run comes first.
    list(nlp.pipe(texts[: max(2 * args.batch_size, 100)], batch_size=args.batch_size))
    print("pipeline:", ", ".join(nlp.pipe_names))

    rows = []
    bare = timed(lambda: [None for _ in nlp.pipe(texts, batch_size=args.batch_size)])
    rows.append(("bare nlp.pipe", bare))
    stage = timed(
        lambda: entities.process_batch(corpus, model=args.model, batch_size=args.batch_size)
    )
    rows.append(("stage, 1 process (process_batch)", stage))

    if not args.skip_parallel:
        for n in (1, 2):
            with tempfile.TemporaryDirectory(prefix="tt-bench-") as out:
                t = timed(
                    lambda n=n, out=out: entities.run_stage(
                        corpus, out, model=args.model, batch_size=args.batch_size,
                        n_process=n, chunk_size=args.chunk_size, progress=False,
                    )
                )  # fmt: skip
            rows.append((f"stage via run_batched, {n} process{'es' if n > 1 else ''}", t))

    table = pd.DataFrame(rows, columns=["run", "seconds"])
    table["words/s"] = (words / table["seconds"]).round(0).astype(int)
    table["seconds"] = table["seconds"].round(2)
    print(table.to_string(index=False))
    ratio = bare / stage
    print(f"stage vs bare nlp.pipe: {ratio:.2f}x (goal >= 0.9x)")
    if not args.skip_parallel:
        speedup = table["seconds"].iloc[2] / table["seconds"].iloc[3]
        print(f"2 processes vs 1: {speedup:.2f}x (goal >= 1.7x)")


if __name__ == "__main__":
    main()
