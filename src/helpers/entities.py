"""Stage 02: named entities of each article, with domain rules and canonical names.

spaCy's NER (only the components it needs) is extended by an EntityRuler whose patterns live in
``data/entity_patterns.jsonl`` (officials' roles, trade laws and terms, agreements, summits).
After the model, a few rules fix its systematic errors (a surname tagged ORG, "Bessent and Greer"
as one ORG, "U.S.-China" as one GPE) and every mention gets a canonical name from
``data/aliases.csv``: "U.S." -> "United States", a later "Bessent" -> the full name seen in the
same article, "Beijing" -> "China" unless it is the city ("talks in Beijing").
"""

from __future__ import annotations

import bisect
import csv
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import pandas as pd

from helpers import config

# Bump when the output of process_batch changes for the same text, model and data files.
STAGE_VERSION = "entities-1"
ALIASES_PATH = config.DATA_DIR / "aliases.csv"
PATTERNS_PATH = config.DATA_DIR / "entity_patterns.jsonl"

PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels whose mentions are names that the alias table and the fix rules apply to.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# What NER needs: in en_core_web_* the ner component has its own tok2vec, so the shared
# tok2vec only feeds tagger and parser and can go too.
DISABLED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")

COLUMNS = (
    "article_id",
    "sentence_id",
    "start_char",
    "end_char",
    "text",
    "label",
    "canonical",
    "role",
    "affiliation",
    "rule",
)
# Prepositions/verbs after which a capital is the place itself, not its government.
LOCATIVE_WORDS = frozenset(
    {
        "in", "to", "from", "at", "near", "into", "outside", "around", "across", "via",
        "toward", "towards", "visit", "visits", "visited", "visiting", "leave", "left",
        "arrive", "arrived", "arrives", "reach", "reached", "based",
    }
)  # fmt: skip
LIST_WORDS = frozenset({",", "and", "or", "&"})
HONORIFICS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "Mr", "Mrs", "Ms", "Dr")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_SPACE = re.compile(r"\s+")
# Two or more capitalised names joined by hyphens/dashes: "U.S.-China", "China–EU".
_HYPHEN_COMPOUND = re.compile(r"(?<![\w.-])[A-Z][\w.]*(?:[-–—][A-Z][\w.]*)+")
_HYPHEN = re.compile(r"[-–—]")


class ModelNotFoundError(RuntimeError):
    """The spaCy model named by the `model` parameter is not installed."""


# --------------------------------------------------------------------------- alias table


@dataclass(frozen=True)
class Alias:
    """One row of the alias table."""

    alias: str
    canonical: str
    label: str
    capital: bool  # a capital city that stands for its government unless used as a place


def _key(name: str) -> str:
    """Lookup key: no dots, one space, straight apostrophes ("U.S." and "US" meet)."""
    return _SPACE.sub(" ", name.replace("’", "'").replace(".", "")).strip()


def _is_acronym(key: str) -> bool:
    # "US", "AP", "MOFCOM": as lower case these are ordinary words ("us", "ap").
    return key.isupper() and len(key.replace(" ", "")) <= 6


def clean_mention(text: str) -> str:
    """A mention without leading article, trailing possessive, quotes or extra spaces."""
    text = _SPACE.sub(" ", text).strip().strip("\"“”'‘")
    text = _ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text).strip()


class AliasTable:
    """Alias -> canonical lookup, case-sensitive for acronyms, case-insensitive otherwise."""

    def __init__(self, rows: Iterable[Alias]):
        self.rows = list(rows)
        self._exact: dict[str, list[Alias]] = defaultdict(list)
        self._folded: dict[str, list[Alias]] = defaultdict(list)
        for row in self.rows:
            key = _key(row.alias)
            self._exact[key].append(row)
            if not _is_acronym(key):
                self._folded[key.casefold()].append(row)

    def candidates(self, name: str) -> list[Alias]:
        """Every row whose alias is this name (after cleaning)."""
        key = _key(clean_mention(name))
        return self._exact.get(key) or self._folded.get(key.casefold(), [])

    def lookup(self, name: str, label: str | None = None) -> Alias | None:
        """The best row for a name: same label first, then the first row listed."""
        rows = self.candidates(name)
        if not rows:
            return None
        if label:
            for row in rows:
                if row.label == label:
                    return row
        return rows[0]


@lru_cache(maxsize=4)
def load_aliases(path: str | Path = ALIASES_PATH) -> AliasTable:
    """Read the alias table (alias, canonical, label, note) once per process."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [
            Alias(
                alias=r["alias"].strip(),
                canonical=r["canonical"].strip(),
                label=r["label"].strip(),
                capital=(r.get("note") or "").strip().startswith("capital"),
            )
            for r in csv.DictReader(fh)
            if r.get("alias", "").strip()
        ]
    return AliasTable(rows)


@lru_cache(maxsize=4)
def load_patterns(path: str | Path = PATTERNS_PATH) -> tuple[dict, ...]:
    """EntityRuler patterns from the JSONL data file (one pattern per line)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    """Role phrases and honorifics that may precede a name, longest first."""
    roles = {p["pattern"] for p in load_patterns() if p["label"] == "ROLE"}
    roles |= {p["id"] for p in load_patterns() if p["label"] == "ROLE"}
    return tuple(sorted(roles | set(HONORIFICS), key=len, reverse=True))


def split_title(name: str) -> tuple[str | None, str | None, str]:
    """Split "U.S. Treasury Secretary Scott Bessent" into (affiliation, role, name)."""
    aliases = load_aliases()
    rest = clean_mention(name)
    affiliation = role = None
    # A leading nationality ("U.S.", "Chinese", "China's") names the affiliation.
    words = rest.split(" ")
    for n in (3, 2, 1):
        head = " ".join(words[:n])
        row = aliases.lookup(_POSSESSIVE.sub("", head), "GPE")
        if len(words) > n and row is not None and row.label in ("GPE", "NORP"):
            affiliation, rest = row.canonical, " ".join(words[n:])
            break
    lowered = rest.casefold()
    stripped = False
    for title in _titles():
        t = title.casefold()
        if lowered.startswith(t + " ") and len(rest) > len(title) + 1:
            role, rest, stripped = _role_name(title), rest[len(title) :].strip(), True
            break
    if not stripped:
        return None, None, clean_mention(name)  # a bare nationality before a name is no office
    return (affiliation if role else None), role, rest


def _role_name(title: str) -> str | None:
    for p in load_patterns():
        if p["label"] == "ROLE" and p["pattern"].casefold() == title.casefold():
            return p["id"]
    return None  # an honorific ("Mr.") is not an office


def canonicalize(name: str, label: str | None = None) -> str:
    """Canonical name of a mention: "U.S." -> "United States", "President Trump" -> "Donald Trump"."""
    aliases = load_aliases()
    cleaned = clean_mention(name)
    row = aliases.lookup(cleaned, label)
    if row is not None:
        return row.canonical
    if label in (None, "PERSON"):
        _, _, bare = split_title(cleaned)
        if bare != cleaned:
            row = aliases.lookup(bare, "PERSON")
            return row.canonical if row is not None else bare
    return cleaned
