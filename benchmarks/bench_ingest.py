"""Ingest benchmark: write N synthetic articles in mixed formats to a temp folder and ingest them.

Prints wall time, articles per second and peak memory (resident set size of this process).

    .venv/bin/python benchmarks/bench_ingest.py            # 10,000 articles
    .venv/bin/python benchmarks/bench_ingest.py --n 2000 --keep /tmp/corpus

The mix follows the four input formats of contract.md: seed-layout .txt, front-matter .md, saved
.html pages, and JSONL files of 100 lines each; 1% of articles are exact copies in a second file
and 1% are lightly edited copies, so de-duplication and near-duplicate detection do real work.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from helpers import ingest

WORDS = (
    "tariff trade talks beijing washington truce deadline export controls chips soybeans "
    "rare earths ministry commerce treasury negotiators officials agreement framework duties "
    "imports goods percent levy extension suspension retaliation markets investors factories "
    "shipping ports farmers manufacturers semiconductors fentanyl reciprocal summit leaders "
    "statement spokesperson analysts growth economy supply chains licences minerals steel "
    "aluminium vehicles batteries solar ships fees sanctions investigation probe dumping"
).split()
SHARES = {"seed": 0.35, "front_matter": 0.35, "html": 0.10, "jsonl": 0.20}
JSONL_LINES_PER_FILE = 100


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def article(rng: random.Random) -> tuple[str, str, list[str]]:
    title = " ".join(rng.choice(WORDS) for _ in range(8)).title()
    standfirst = sentence(rng)
    paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(rng.randint(4, 9))]
    return title, standfirst, paragraphs


def render(fmt: str, title: str, standfirst: str, paras: list[str], day: date) -> str:
    body = "\n\n".join(paras)
    if fmt == "seed":
        return (
            f"Today : {day:%b} {day.day}, {day.year}\nWorld News\n{day.day} {day:%B %Y}\n\n"
            f"{title}\n\n{standfirst}\n\n{body}\n"
        )
    if fmt == "front_matter":
        meta = f'title: "{title}"\npublished: {day.isoformat()}\nsource: "Bench Wire"'
        return f"---\n{meta}\n---\n{body}\n"
    ps = "".join(f"<p>{p}</p>\n" for p in paras)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        f'<meta property="og:title" content="{title}">'
        '<meta property="og:site_name" content="Bench News">'
        f'<meta property="article:published_time" content="{day.isoformat()}T09:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{ps}</article><footer>Contact us</footer></body></html>"
    )


def write_corpus(folder: Path, n: int, seed: int) -> dict[str, int]:
    """Write n articles (plus 1% exact copies) below folder; return inputs per format."""
    rng = random.Random(seed)
    counts = dict.fromkeys(SHARES, 0)
    jsonl_buffer: list[str] = []
    previous: tuple[str, str, list[str]] | None = None
    start = date(2025, 1, 1)
    for i in range(n):
        fmt = rng.choices(list(SHARES), weights=list(SHARES.values()))[0]
        counts[fmt] += 1
        title, standfirst, paras = article(rng)
        if previous is not None and rng.random() < 0.01:
            # A lightly edited re-publication of the previous story: a near-duplicate.
            title, standfirst, paras = previous
            paras = [*paras[:-1], paras[-1] + " " + sentence(rng)]
        previous = (title, standfirst, paras)
        day = start + timedelta(days=rng.randrange(330))
        sub = folder / f"batch{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        if fmt == "jsonl":
            record = {"title": title, "published": day.isoformat(), "text": "\n\n".join(paras)}
            jsonl_buffer.append(json.dumps(record))
            if len(jsonl_buffer) == JSONL_LINES_PER_FILE:
                (sub / f"feed{i:05d}.jsonl").write_text("\n".join(jsonl_buffer) + "\n")
                jsonl_buffer = []
            continue
        ext = {"seed": "txt", "front_matter": "md", "html": "html"}[fmt]
        text = render(fmt, title, standfirst, paras, day)
        (sub / f"article{i:05d}.{ext}").write_text(text, encoding="utf-8")
        if rng.random() < 0.01:
            (sub / f"copy{i:05d}.{ext}").write_text(text, encoding="utf-8")
    if jsonl_buffer:
        (folder / "feed_last.jsonl").write_text("\n".join(jsonl_buffer) + "\n")
    return counts


def peak_rss_mb() -> float:
    # ru_maxrss is kilobytes on Linux and bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def main(argv: list[str] | None = None) -> int:
    """Generate, ingest and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the corpus here instead of a temp dir")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = args.keep or Path(tmp) / "raw"
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        counts = write_corpus(folder, args.n, args.seed)
        t1 = time.perf_counter()
        rss_before = peak_rss_mb()
        result = ingest.ingest_folder(folder, today=date(2025, 12, 31))
        t2 = time.perf_counter()
        ingest.find_near_duplicates(result.articles)
        t3 = time.perf_counter()

    n_articles = len(result.articles)
    wall = t2 - t1
    print(f"generated {args.n} articles in {t1 - t0:.1f} s: {counts}")
    print(f"ingest wall time: {wall:.1f} s for {result.n_files} files, {result.n_inputs} inputs")
    print(f"articles: {n_articles} ({n_articles / wall:.0f} articles/s)")
    print(f"  of which near-duplicate detection alone: {t3 - t2:.1f} s")
    print(f"rejected: {len(result.rejected)} {result.rejected['code'].value_counts().to_dict()}")
    print(f"near-duplicate pairs: {len(result.near_duplicates)}")
    merged = int(result.articles["paths"].map(len).sum()) - n_articles
    print(f"exact duplicates merged: {merged}")
    print(f"peak memory (max RSS): {peak_rss_mb():.0f} MB (before ingest: {rss_before:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
