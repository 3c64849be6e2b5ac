"""Recall and precision of canonical persons, organisations and places vs tests/gold/*.json.

Runs the entity stage on the bundled sample corpus (ingested from data/raw) and compares, per
article, the sets of canonical names with the hand-made gold sets; prints micro-averaged scores
for all articles, the development articles and the held-out ones (never tuned on).

Subsets as in benchmarks/corpora.py: "dev", "dev_N", "held_out_1" and the current held-out sets.

    .venv/bin/python benchmarks/bench_entities_quality.py [--corpus RAW:GOLD ...] [--skip S] [-v]
"""

from __future__ import annotations

from pathlib import Path

import corpora
import pandas as pd

from helpers import entities, ingest

GOAL = {"persons": ("recall", 0.97), "places": ("recall", 0.95)}
MIN_PRECISION = 0.9


def score(
    raw_dir: Path, gold_dir: Path, verbose: bool = False, skip: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Per-article true/false positives and negatives, one row per article and category."""
    articles = ingest.ingest_folder(raw_dir).articles
    table = entities.process_batch(articles)["entities"]
    predicted = entities.name_sets(table)
    by_path = {}
    for aid, paths in zip(articles["article_id"], articles["paths"], strict=True):
        for p in paths:
            by_path[p] = aid
    rows = []
    for gold in corpora.load_gold(gold_dir):
        if corpora.subset(gold) in skip:
            continue
        aid = by_path.get(gold["path"])
        if aid is None:
            # Scored as all missed, so a broken ingest shows up in the figures.
            print(f"warning: gold article {gold['path']!r} was not ingested (scored as missed)")
        for category in entities.NAME_CATEGORIES:
            want, got = set(gold[category]), predicted.get(aid, {}).get(category, set())
            rows.append(
                {
                    "path": gold["path"],
                    "subset": corpora.subset(gold),
                    "category": category,
                    "tp": len(want & got),
                    "fn": len(want - got),
                    "fp": len(got - want),
                }
            )
            # Held-out misses are never listed: they must not steer the rules.
            if verbose and not corpora.is_held_out(gold) and (want - got or got - want):
                print(f"{gold['path']} {category}: missed {sorted(want - got)}")
                print(f"{' ' * len(gold['path'])} {category}: extra  {sorted(got - want)}")
    return pd.DataFrame(rows)


def summary(per_article: pd.DataFrame) -> pd.DataFrame:
    """Micro-averaged recall/precision per subset and category."""
    out = []
    subsets = {"all": per_article}
    for name in sorted(per_article["subset"].unique()):
        subsets[name] = per_article[per_article["subset"] == name]
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
    args = corpora.quality_arguments(__doc__.splitlines()[0])
    parts = [score(c.raw_dir, c.gold_dir, args.verbose, args.skip) for c in args.corpora]
    table = summary(pd.concat(parts, ignore_index=True))
    print(table.to_string(index=False))
    overall = table[table["subset"] == "all"].set_index("category")
    for category, (metric, goal) in GOAL.items():
        value = overall.loc[category, metric]
        print(f"goal {category} {metric} >= {goal}: {'met' if value >= goal else 'NOT met'}")
    low = overall[overall["precision"] < MIN_PRECISION].index.tolist()
    print(f"goal precision >= {MIN_PRECISION}: {'met' if not low else 'NOT met for ' + str(low)}")


if __name__ == "__main__":
    main()
