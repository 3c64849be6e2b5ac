"""Recall and precision of canonical persons, organisations and places vs tests/gold/*.json.

Runs the entity stage on the bundled sample corpus (ingested from data/raw) and compares, per
article, the sets of canonical names with the hand-made gold sets; prints micro-averaged scores
for all articles, the development articles and the held-out ones (never tuned on).

    .venv/bin/python benchmarks/bench_entities_quality.py [--raw-dir DIR] [--gold-dir DIR] [-v]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from helpers import config, entities, ingest

GOAL = {"persons": ("recall", 0.97), "places": ("recall", 0.95)}
MIN_PRECISION = 0.9


def load_gold(gold_dir: Path) -> list[dict]:
    """Every gold file, sorted by name."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def score(raw_dir: Path, gold_dir: Path, verbose: bool = False) -> pd.DataFrame:
    """Per-article true/false positives and negatives, one row per article and category."""
    articles = ingest.ingest_folder(raw_dir).articles
    table = entities.process_batch(articles)["entities"]
    predicted = entities.name_sets(table)
    by_path = {}
    for aid, paths in zip(articles["article_id"], articles["paths"], strict=True):
        for p in paths:
            by_path[p] = aid
    rows = []
    for gold in load_gold(gold_dir):
        aid = by_path.get(gold["path"])
        if aid is None:
            # Scored as all missed, so a broken ingest shows up in the figures.
            print(f"warning: gold article {gold['path']!r} was not ingested (scored as missed)")
        for category in entities.NAME_CATEGORIES:
            want, got = set(gold[category]), predicted.get(aid, {}).get(category, set())
            rows.append(
                {
                    "path": gold["path"],
                    "held_out": bool(gold.get("held_out")),
                    "category": category,
                    "tp": len(want & got),
                    "fn": len(want - got),
                    "fp": len(got - want),
                }
            )
            if verbose and (want - got or got - want):
                print(f"{gold['path']} {category}: missed {sorted(want - got)}")
                print(f"{' ' * len(gold['path'])} {category}: extra  {sorted(got - want)}")
    return pd.DataFrame(rows)


def summary(per_article: pd.DataFrame) -> pd.DataFrame:
    """Micro-averaged recall/precision per subset and category."""
    out = []
    subsets = {
        "all": per_article,
        "development": per_article[~per_article["held_out"]],
        "held-out": per_article[per_article["held_out"]],
    }
    for subset, part in subsets.items():
        for category, g in part.groupby("category", sort=False):
            tp, fn, fp = g["tp"].sum(), g["fn"].sum(), g["fp"].sum()
            out.append(
                {
                    "subset": subset,
                    "category": category,
                    "articles": g["path"].nunique(),
                    "recall": round(tp / (tp + fn), 3) if tp + fn else float("nan"),
                    "precision": round(tp / (tp + fp), 3) if tp + fp else float("nan"),
                }
            )
    return pd.DataFrame(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=config.DEFAULT_RAW_DIR)
    parser.add_argument("--gold-dir", type=Path, default=config.PROJECT_ROOT / "tests" / "gold")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses per article")
    args = parser.parse_args()
    table = summary(score(args.raw_dir, args.gold_dir, args.verbose))
    print(table.to_string(index=False))
    overall = table[table["subset"] == "all"].set_index("category")
    for category, (metric, goal) in GOAL.items():
        value = overall.loc[category, metric]
        print(f"goal {category} {metric} >= {goal}: {'met' if value >= goal else 'NOT met'}")
    low = overall[overall["precision"] < MIN_PRECISION].index.tolist()
    print(f"goal precision >= {MIN_PRECISION}: {'met' if not low else 'NOT met for ' + str(low)}")


if __name__ == "__main__":
    main()
