"""A tiny stage used to test the batching machinery (importable by worker processes)."""

from __future__ import annotations

import os

import pandas as pd

CALLS_ENV = "TT_TEST_CALLS_FILE"


def count_words(chunk: pd.DataFrame, *, min_len: int = 1, tags=None) -> dict[str, pd.DataFrame]:
    """One row per word of at least `min_len` letters; logs the articles it saw."""
    calls = os.environ.get(CALLS_ENV)
    if calls and len(chunk):
        with open(calls, "a") as fh:
            fh.write("".join(f"{a}\n" for a in chunk["article_id"]))
    rows = []
    for aid, text in zip(chunk["article_id"], chunk["text"], strict=True):
        tag_rows = tags[tags["article_id"] == aid]["tag"].tolist() if tags is not None else []
        for i, word in enumerate(text.split()):
            if len(word) >= min_len:
                rows.append({"article_id": aid, "i": i, "word": word, "tag": ",".join(tag_rows)})
    words = pd.DataFrame(rows, columns=["article_id", "i", "word", "tag"])
    lengths = pd.DataFrame(
        {"article_id": chunk["article_id"], "n": chunk["text"].str.split().str.len()}
    )
    return {"words": words, "lengths": lengths}
