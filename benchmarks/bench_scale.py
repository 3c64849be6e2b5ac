"""Scale benchmark: first run, unchanged rerun, 1% changed, one vs two processes, peak memory.

Generates a corpus of at least --words words (default 1,000,000) by recombining paragraphs of
the bundled articles with a fixed seed, writes it as front-matter Markdown files, and runs the
pipeline's stage functions (ingest, entities, facts, merged timeline) the way the notebooks do.

    .venv/bin/python benchmarks/bench_scale.py [--words 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from helpers import config, entities, facts, ingest, storage


def generate_corpus(raw_dir: Path, words: int, seed: int = 7) -> list[Path]:
    """Write articles made of shuffled sample paragraphs until `words` words are written."""
    sample = ingest.ingest_folder(config.DEFAULT_RAW_DIR).articles
    paragraphs = [p for text in sample["text"] for p in text.split("\n\n") if len(p.split()) > 8]
    rng = random.Random(seed)
    raw_dir.mkdir(parents=True, exist_ok=True)
    written, files = 0, []
    i = 0
    while written < words:
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 9)))
        row = sample.iloc[rng.randrange(len(sample))]
        text = "\n\n".join(body)
        path = raw_dir / f"gen_{i:06d}.md"
        path.write_text(
            f'---\ntitle: "Generated article {i}"\npublished: {row["published"]:%Y-%m-%d}\n'
            f'source: "benchmark"\n---\n\n{text}\n'
        )
        files.append(path)
        written += len(text.split())
        i += 1
    return files


def run_once(raw_dir: Path, out_dir: Path, n_process: int) -> dict[str, float]:
    """Ingest + entities + facts + timeline, as the notebooks call them; returns timings."""
    paths = config.resolve_paths(raw_dir, out_dir).ensure()
    t0 = time.perf_counter()
    result = ingest.ingest_folder(paths.raw_dir)
    storage.write_table(result.articles, paths.table("articles"))
    storage.write_table(result.rejected, paths.table("rejected"))
    t1 = time.perf_counter()
    articles = result.articles
    ents = entities.run_stage(articles, paths.out_dir, n_process=n_process, progress=False)
    t2 = time.perf_counter()
    entity_table = storage.read_table(paths.table("entities"))
    fct = facts.run_stage(
        articles, entity_table, paths.out_dir, n_process=n_process, progress=False
    )
    events = storage.read_table(paths.table("events"))
    tariffs = storage.read_table(paths.table("tariffs"))
    storage.write_table(facts.merge_timeline(events, tariffs, articles), paths.table("timeline"))
    t3 = time.perf_counter()
    return {
        "words": float(articles["n_words"].sum()),
        "ingest_s": t1 - t0,
        "entities_s": t2 - t1,
        "facts_s": t3 - t2,
        "total_s": t3 - t0,
        "processed": float(ents.processed + fct.processed) / 2,
    }


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep the generated corpus and outputs here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="tt-bench-scale-"))
    raw = work / "raw"
    try:
        files = generate_corpus(raw, args.words)
        print(f"corpus: {len(files)} articles, >= {args.words:,} words")
        first = run_once(raw, work / "out1", 1)
        words = first["words"]
        print(
            f"first run (1 process):  {first['total_s']:8.1f} s  "
            f"(ingest {first['ingest_s']:.1f}, entities {first['entities_s']:.1f}, "
            f"facts {first['facts_s']:.1f})  {words / (first['total_s']):,.0f} words/s"
        )
        second = run_once(raw, work / "out1", 1)
        print(
            f"second run, unchanged:  {second['total_s']:8.1f} s  "
            f"= {100 * second['total_s'] / first['total_s']:.1f}% of the first (goal <= 15%)"
        )
        rng = random.Random(11)
        changed = rng.sample(files, k=max(1, len(files) // 100))
        for path in changed:
            path.write_text(path.read_text() + "\nA sentence added to change this article.\n")
        third = run_once(raw, work / "out1", 1)
        print(f"after changing {len(changed)} articles (1%): {third['total_s']:8.1f} s")
        two = run_once(raw, work / "out2", 2)
        nlp1 = first["entities_s"] + first["facts_s"]
        nlp2 = two["entities_s"] + two["facts_s"]
        print(
            f"entity+fact stages, 1 process: {words / nlp1:,.0f} words/s; "
            f"2 processes: {words / nlp2:,.0f} words/s; gain {nlp1 / nlp2:.2f}x"
        )
        own, kids = peak_mb()
        print(
            f"peak memory: main process {own:,.0f} MB, largest worker {kids:,.0f} MB (goal < 2 GB)"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
