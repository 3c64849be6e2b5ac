"""The annotated corpora the quality benchmarks score, and how their articles are grouped.

Each corpus is a folder of raw articles with a folder of gold files (tests/gold/README.md).
A gold file's subset is its `set` field when present ("dev", "dev_2", "held_out_10", ...; see
data/eval/README.md for which sets are held out now); older gold files without it are "dev" or,
when `held_out` is true, "held_out_1" (the bundled held-out articles).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from helpers import config


@dataclass(frozen=True)
class Corpus:
    raw_dir: Path
    gold_dir: Path


def default_corpora() -> list[Corpus]:
    """The bundled corpus, and the evaluation corpus when it is present."""
    found = [Corpus(config.DEFAULT_RAW_DIR, config.GOLD_DIR)]
    if config.EVAL_RAW_DIR.is_dir() and config.EVAL_GOLD_DIR.is_dir():
        found.append(Corpus(config.EVAL_RAW_DIR, config.EVAL_GOLD_DIR))
    return found


def parse_corpus(value: str) -> Corpus:
    """`RAW_DIR:GOLD_DIR` from the command line."""
    raw, sep, gold = value.partition(":")
    if not sep:
        raise ValueError(f"expected RAW_DIR:GOLD_DIR, got {value!r}")
    return Corpus(Path(raw), Path(gold))


def load_gold(gold_dir: Path) -> list[dict]:
    """Every gold file of one folder (not its subfolders), sorted by name."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def subset(gold: dict) -> str:
    """The subset a gold article is reported in."""
    if gold.get("set"):
        return str(gold["set"])
    return "held_out_1" if gold.get("held_out") else "dev"


def is_held_out(gold: dict) -> bool:
    """Held-out articles are scored but their misses are never listed."""
    return bool(gold.get("held_out")) or subset(gold).startswith("held_out")


def quality_arguments(description: str) -> argparse.Namespace:
    """The command line every quality benchmark shares: corpora, skipped subsets, verbosity.

    `args.corpora` is the list of corpora to score and `args.skip` a frozenset of subsets.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--corpus", action="append", type=parse_corpus, metavar="RAW_DIR:GOLD_DIR",
        help="an annotated corpus (repeatable); default: data/raw with tests/gold, and "
        "data/eval/raw with tests/gold/eval",
    )  # fmt: skip
    parser.add_argument(
        "--skip", action="append", default=[], metavar="SUBSET",
        help="leave a subset out (e.g. held_out_2 while rules are being developed)",
    )  # fmt: skip
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses (dev articles)")
    args = parser.parse_args()
    args.corpora = args.corpus or default_corpora()
    args.skip = frozenset(args.skip)
    return args
