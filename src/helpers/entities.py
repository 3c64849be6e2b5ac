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
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import pandas as pd

from helpers import config, incremental

ALIASES_PATH = config.DATA_DIR / "aliases.csv"
PATTERNS_PATH = config.DATA_DIR / "entity_patterns.jsonl"
WORDS_PATH = config.DATA_DIR / "entity_words.json"
PERSON_COUNTRIES_PATH = config.DATA_DIR / "person_countries.csv"
# The cache key's code version: the rules and the data files, so editing any of them redoes
# every article (the lead's run_batched adds the model's version).
STAGE_VERSION = incremental.source_version(
    "entities", __file__, ALIASES_PATH, PATTERNS_PATH, WORDS_PATH, PERSON_COUNTRIES_PATH
)

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
# After these a capital is the place itself, not its government: "talks in Beijing".
LOCATIVE_WORDS = frozenset(
    {"in", "inside", "outside", "near", "around", "across", "based",
     "visit", "visits", "visited", "visiting"}
)  # fmt: skip
# "to/from/at/into Beijing" is the city only after travel or meeting words ("flew to Beijing",
# "talks at Beijing"); otherwise it is the government ("aimed at Beijing", "pressure from Beijing").
DIRECTIONAL_WORDS = frozenset({"to", "from", "at", "into", "via", "toward", "towards"})
MOTION_PREFIXES = (
    "travel", "fly", "flew", "flight", "visit", "arriv", "return", "went", "go", "come", "came",
    "head", "trip", "talk", "meet", "summit", "held", "hold", "delegat", "back", "move", "sail",
    "ship", "drove", "drive", "landed", "journey",
)  # fmt: skip
LIST_WORDS = frozenset({",", "and", "or", "&"})
_TRAILING_JUNK = LIST_WORDS | {"'s", "’s", "'", "’", "-", "–"}
_LEADING_JUNK = frozenset({"-", "–", "—", "•", "*", ":", ";"})
# A name never ends on a function word: "a small additional Tariff of 10%" (ORG "Tariff of").
_FUNCTION_WORDS = frozenset(
    {"of", "for", "to", "on", "in", "at", "by", "with", "from", "the", "a", "an"}
)
# "$200bn", "£157bn", "267bn": British money amounts the model reads as persons.
_MONEY_NAME = re.compile(
    r"^[$£€¥]?\d[\d.,]*\s*(?:bn|mn|m|tn|trn|k|billion|million|trillion)?$", re.I
)
_CURRENCY = frozenset({"$", "£", "€", "¥", "US$", "HK$"})
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
    forum: bool = False  # a summit forum (G7, G20): a place of talks, never a tariff party
    city: bool = False  # a city listed for its label only ("Osaka"): a venue, not an actor


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
                forum=(r.get("note") or "").strip().startswith("forum"),
                city=(r.get("note") or "").strip().startswith("city"),
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


@lru_cache(maxsize=4)
def load_person_countries(path: str | Path = PERSON_COUNTRIES_PATH) -> dict[str, str]:
    """Known office holders' countries (person -> country) from the reference table."""
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["person"].strip(): r["country"].strip() for r in csv.DictReader(fh)}


@lru_cache(maxsize=4)
def load_words(path: str | Path = WORDS_PATH) -> dict[str, frozenset[str]]:
    """Word lists of the fix rules (product nouns, company descriptors ...) from the data file."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def person_patterns() -> list[dict]:
    """Known persons' full names from the alias table as ruler patterns (the model misses
    some, e.g. after a plural title: "Presidents Xi Jinping and Donald Trump")."""
    return [
        {"label": "PERSON", "pattern": row.alias, "id": row.canonical}
        for row in load_aliases().rows
        if row.label == "PERSON" and len(row.alias.split()) >= 2
    ]


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
    """Canonical name of a mention: "U.S." -> "United States", "Mr. Xi" -> "Xi Jinping"."""
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


# --------------------------------------------------------------------------- model


@lru_cache(maxsize=4)
def load_model(model: str = config.DEFAULT_MODEL):
    """The spaCy pipeline for NER: the model's ner, our EntityRuler before it, a sentencizer."""
    import spacy

    try:
        nlp = spacy.load(model, disable=list(DISABLED_COMPONENTS))
    except OSError as exc:
        if model == config.DEFAULT_MODEL:
            how = f"install it with: {config.MODEL_INSTALL_HINT}"
        else:
            how = f"install that package, or use the default model: {config.MODEL_INSTALL_HINT}"
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed or not a model folder; {how}"
        ) from exc
    # Disabled components still run setup code paths; removing them keeps nlp.pipe lean.
    for name in list(nlp.disabled):
        nlp.remove_pipe(name)
    # Before "ner": the model then predicts around our spans ("U.S." stays GPE when
    # "Treasury Secretary" is a ROLE) instead of swallowing them ("U.S. Treasury" ORG).
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"phrase_matcher_attr": "LOWER", "validate": True},
    )
    ruler.add_patterns(list(load_patterns()) + person_patterns())
    # Rule-based sentence starts: sentence_id for the table at a fraction of the parser's cost.
    # Line breaks end sentences too (titles carry no full stop); doing it in the sentencizer
    # costs nothing, a separate pass over the tokens cost a third of the NER time.
    from spacy.pipeline import Sentencizer

    breaks = ["\n", "\n\n", "\n\n\n"]
    punct = list(Sentencizer.default_punct_chars) + breaks
    nlp.add_pipe("sentencizer", last=True, config={"punct_chars": punct})
    return nlp


# --------------------------------------------------------------------------- mentions


@dataclass
class Mention:
    """One entity mention being post-processed (character offsets into the article text)."""

    start: int
    end: int
    label: str
    rule: str  # "model", "pattern", or the name of the fix rule that made/changed it
    ent_id: str = ""  # canonical name given by a pattern
    canonical: str = ""
    role: str | None = None
    affiliation: str | None = None
    model_label: str = ""


def _mentions_from_doc(doc) -> list[Mention]:
    """Entities of the doc, trimmed of a leading "the" and a trailing possessive."""
    out = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        if ent.label_ in NAME_LABELS and doc[start].lower_ == "the" and end - start > 1:
            start += 1
        # "12:30 p.m. – Liu reads ...": a live blog's dash is no part of the name.
        while end - start > 1 and doc[start].text in _LEADING_JUNK:
            start += 1
        # "Bessent and" ORG before "Trade Representative Greer": a span never ends on a joiner.
        while end - start > 1 and doc[end - 1].lower_ in _TRAILING_JUNK:
            end -= 1
        if ent.label_ in NAME_LABELS and doc[end - 1].lower_ in LIST_WORDS:
            continue
        span = doc[start:end]
        text = span.text
        s_char, e_char = span.start_char, span.end_char
        # "Bessent’s" can stay one token in a model's tokenizer: cut the suffix off the span.
        m = _POSSESSIVE.search(text)
        if m and ent.label_ in NAME_LABELS and m.start() > 0:
            e_char -= len(m.group(0))
        rule = "pattern" if ent.ent_id_ else "model"
        out.append(Mention(s_char, e_char, ent.label_, rule, ent.ent_id_, model_label=ent.label_))
    return out


def _drop_non_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Model "names" that are layout or amounts, not names.

    - a money amount ("$200bn") is MONEY whatever the model said;
    - a span ending on a function word ("Tariff of") is a broken span and goes;
    - an outlet's kicker before a colon at the start of a line ("Explainer: ...", "Analysis:")
      goes (the words are in ``entity_words.json``, ``kicker_words``);
    - an all-capitals word the alias table does not know, inside a newsletter's run-in head
      ("THE MATHS. If nothing changes ..." at the start of a line) goes.
    """
    aliases = load_aliases()
    kickers = {w.casefold() for w in load_words().get("kicker_words", ())}
    out = []
    for m in mentions:
        if m.rule != "model" or m.label not in NAME_LABELS:
            out.append(m)
            continue
        surface = text[m.start : m.end]
        # Character tests only: no token lookups in this per-mention loop.
        if _MONEY_NAME.match(surface) or text[max(m.start - 1, 0) : m.start] in _CURRENCY:
            # "$200bn", "267bn" are money; a bare figure the model took for a name is a number.
            money = not surface.replace(",", "").replace(".", "").isdigit()
            money = money or text[max(m.start - 1, 0) : m.start] in _CURRENCY
            m.label, m.rule = ("MONEY" if money else "CARDINAL"), "money_amount"
            out.append(m)
            continue
        words = surface.split()
        if len(words) > 1 and words[-1] in _FUNCTION_WORDS:
            continue
        if text[m.end : m.end + 1] in (":", ".", "\n", "") and surface.casefold() in kickers:
            if not text[text.rfind("\n", 0, m.start) + 1 : m.start].strip():
                continue
        if surface.isupper() and not aliases.candidates(surface) and _in_run_in_head(text, m):
            continue
        out.append(m)
    return out


_RUN_IN_HEAD = re.compile(r"[A-Z][A-Z'’&\- ]*[A-Z][.:]")


def _in_run_in_head(text: str, m: Mention) -> bool:
    """The mention lies in an all-capitals lead-in that opens its line: "THE MATHS. If ..."."""
    line_start = text.rfind("\n", 0, m.start) + 1
    run = _RUN_IN_HEAD.match(text, line_start)
    return run is not None and m.end <= run.end() and text[run.end() : run.end() + 1] in (" ", "")


@lru_cache(maxsize=4)
def _name_before_job_re(jobs: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(sorted((re.escape(j) for j in jobs), key=len, reverse=True))
    return re.compile(
        r"(?<![\w'’])([A-Z][a-z]+(?:[ -][A-Z][a-z'’]+){1,2}), (?:an? |the )?"
        r"(?:[a-z-]+ ){0,4}(?:" + alternatives + r")s?\b"
    )


def _names_before_jobs(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Tanner Ehmke, lead grains economist at ..." : a two- or three-word capitalised name
    followed by a comma and a job ("economist", "analyst", ... in ``person_job_words``) is a
    person, whatever the model said about its words (it read "Ehmke" as a place)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = load_words()
    jobs = words.get("person_job_words", frozenset())
    if not jobs:
        return mentions
    institution = words.get("institution_words", frozenset()) | words["org_suffixes"]
    out = list(mentions)
    changed = False
    for match in _name_before_job_re(jobs).finditer(text):
        a, b = match.span(1)
        name = match.group(1).split()
        if name[0].lower() in STOP_WORDS:
            a += len(name[0]) + 1
            name = name[1:]
        if (
            len(name) < 2
            or institution.intersection(name)
            or load_aliases().candidates(" ".join(name))
        ):
            continue
        inside = [m for m in out if m.start < b and a < m.end]
        if any(m.rule != "model" or m.start < a or m.end > b for m in inside):
            continue  # a pattern or a longer name there wins
        if (
            len(inside) == 1
            and inside[0].label == "PERSON"
            and (inside[0].start, inside[0].end) == (a, b)
        ):
            continue
        model_label = "|".join(sorted({m.label for m in inside})) or "-"
        out = [m for m in out if m not in inside]
        out.append(Mention(a, b, "PERSON", "name_before_job", model_label=model_label))
        changed = True
    return sorted(out, key=lambda m: (m.start, m.end)) if changed else mentions


def _known_non_person(name: str) -> bool:
    rows = load_aliases().candidates(name)
    return bool(rows) and all(r.label != "PERSON" for r in rows)


def _names_after_roles(doc, mentions: list[Mention]) -> list[Mention]:
    """A capitalised name right after an office that the model left out or mislabelled.

    "Trade Representative Greer": the model often tags nothing (or ORG) after a title. One to
    three title-case words that follow a ROLE and are not a known non-person name are a person.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    by_start = {m.start: m for m in mentions}
    added = []
    for role in doc.ents:
        if role.label_ != "ROLE" or role.end >= len(doc):
            continue
        nxt = doc[role.end]
        if nxt.idx in by_start:
            m = by_start[nxt.idx]
            single = doc.char_span(m.start, m.end, alignment_mode="expand")
            if (
                m.label in ("ORG", "GPE", "NORP")
                and m.rule == "model"
                and single is not None
                and len(single) <= 3
                and not _known_non_person(single.text)
            ):
                m.label, m.rule = "PERSON", "name_after_role"
            continue
        k = role.end
        while (
            k < len(doc)
            and k - role.end < 3
            and doc[k].ent_type_ == ""
            and doc[k].is_title
            and doc[k].is_alpha
            and doc[k].lower_ not in STOP_WORDS
        ):
            k += 1
        if k > role.end:
            span = doc[role.end : k]
            if not _known_non_person(span.text):
                added.append(
                    Mention(
                        span.start_char, span.end_char, "PERSON", "name_after_role", model_label="-"
                    )
                )
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def _split_hyphen_compounds(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "U.S.-China" (one GPE, or missed) -> "U.S." and "China", when every part is a place."""
    aliases = load_aliases()
    result = [m for m in mentions]
    for match in _HYPHEN_COMPOUND.finditer(text):
        parts, pos = [], match.start()
        for piece in _HYPHEN.split(match.group(0)):
            parts.append((pos, pos + len(piece), piece))
            pos += len(piece) + 1
        rows = [aliases.lookup(piece, "GPE") for *_, piece in parts]
        if not all(r is not None and r.label == "GPE" for r in rows):
            continue
        s, e = match.start(), match.end()
        overlapping = [m for m in result if m.start < e and s < m.end]
        # Only replace what lies inside the compound: a longer entity around it wins.
        if any(m.start < s or m.end > e for m in overlapping):
            continue
        model_label = "|".join(sorted({m.model_label for m in overlapping})) or "-"
        result = [m for m in result if m not in overlapping]
        for ps, pe, _ in parts:
            result.append(Mention(ps, pe, "GPE", "hyphen_split", model_label=model_label))
    return sorted(result, key=lambda m: (m.start, m.end))


def _full_names(text: str, mentions: list[Mention]) -> dict[str, str]:
    """Name part (first or last word) -> full person name seen in this article."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.label == "PERSON":
            _, _, bare = split_title(text[m.start : m.end])
            if len(bare.split()) >= 2:
                counts[bare] += 1
    by_part: dict[str, str] = {}
    # Most mentioned full name first so an ambiguous surname goes to the main actor.
    for full, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        words = full.split()
        for part in (words[0], words[-1], " ".join(words[1:]), " ".join(words[:-1])):
            by_part.setdefault(part, full)
    return by_part


def _person_alias(name: str, names: dict[str, str]) -> str | None:
    """Full name for a person mention: same article first, then the known-person table."""
    aliases = load_aliases()
    _, _, bare = split_title(name)
    if bare in names and len(bare.split()) < len(names[bare].split()):
        bare = names[bare]
    row = aliases.lookup(bare, "PERSON")
    if row is not None and row.label == "PERSON":
        return row.canonical
    return bare if bare in names.values() or len(bare.split()) > 1 else None


_AND = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")


def _split_coordinated_persons(
    text: str, mentions: list[Mention], names: dict[str, str]
) -> list[Mention]:
    """ "Bessent and Greer" tagged as one ORG -> two PERSON mentions (when both are persons).

    A name with an institution's word ("National Development and Reform Commission", "Customs
    and Border Protection") is one organisation, never split.
    """
    words = load_words()
    institution = words.get("institution_words", frozenset()) | words["org_suffixes"]
    result = []
    for m in mentions:
        span = text[m.start : m.end]
        if m.rule != "model" or m.label not in NAME_LABELS or not _AND.search(span):
            result.append(m)
            continue
        pieces, pos = [], 0
        for sep in _AND.finditer(span):
            pieces.append((pos, sep.start()))
            pos = sep.end()
        pieces.append((pos, len(span)))
        parts = [(m.start + a, m.start + b) for a, b in pieces if b > a]
        if institution.intersection(span.split()):
            result.append(m)
        elif all(_known_org(text[a:b]) for a, b in parts):
            # "Nike and Deckers": companies the alias table knows, one mention each.
            for a, b in parts:
                result.append(Mention(a, b, "ORG", "and_split", model_label=m.label))
        elif all(_person_alias(text[a:b], names) for a, b in parts):
            for a, b in parts:
                result.append(Mention(a, b, "PERSON", "and_split", model_label=m.label))
        else:
            result.append(m)
    return result


def _known_org(name: str) -> bool:
    rows = load_aliases().candidates(name)
    return bool(rows) and all(r.label == "ORG" for r in rows)


def _place_after_from(text: str, mentions: list[Mention]) -> None:
    """ "from Haiphong to Batam": after "from <place> to", a one-word name the model called a
    person or an organisation is a place too (unless the alias table or the article says)."""
    for prev, m in zip(mentions, mentions[1:], strict=False):
        if (
            m.rule == "model"
            and m.label in ("PERSON", "ORG")
            and prev.label in ("GPE", "LOC")
            and " " not in text[m.start : m.end]
            and re.fullmatch(r"\s+to\s+", text[prev.end : m.start])
            and re.search(r"\bfrom\s+$", text[max(prev.start - 8, 0) : prev.start])
            and not load_aliases().candidates(text[m.start : m.end])
        ):
            m.label, m.rule = "GPE", "place_after_from"


def _consistent_places(text: str, mentions: list[Mention]) -> None:
    """One name, one kind: a one-word name the model calls a place somewhere in the article
    ("In Oshawa, ...") is a place where it calls it an ORG ("autoworkers in Oshawa said"); a
    multi-word ORG ending in a law word ("... Availability Standard", "... Act") is a LAW."""
    laws = load_words().get("law_suffixes", frozenset())
    places = {
        text[m.start : m.end] for m in mentions if m.rule == "model" and m.label in ("GPE", "LOC")
    }
    for m in mentions:
        if m.rule != "model" or m.label != "ORG":
            continue
        surface = text[m.start : m.end]
        if surface in places and " " not in surface and not load_aliases().candidates(surface):
            m.label, m.rule = "GPE", "consistent_place"
        elif " " in surface and surface.split()[-1] in laws:
            m.label, m.rule = "LAW", "law_name"


def _relabel(text: str, m: Mention, names: dict[str, str]) -> None:
    """Fix a name's label when the article or the alias table says what it is."""
    if m.rule != "model" or m.label not in NAME_LABELS:
        return
    name = clean_mention(text[m.start : m.end])
    if m.label != "PERSON" and name in names:
        m.label, m.rule = "PERSON", "surname_of_person"  # "Bessent" tagged ORG
        return
    rows = load_aliases().candidates(name)
    if rows and all(r.label != m.label for r in rows):
        # The alias table knows this name only with other labels: "Chinese" GPE -> NORP.
        m.label, m.rule = rows[0].label, "alias_label"


_MINISTRY = re.compile(r"^Ministry of (?!.* of )[\w ]+$")
BUILDING_WORDS = frozenset(
    {"House", "Palace", "Hall", "Building", "Centre", "Center", "Hotel", "Castle", "Villa",
     "Manor", "Tower", "Pavilion", "Residence", "Guesthouse"}
)  # fmt: skip


def _qualify_ministries(text: str, mentions: list[Mention]) -> None:
    """ "China's foreign ministry" -> "Ministry of Foreign Affairs of China" (country from text)."""
    aliases = load_aliases()
    for i, m in enumerate(mentions):
        if m.label != "ORG" or not _MINISTRY.match(m.canonical):
            continue
        prev = mentions[i - 1] if i > 0 else None
        if prev is not None and prev.label in ("GPE", "NORP"):
            gap = text[prev.end : m.start]
            if _GAP_BEFORE.match(gap) or gap == "":
                m.canonical = f"{m.canonical} of {prev.canonical}"
                continue
        row = aliases.lookup(m.canonical, "ORG")  # unqualified: the domain's default, if any
        if row is not None:
            m.canonical = row.canonical


_THE_US_BEFORE = re.compile(r"\b[Tt]he\s+(?:U\.?S\.?\s+|United States\s+)?$")
# Offices that also name their agency when no holder is named: "the US Trade Representative is
# expected to publish a list" is the Office of the USTR.
_APPOSED_NAME = re.compile(r"[A-Z][\w'’-]*,\s+the\s+(?:U\.?S\.?\s+|United States\s+)?$")
OFFICE_AGENCIES = {"Trade Representative": "Office of the United States Trade Representative"}


def _office_as_agency(text: str, mentions: list[Mention]) -> None:
    """ "the US Trade Representative is expected to publish ..." (no person named with the
    title, before or after) is the agency: ORG "Office of the United States Trade Representative".
    """
    for i, m in enumerate(mentions):
        if m.label != "ROLE" or m.canonical not in OFFICE_AGENCIES:
            continue
        if text[m.start : m.end].casefold() != "trade representative":
            continue  # "trade envoy" is a person's title only
        if not _THE_US_BEFORE.search(text[max(m.start - 20, 0) : m.start]):
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and nxt.label == "PERSON" and not text[m.end : nxt.start].strip(" ,"):
            continue  # "the U.S. Trade Representative, Jamieson Greer, said"
        if _APPOSED_NAME.search(text[max(m.start - 60, 0) : m.start]):
            continue  # "Greer, the U.S. Trade Representative, said"
        if text[m.end : m.end + 1] in ("'", "’"):
            continue  # "the Trade Representative's office" is a pattern of its own
        m.label, m.rule = "ORG", "office_as_agency"
        m.canonical = OFFICE_AGENCIES[m.canonical]


def _bare_institutions(mentions: list[Mention]) -> None:
    """ "The Commission opened the case": a bare institution word (``institution_words``) is
    the one organisation of the article whose name ends with it ("European Commission")."""
    institution = load_words().get("institution_words", frozenset())
    full = {m.canonical for m in mentions if m.label == "ORG" and " " in m.canonical}
    for m in mentions:
        if m.label == "ORG" and m.canonical in institution:
            match = {f for f in full if f.endswith(" " + m.canonical)}
            if len(match) == 1:
                m.canonical = match.pop()


def _headline_case(sentence) -> bool:
    """A sentence in Title Case ("Beijing Targets US Farm Goods As Trump Doubles ...").

    Headlines carry no closing full stop; a body sentence dense with names does.
    """
    if sentence.text.rstrip().rstrip("\"'”’").endswith("."):
        return False
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return len(words) >= 4 and sum(t.is_title or t.is_upper for t in words) >= 0.75 * len(words)


def _fix_headlines(doc, text: str, sents: list, mentions: list[Mention]) -> list[Mention]:
    """In Title-Case lines the model tags runs of words as one ORG; keep only known names.

    A multi-word model mention in a headline survives when the same text is also an entity
    in the body or the alias table knows it; otherwise it is replaced by the alias-table names
    found inside it ("Beijing Targets US Farm Goods" -> "Beijing", "US").
    """
    heads = [s for s in sents if _headline_case(s)]
    if not heads:
        return mentions
    aliases = load_aliases()
    in_head = [(s.start_char, s.end_char) for s in heads]
    body_texts = {
        text[m.start : m.end] for m in mentions if not any(a <= m.start < b for a, b in in_head)
    }
    out = []
    for m in mentions:
        surface = text[m.start : m.end]
        suspect = (
            m.rule == "model"
            and m.label in NAME_LABELS
            and len(surface.split()) >= 2
            and any(a <= m.start < b for a, b in in_head)
            and surface not in body_texts
            and not aliases.candidates(surface)
        )
        if not suspect:
            out.append(m)
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        k = span.start
        while k < span.end:
            for n in (3, 2, 1):
                piece = doc[k : min(k + n, span.end)]
                rows = (
                    aliases.candidates(piece.text) if piece[0].is_title or piece[0].is_upper else []
                )
                if rows:
                    out.append(
                        Mention(piece.start_char, piece.end_char, rows[0].label,
                                "headline_split", model_label=m.label)
                    )  # fmt: skip
                    k += len(piece) - 1
                    break
            k += 1
    return sorted(out + _headline_known_names(doc, heads, out), key=lambda x: (x.start, x.end))


def _headline_known_names(doc, heads: list, mentions: list[Mention]) -> list[Mention]:
    """Alias-table names the model left untagged in a Title-Case line ("... China Tariff")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    aliases = load_aliases()
    covered = [(m.start, m.end) for m in mentions]
    added = []
    for head in heads:
        k = head.start
        while k < head.end:
            for n in (3, 2, 1):
                piece = doc[k : min(k + n, head.end)]
                if (
                    len(piece) < n
                    or not (piece[0].is_title or piece[0].is_upper)
                    or all(t.lower_ in STOP_WORDS for t in piece)
                    or any(a < piece.end_char and piece.start_char < b for a, b in covered)
                ):
                    continue
                rows = [r for r in aliases.candidates(piece.text) if r.label in NAME_LABELS]
                if rows:
                    added.append(
                        Mention(piece.start_char, piece.end_char, rows[0].label,
                                "headline_alias", model_label="-")
                    )  # fmt: skip
                    k += n - 1
                    break
            k += 1
    return added


def _building_as_place(doc, text: str, m: Mention) -> None:
    """ "talks at Lancaster House": a named building after "at" is a place (FAC), not an ORG."""
    if m.rule != "model" or m.label != "ORG":
        return
    words = text[m.start : m.end].split()
    if (
        len(words) < 2
        or words[-1] not in BUILDING_WORDS
        or load_aliases().candidates(" ".join(words))
    ):
        return
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is not None and span.start > 0 and doc[span.start - 1].lower_ == "at":
        m.label, m.rule = "FAC", "building_as_place"


# "H20", "MI308", "B30A": a capitalised code with digits is a model number, not a name.
_PRODUCT_CODE = re.compile(r"^[A-Z][A-Za-z]*\d[\w-]*$")
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})


def _product_or_company(doc, text: str, m: Mention) -> None:
    """Relabel the model's typical slips: products as ORG/PERSON, companies as PERSON.

    A model number ("H20") or a name between an owner or "new" and a product noun ("Nvidia's
    Blackwell chips", "its new Ascend chips") is a PRODUCT; a "person" after a company word
    ("shipbuilder Hanwha Ocean") or ending in a corporate word ("... Shipping") is an ORG.
    Names the alias table knows keep their label.
    """
    if m.rule != "model" or m.label not in NAME_LABELS:
        return
    surface = clean_mention(text[m.start : m.end])
    if load_aliases().candidates(surface):
        return
    if _PRODUCT_CODE.match(surface):  # the model also calls them places ("B30A" FAC)
        m.label, m.rule = "PRODUCT", "product_name"
        return
    if m.label not in ("ORG", "PERSON"):
        return
    words = load_words()
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text in words["product_nouns"] and before is not None:
        owner = doc[span.start - 2] if span.start > 1 else None
        by_owner = before.text in _POSSESSIVE_TOKENS and not _is_country(owner)
        if by_owner or before.lower_ in words["product_cues"]:
            m.label, m.rule = "PRODUCT", "product_name"
            return
    # A list item opening with a kind of goods ("- Solar cells: from 25% to 50%"): one
    # capitalised word at the start of a line before a product noun is no name.
    at_line_start = before is None or before.is_space or before.text in _LEADING_JUNK
    if (
        at_line_start
        and len(span) == 1
        and after is not None
        and after.text in words["product_nouns"]
    ):
        m.label, m.rule = "PRODUCT", "product_name"
        return
    if m.label == "PERSON" and (
        (before is not None and before.lower_ in words["org_descriptors"])
        or surface.split()[-1] in words["org_suffixes"]
        or _stock_move(doc, span, words["stock_move_words"])
    ):
        m.label, m.rule = "ORG", "company_not_person"


def _stock_move(doc, span, move_words: frozenset[str]) -> bool:
    """A markets report's company: "Best Buy rose about 9%", "shares of Acme fell 3 per cent"."""
    after = doc[span.end : span.end + 6]
    if not after or after[0].lower_ not in move_words:
        before = doc[max(span.start - 2, 0) : span.start]
        return len(before) == 2 and before[0].lower_ == "shares" and before[1].lower_ == "of"
    return any(t.text == "%" or t.lower_ in ("percent", "cent", "points") for t in after)


def _is_country(tok) -> bool:
    """A token naming a country or nationality ("China's Huawei chips": Huawei is no product)."""
    if tok is None:
        return False
    row = load_aliases().lookup(tok.text)
    return (
        row.label in ("GPE", "NORP") if row is not None else tok.ent_type_ in ("GPE", "NORP", "LOC")
    )


def _missed_surnames(
    doc, mentions: list[Mention], names: dict[str, str], sents: list = ()
) -> list[Mention]:
    """A known person's surname the model left untagged ("Trump spoke ...", "Greer told ...").

    Surnames are the last words of full names in this article, plus the one-word entries of the
    known-person table. A word inside a longer capitalised run ("Melania Trump", "Trump Tower")
    is left alone: it may be someone or something else -- except in a Title-Case line, where
    every word is capitalised and the run says nothing.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    known = {r.alias for r in load_aliases().rows if r.label == "PERSON" and " " not in r.alias}
    surnames = {full.split()[-1] for full in names.values()}
    surnames = {w for w in surnames if len(w) >= 3 and w.lower() not in STOP_WORDS} | known
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in spans]
    head_spans = [(h.start_char, h.end_char) for h in sents if _headline_case(h)]
    added = []
    for tok in doc:
        in_head = any(a <= tok.idx < b for a, b in head_spans)
        # A headline's model entities were split into known names already (_fix_headlines).
        if tok.text not in surnames or (tok.ent_type_ and not in_head):
            continue
        i = bisect.bisect_right(starts, tok.idx) - 1
        if i >= 0 and spans[i][1] > tok.idx:
            continue  # inside a mention a rule made
        if in_head:
            added.append(
                Mention(tok.idx, tok.idx + len(tok), "PERSON", "missed_surname", model_label="-")
            )
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.is_title and nxt.is_alpha and nxt.lower_ not in STOP_WORDS:
            continue
        if (
            prev is not None
            and not tok.is_sent_start
            and prev.is_title
            and prev.is_alpha
            and prev.ent_type_ != "ROLE"
            and prev.lower_ not in STOP_WORDS
        ):
            continue
        added.append(
            Mention(tok.idx, tok.idx + len(tok), "PERSON", "missed_surname", model_label="-")
        )
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def _is_locative(doc, m: Mention) -> bool:
    """True when a place name is used as a place: "in Beijing", "from London and Beijing"."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    j = span.start - 1
    while j >= 0 and (doc[j].lower_ in LIST_WORDS or doc[j].ent_type_ in ("GPE", "LOC")):
        j -= 1
    if j >= 0 and doc[j].lower_ in LOCATIVE_WORDS:
        return True
    if j >= 0 and doc[j].lower_ in DIRECTIONAL_WORDS:
        before = doc[max(j - 4, 0) : j]
        if any(t.lower_.startswith(MOTION_PREFIXES) for t in before):
            return True
    # "Beijing-based", "Washington-based"
    nxt = span.end
    return nxt + 1 < len(doc) and doc[nxt].text in "-–" and doc[nxt + 1].lower_ == "based"


_GAP_BEFORE = re.compile(r"^(?:['’]s)?\s+$")  # "U.S. Treasury Secretary", "China's Vice Premier"
_APPOSITION = re.compile(r"^,\s+(?:the\s+|(?:[A-Z][\w.]*['’]s\s+))?$")


def _assign_roles(text: str, mentions: list[Mention]) -> None:
    """Office and its country for persons: "U.S. Treasury Secretary Scott Bessent"."""
    for i, m in enumerate(mentions):
        if m.label != "PERSON":
            continue
        role_m = None
        # Title before the name, possibly with a nationality before the title.
        if i > 0 and mentions[i - 1].label == "ROLE":
            prev = mentions[i - 1]
            if _GAP_BEFORE.match(text[prev.end : m.start]) and "'" not in text[prev.end : m.start]:
                role_m, idx = prev, i - 1
        # Apposition: "Scott Bessent, the U.S. Treasury Secretary".
        if role_m is None:
            j = i + 1
            if j < len(mentions) and mentions[j].label in ("GPE", "NORP"):
                if _APPOSITION.match(text[m.end : mentions[j].start]) and j + 1 < len(mentions):
                    if mentions[j + 1].label == "ROLE" and not text[
                        mentions[j].end : mentions[j + 1].start
                    ].strip(" '’s"):
                        role_m, idx = mentions[j + 1], j + 1
            elif j < len(mentions) and mentions[j].label == "ROLE":
                if _APPOSITION.match(text[m.end : mentions[j].start]):
                    role_m, idx = mentions[j], j
        if role_m is None:
            _, role, _ = split_title(text[m.start : m.end])  # title inside the PERSON span
            if role:
                m.role, m.affiliation = role, split_title(text[m.start : m.end])[0]
            continue
        m.role = role_m.canonical or role_m.ent_id or clean_mention(text[role_m.start : role_m.end])
        if idx > 0 and mentions[idx - 1].label in ("GPE", "NORP"):
            nat = mentions[idx - 1]
            gap = text[nat.end : role_m.start]
            if _GAP_BEFORE.match(gap) or gap == "":
                m.affiliation = nat.canonical or canonicalize(text[nat.start : nat.end], "GPE")


def _resolve(doc, text: str, mentions: list[Mention], names: dict[str, str]) -> None:
    """Set canonical names; persons' roles spread to all mentions of the same person."""
    aliases = load_aliases()
    for m in mentions:
        surface = text[m.start : m.end]
        if m.ent_id:
            m.canonical = m.ent_id
        elif m.label == "PERSON":
            m.canonical = _person_alias(surface, names) or clean_mention(surface)
        elif m.label in NAME_LABELS:
            row = aliases.lookup(surface, m.label)
            dateline = m.label in PLACE_LABELS and _in_dateline(text, m)
            if row is not None and row.capital and (dateline or _is_locative(doc, m)):
                # the city itself
                m.canonical = _dateline_case(clean_mention(surface), m.label, dateline)
            elif row is not None:
                m.canonical = row.canonical
            else:
                m.canonical = _dateline_case(clean_mention(surface), m.label, dateline)
        else:
            m.canonical = _SPACE.sub(" ", surface).strip()
    _qualify_ministries(text, mentions)
    _bare_institutions(mentions)
    _office_as_agency(text, mentions)
    _assign_roles(text, mentions)
    # The office the article gives a person holds for all their mentions in it; a mention
    # with the office but no country ("Treasury Secretary Bessent") borrows it.
    offices: dict[str, tuple[str | None, str | None]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.role:
            known = offices.get(m.canonical)
            if known is None or (known[1] is None and m.affiliation and known[0] == m.role):
                offices[m.canonical] = (m.role, m.affiliation)
    for m in mentions:
        if m.label == "PERSON" and m.canonical in offices:
            role, affiliation = offices[m.canonical]
            if not m.role:
                m.role, m.affiliation = role, affiliation
            elif m.role == role and not m.affiliation:
                m.affiliation = affiliation
    # A known office holder the article names without a country ("President Donald Trump")
    # speaks for the country of the reference table.
    countries = load_person_countries()
    for m in mentions:
        if m.label == "PERSON" and not m.affiliation and m.canonical in countries:
            m.affiliation = countries[m.canonical]


def _dateline_case(name: str, label: str, dateline: bool = False) -> str:
    """A place in capitals ("SAN FRANCISCO –", "LIMA, May 3 –") is named in title case."""
    if label in PLACE_LABELS and name.isupper() and (dateline or not _is_acronym(_key(name))):
        return name.title()
    return name


# A dateline opens its line: one or more places in capitals ("WASHINGTON/BEIJING"), then a
# comma, a parenthesis or a dash: "BEIJING, Aug 23 (Staff) –", "NEW YORK –".
_DATELINE = re.compile(
    r"[ \t]*([A-Z][A-Z.'’ -]*[A-Z.](?:\s*/\s*[A-Z][A-Z.'’ -]*[A-Z.])*)(?=\s*(?:,|\(|[–—]|-{1,2}\s))"
)


_DATELINE_LINES = re.compile(r"(?:^|\n)" + _DATELINE.pattern)


def _dateline_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """The places of a dateline are places: "LIMA –" (model: ORG) is a GPE, and a place the
    model left untagged ("WASHINGTON/TOKYO, Oct 2 –", "DES MOINES --") is added."""
    from spacy.lang.en.stop_words import STOP_WORDS

    aliases = load_aliases()
    kickers = {w.casefold() for w in load_words().get("kicker_words", ())}
    by_span = {(m.start, m.end): m for m in mentions}
    added = []
    for match in _DATELINE_LINES.finditer(text):
        pos = match.start(1)
        for part in match.group(1).split("/"):
            a = pos + len(part) - len(part.lstrip())
            b = pos + len(part.rstrip())
            pos += len(part) + 1
            name = text[a:b]
            if b <= a or name.casefold() in kickers:
                continue
            if any(w.lower() in STOP_WORDS for w in name.split()):
                continue  # "THE BIG ONE, ..." is a heading, not a place
            rows = aliases.candidates(name)
            if rows and all(r.label not in ("GPE", "LOC") for r in rows):
                continue
            m = by_span.get((a, b))
            if m is not None:
                if m.rule == "model" and m.label in NAME_LABELS and m.label not in PLACE_LABELS:
                    m.label, m.rule = "GPE", "dateline_place"
            elif len(name.split()) <= 3 and not any(x.start < b and a < x.end for x in mentions):
                added.append(Mention(a, b, "GPE", "dateline_place", model_label="-"))
    return sorted(mentions + added, key=lambda m: (m.start, m.end)) if added else mentions


def _in_dateline(text: str, m: Mention) -> bool:
    """The mention is one whole place of a dateline: a city, not its government."""
    line_start = text.rfind("\n", 0, m.start) + 1
    match = _DATELINE.match(text, line_start)
    if match is None or m.end > match.end(1):
        return False
    parts = [part.strip() for part in match.group(1).split("/")]
    return text[m.start : m.end].strip() in parts


def extract_mentions(doc, text: str | None = None, sents: list | None = None) -> list[Mention]:
    """All post-processed mentions of one parsed article (text/sents: doc's, if already read)."""
    text = doc.text if text is None else text
    sents = list(doc.sents) if sents is None else sents
    mentions = _dateline_places(text, _drop_non_names(text, _mentions_from_doc(doc)))
    mentions = _split_hyphen_compounds(text, mentions)
    mentions = _names_after_roles(doc, mentions)
    mentions = _fix_headlines(doc, text, sents, mentions)
    mentions = _names_before_jobs(text, mentions)
    names = _full_names(text, mentions)
    mentions = _split_coordinated_persons(text, mentions, names)
    mentions = _missed_surnames(doc, mentions, names, sents)
    _place_after_from(text, mentions)
    _consistent_places(text, mentions)
    for m in mentions:
        _relabel(text, m, names)
        _product_or_company(doc, text, m)
        _building_as_place(doc, text, m)
    _resolve(doc, text, mentions, names)
    return mentions


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES[c]) for c in COLUMNS})


_DTYPES = {
    "article_id": "string",
    "sentence_id": "int64",
    "start_char": "int64",
    "end_char": "int64",
    "text": "string",
    "label": "string",
    "canonical": "string",
    "role": "string",
    "affiliation": "string",
    "rule": "string",
}


def _rows(article_id: str, doc) -> Iterator[tuple]:
    # doc.text and doc.sents walk every token on each access: read them once per document.
    sents, text = list(doc.sents), doc.text
    starts = [s.start_char for s in sents]
    for m in extract_mentions(doc, text, sents):
        sentence = max(bisect.bisect_right(starts, m.start) - 1, 0)
        yield (
            article_id, sentence, m.start, m.end, text[m.start : m.end], m.label, m.canonical,
            m.role, m.affiliation, m.rule,
        )  # fmt: skip


def process_batch(
    chunk: pd.DataFrame, *, model: str = config.DEFAULT_MODEL, batch_size: int = 64
) -> dict[str, pd.DataFrame]:
    """Entity mentions of a chunk of articles (article_id, text) -> {"entities": table}."""
    if chunk.empty:
        return {"entities": _empty()}
    nlp = load_model(model)
    texts = chunk["text"].astype(str).tolist()
    longest = max(len(t) for t in texts)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1  # NER alone needs little memory per character
    ids = chunk["article_id"].astype(str).tolist()
    rows: list[tuple] = []
    for aid, doc in zip(ids, nlp.pipe(texts, batch_size=batch_size), strict=True):
        rows.extend(_rows(aid, doc))
    table = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    return {"entities": table.astype(_DTYPES)}


def run_stage(
    articles: pd.DataFrame,
    out_dir: str | Path,
    *,
    model: str = config.DEFAULT_MODEL,
    batch_size: int = 64,
    n_process: int = 1,
    scheduler: str | None = None,
    chunk_size: int = 256,
    progress: bool | None = None,
) -> incremental.BatchReport:
    """Extract the entities of every article not already cached; write OUT/data/entities."""
    return incremental.run_batched(
        "entities",
        articles,
        process_batch,
        params={"model": model},
        version=STAGE_VERSION,
        out_dir=out_dir,
        # Batch size changes speed, never results, so it stays out of the cache key.
        tuning={"batch_size": batch_size},
        n_process=n_process,
        scheduler=scheduler or None,
        chunk_size=chunk_size,
        progress=progress,
    )


# --------------------------------------------------------------------------- summaries

# Which labels count as persons, organisations and places (the gold's three name sets).
NAME_CATEGORIES = {"persons": PERSON_LABELS, "organizations": ORG_LABELS, "places": PLACE_LABELS}


def name_sets(table: pd.DataFrame) -> dict[str, dict[str, set[str]]]:
    """article_id -> {"persons"|"organizations"|"places": set of canonical names}."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: {c: set() for c in NAME_CATEGORIES})
    for category, labels in NAME_CATEGORIES.items():
        part = table[table["label"].isin(labels)]
        for aid, name in zip(part["article_id"], part["canonical"], strict=True):
            out[str(aid)][category].add(str(name))
    return dict(out)


# Colours for the project's own labels in displaCy (the model's labels keep displaCy's).
LABEL_COLOURS = {
    "ROLE": "#c7d2fe",
    "LAW": "#fde68a",
    "TRADE_TERM": "#bbf7d0",
    "AGREEMENT": "#fbcfe8",
    "EVENT": "#fed7aa",
}
RULE_WHY = {
    "pattern": "domain pattern (data/entity_patterns.jsonl)",
    "hyphen_split": "hyphenated country pair is two places",
    "and_split": "coordinated persons tagged as one name",
    "surname_of_person": "surname of a person named in the same article",
    "name_after_role": "capitalised name right after an office is a person",
    "alias_label": "alias table knows the name with another label",
    "headline_split": "Title-Case headline words tagged as one name",
    "building_as_place": "named building after 'at' is a place",
    "product_name": "model number, or a name before a product noun, is a product",
    "company_not_person": "name after a company word or ending in a corporate word is a company",
    "missed_surname": "surname of a known person the model left untagged",
    "money_amount": "a money amount ('$200bn') or a bare figure is no name",
    "dateline_place": "a place of a dateline ('LIMA –') is a place",
    "name_before_job": "a capitalised name before ', economist at ...' is a person",
    "place_after_from": "a name after 'from <place> to' is a place",
    "consistent_place": "a name the model calls a place elsewhere in the article is a place",
    "law_name": "a name ending in a law word ('Act', 'Standard') is a law",
    "office_as_agency": "'the US Trade Representative' with no holder named is the agency",
}


def render_entities_html(
    text: str, mentions: pd.DataFrame, title: str = "", labels: Iterable[str] | None = None
) -> str:
    """displaCy HTML of one article's mentions; text, title and labels are HTML-escaped."""
    from spacy import displacy

    keep = mentions if labels is None else mentions[mentions["label"].isin(list(labels))]
    keep = keep.sort_values(["start_char", "end_char"])
    ents, last = [], -1
    for start, end, label in zip(keep["start_char"], keep["end_char"], keep["label"], strict=True):
        if start >= last:  # displaCy cannot draw overlapping spans
            # displaCy escapes the text but not labels or the title.
            ents.append({"start": int(start), "end": int(end), "label": html.escape(str(label))})
            last = end
    data = {"text": text, "ents": ents, "title": html.escape(title) if title else None}
    colours = {html.escape(k): v for k, v in LABEL_COLOURS.items()}
    return displacy.render(
        data, style="ent", manual=True, jupyter=False, options={"colors": colours}
    )


def top_names(table: pd.DataFrame, category: str, n: int = 10) -> pd.DataFrame:
    """Most mentioned canonical names of a category ("persons", ...), with article counts."""
    part = table[table["label"].isin(NAME_CATEGORIES[category])]
    out = (
        part.groupby("canonical")
        .agg(mentions=("article_id", "size"), articles=("article_id", "nunique"))
        .reset_index()
        .sort_values(["mentions", "articles", "canonical"], ascending=[False, False, True])
    )
    return out.head(n).reset_index(drop=True)


def cooccurrence(table: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """Pairs of actors (persons, organisations, countries) named in the same article."""
    # Countries and blocs are the GPE canonicals of the alias table; cities are venues, not actors.
    countries = {r.canonical for r in load_aliases().rows if r.label == "GPE" and not r.city}
    actors = table[
        table["label"].isin(["PERSON", "ORG"])
        | (table["label"].eq("GPE") & table["canonical"].isin(countries))
    ]
    pairs: Counter[tuple[str, str]] = Counter()
    for _, names in actors.groupby("article_id")["canonical"]:
        for a, b in combinations(sorted(set(names.astype(str))), 2):
            pairs[(a, b)] += 1
    out = pd.DataFrame(
        [(a, b, k) for (a, b), k in pairs.items()], columns=["actor", "with", "articles"]
    )
    out = out.sort_values(["articles", "actor", "with"], ascending=[False, True, True])
    return out.head(n).reset_index(drop=True)


def fix_table(
    articles: pd.DataFrame,
    table: pd.DataFrame,
    model: str = config.DEFAULT_MODEL,
    max_articles: int = 50,
    errors_only: bool = True,
) -> pd.DataFrame:
    """What the bare model said where the stage's rules gave another label (text, labels, why).

    Re-runs the model without our ruler on at most `max_articles` articles (first by id), so the
    "model label" column is measured, not remembered. `errors_only` drops spans the model could
    not know (it has no ROLE or TRADE_TERM label) and keeps its wrong or missed names.
    """
    ids = sorted(articles["article_id"].astype(str))[:max_articles]
    sample = articles[articles["article_id"].astype(str).isin(ids)].sort_values("article_id")
    nlp = load_model(model)
    rows = []
    fixed = table[table["rule"] != "model"]
    with nlp.select_pipes(disable=["entity_ruler"]):
        docs = nlp.pipe(sample["text"].astype(str).tolist())
        for aid, doc in zip(sample["article_id"].astype(str), docs, strict=True):
            mine = fixed[fixed["article_id"] == aid]
            bare = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for text, start, end, label, rule in zip(
                mine["text"],
                mine["start_char"],
                mine["end_char"],
                mine["label"],
                mine["rule"],
                strict=True,
            ):
                said = sorted({lab for s, e, lab in bare if s < end and start < e}) or ["(none)"]
                model_label = "|".join(said)
                new_label = model_label == "(none)" and label not in NAME_LABELS
                if model_label != label and not (errors_only and new_label):
                    rows.append((text, model_label, label, RULE_WHY.get(rule, rule)))
    out = pd.DataFrame(rows, columns=["text", "model label", "fixed label", "why"])
    out = out.value_counts().rename("mentions").reset_index()
    return out.sort_values(
        ["mentions", "why", "text", "model label"], ascending=[False, True, True, True]
    ).reset_index(drop=True)
