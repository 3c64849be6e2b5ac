"""Stage 01: raw article files (four formats) -> the `articles` and `rejected` tables.

Decisions this module fixes for every later stage:

- `articles.text` is the title, the standfirst (when the source has one) and the body, in that
  order; each paragraph is one line and paragraphs are separated by one blank line ("\\n\\n").
  It is normalised once, here (Unicode NFC, every run of spaces/tabs/no-break spaces turned into
  one space, zero-width characters removed, hard-wrapped lines re-joined), so offsets produced by
  later stages index into exactly this string. Header lines of the seed layout (`Today : ...`,
  the section name, the date line) are never part of `text`.
- `article_id` is the first 16 hex digits of the SHA-256 of `text` (UTF-8): the same text in two
  files is one row whose `paths` lists both; `path` is the first of them in sorted order.
- `published` holds `datetime.date` objects (Parquet `date32`), never timestamps.
  `published_source` says where it came from: `front_matter`, `jsonl`, `header`, `html_meta` or
  `default` (the `default_published` parameter, used only when the article itself has no date).
- An article dated after `today` is accepted with a warning (the date may be a typo, but dropping
  the article would hide it); one day of slack is allowed for time zones.
- Bad inputs never stop the run: each is either accepted with text in `warnings` or written to
  `rejected` with a `reason` sentence and a short `code`. Hidden files, OS junk (.DS_Store) and
  hidden folders are listed in `rejected` too, so nothing disappears silently.
- JSON Lines are containers: the size limit applies to each line, and line N of `a.jsonl` is
  accepted or rejected on its own as `a.jsonl#N` (blank lines are not articles and are skipped).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

ARTICLE_COLUMNS = [
    "article_id", "published", "title", "source", "url", "path", "paths", "n_words", "text",
    "standfirst", "format", "published_source", "encoding", "warnings",
]  # fmt: skip
STRING_COLUMNS = [
    "article_id", "title", "source", "url", "path", "text", "standfirst", "format",
    "published_source", "encoding", "warnings",
]  # fmt: skip
REJECTED_COLUMNS = ["path", "code", "reason"]
NEAR_DUPLICATE_COLUMNS = ["article_id_a", "article_id_b", "path_a", "path_b", "jaccard"]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown"}
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS
# Files that operating systems and editors leave behind; never articles.
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "icon\r", ".localized", "ehthumbs.db"}

# Front-matter / JSONL keys accepted for each field, first match wins. `published` is the
# contract's name; the others are what static-site generators and scrapers commonly write.
DATE_KEYS = ("published", "date", "published_at", "pubdate", "publication_date")
STANDFIRST_KEYS = ("standfirst", "subtitle", "dek", "summary", "description")
SOURCE_KEYS = ("source", "publisher", "outlet", "site_name")
URL_KEYS = ("url", "link", "canonical_url")

# Header labels that name the day the page was saved rather than the article's own date.
NON_PUBLICATION_LABELS = {"today", "updated", "accessed", "retrieved", "saved", "printed"}

FUTURE_SLACK = timedelta(days=1)


class Rejected(Exception):
    """An input that cannot become an article; carries a short code and a readable reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class IngestResult:
    """The tables one ingest run produces, plus counts for the notebook's summary."""

    articles: pd.DataFrame
    rejected: pd.DataFrame
    near_duplicates: pd.DataFrame
    n_files: int
    n_inputs: int

    def summary(self) -> pd.DataFrame:
        """Counts of files, inputs (files plus JSONL lines), accepted rows and rejections."""
        n_paths = int(self.articles["paths"].map(len).sum()) if len(self.articles) else 0
        rows = [
            ("files found", self.n_files),
            ("inputs (files and JSONL lines)", self.n_inputs),
            ("accepted inputs", n_paths),
            ("articles (distinct texts)", len(self.articles)),
            ("exact duplicates merged", n_paths - len(self.articles)),
            ("rejected", len(self.rejected)),
            ("articles with warnings", int((self.articles["warnings"] != "").sum())),
            ("near-duplicate pairs", len(self.near_duplicates)),
        ]
        return pd.DataFrame(rows, columns=["what", "n"]).set_index("what")


@dataclass
class _Draft:
    """One accepted input before validation and de-duplication."""

    path: str
    format: str
    encoding: str
    paragraphs: list[str]
    title: str | None = None
    standfirst: str | None = None
    published: date | None = None
    published_source: str | None = None
    source: str | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)
    date_problem: str | None = None


# --------------------------------------------------------------------------- text normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def normalize_inline(value: Any) -> str:
    """One field (title, source ...) as a single NFC line with single spaces."""
    text = unicodedata.normalize("NFC", str(value)).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", _CONTROL.sub("", text.replace("\n", " "))).strip()


def normalize_lines(raw: str) -> list[str]:
    """Split text into NFC lines with collapsed spaces; blank lines become ""."""
    text = unicodedata.normalize("NFC", raw).translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


_MD_BLOCK_START = re.compile(r"^(#{1,6}\s|[-*+]\s|>\s?|\d+[.)]\s)")
_MD_RULES = [
    (re.compile(r"^#{1,6}\s+|\s+#+$"), ""),  # heading markers
    (re.compile(r"^>\s?"), ""),  # block quote marker
    (re.compile(r"^[-*+]\s+"), ""),  # bullet
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images carry no article text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their words
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italic
]


def _strip_markdown(line: str) -> str:
    for pattern, repl in _MD_RULES:
        line = pattern.sub(repl, line)
    return line.strip()


def paragraphs_from_lines(lines: list[str], *, markdown: bool = False) -> list[str]:
    """Group normalised lines into one-line paragraphs.

    With blank lines present they separate paragraphs and single newlines are hard wraps;
    without any, every line is a paragraph (trafilatura output, one-line-per-paragraph JSONL).
    """
    blank_separated = "" in lines and any(lines)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in lines:
        if markdown and _MD_BLOCK_START.match(line):
            flush()  # headings, bullets and quotes start their own paragraph
        if not line:
            flush()
            continue
        current.append(_strip_markdown(line) if markdown else line)
        if not blank_separated or (markdown and line.startswith("#")):
            flush()
    flush()
    return [p for p in paragraphs if p]


def count_words(text: str) -> int:
    """Number of word tokens (letters/digits, with inner apostrophes or hyphens)."""
    return len(_WORD.findall(text))


def article_id_for(text: str) -> str:
    """Stable article id: first 16 hex digits of SHA-256 of the normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
# Where a date may start after a lead-in such as "Published on" or "Posted".
_DATE_START = re.compile(
    r"\b(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)",
    re.IGNORECASE,
)
# Only these lead-ins may precede a date: "Tariffs to rise on March 4" is a headline, not a date.
_DATE_LEAD_IN = re.compile(
    r"(?:(?:first|last)\s+)?(?:posted|published|updated|modified|dated?|issued|released)"
    r"(?:\s+(?:on|at))?\s*:?\s*",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^([A-Za-z][A-Za-z .]{0,30}?)\s*:\s*(.+)$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_DATE_PART_SEPARATORS = re.compile(r"\s+[|•·–—-]\s+")


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    # English only: the corpus is English news and language detection costs ~100x per call.
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


@lru_cache(maxsize=8192)
def _parse_date_string(text: str) -> date | None:
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if m := _ISO_DATE.search(text):
        # An ISO timestamp's date is the local date as written; no time-zone shifting.
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    candidates = [text, *_DATE_PART_SEPARATORS.split(text)]
    if label := _LABEL.match(text):
        candidates.insert(1, label[2])
    start = _DATE_START.search(text)
    if start and start.start() > 0 and _DATE_LEAD_IN.fullmatch(text[: start.start()]):
        candidates.append(text[start.start() :])
    for candidate in candidates:
        found = _date_parser().get_date_data(candidate).date_obj
        if found is not None:
            return found.date()
    return None


def parse_date(value: Any) -> date | None:
    """A calendar date from a date/datetime object or a written date in any common form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return _parse_date_string(normalize_inline(value))
    return None


def _header_date(line: str) -> tuple[date, bool] | None:
    """(date, is_publication_date) when a short line is entirely a date, maybe with a label."""
    if len(line) > 60 or not _YEAR.search(line) or line.endswith((".", "?", "!", '"', "”")):
        return None
    found = _parse_date_string(line)
    if found is None:
        return None
    lead = [w.lower() for w in re.findall(r"[A-Za-z]+", line)[:2]]
    saved_day = any(w in NON_PUBLICATION_LABELS for w in lead)
    return found, not saved_day


# --------------------------------------------------------------------------- decoding

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode file bytes: UTF-8 first, else charset-normalizer's guess; (text, encoding, warnings).

    Raises `Rejected` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise Rejected("empty", "The file is empty or contains only whitespace.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:8192]:
        raise Rejected("binary", "The file is binary (it contains NUL bytes), not text.")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        first_bad = err.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Rejected(
            "encoding", "The file is neither UTF-8 nor any text encoding that could be detected."
        )
    text = str(best)
    # Detectors will always name *some* single-byte code page; mostly-control output means
    # the bytes were not text at all.
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > 0.01 * max(len(text), 1):
        raise Rejected("binary", "The file looks binary: it does not decode to readable text.")
    warning = (
        f"not valid UTF-8 (first bad byte at offset {first_bad}); "
        f"decoded as {best.encoding} as detected by charset-normalizer"
    )
    return text, best.encoding, [warning]


# --------------------------------------------------------------------------- formats


def _first(mapping: dict[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = mapping.get(key)
        if value is not None and value != "":
            return value
    return None


def _clean_optional(value: Any) -> str | None:
    if value is None:
        return None
    text = normalize_inline(value)
    return text or None


def _apply_metadata_date(draft: _Draft, value: Any, source: str, where: str) -> None:
    if value is None:
        return
    found = parse_date(value)
    if found is None:
        draft.date_problem = f"its {where} date {normalize_inline(value)!r} is not a date"
    else:
        draft.published, draft.published_source = found, source


def _looks_like_title(paragraph: str) -> bool:
    # Headlines are short and, unlike sentences, rarely end in a full stop.
    return count_words(paragraph) <= 25 and not paragraph.endswith(".")


def _split_header(lines: list[str]) -> tuple[int, list[tuple[date, bool]]]:
    """Seed layout: how many leading lines are header lines, and the dates they carry."""
    nonempty = [i for i, line in enumerate(lines) if line][:6]
    dates: list[tuple[date, bool]] = []
    end = 0
    for i in nonempty:
        line = lines[i]
        if count_words(line) > 8 or line.endswith((".", "?", "!")):
            break
        if (found := _header_date(line)) is not None:
            dates.append(found)
            end = i + 1
    if not dates:
        return 0, []
    # Section labels right after the last date line, in the same block, are header too, as
    # long as the block ends there (otherwise the short line is more likely the title).
    j = end
    while j < len(lines) and lines[j] and count_words(lines[j]) <= 4 and j - end < 2:
        j += 1
    if j > end and (j >= len(lines) or not lines[j]):
        end = j
    return end, dates


def _parse_plain(text: str, path: str, encoding: str, markdown: bool) -> _Draft:
    lines = normalize_lines(text)
    end, dates = _split_header(lines)
    paragraphs = paragraphs_from_lines(lines[end:], markdown=markdown)
    draft = _Draft(path, "seed" if dates else "text", encoding, paragraphs)
    if dates:
        publication = [d for d, is_pub in dates if is_pub]
        draft.published = (publication or [d for d, _ in dates])[0]
        draft.published_source = "header"
    if paragraphs and _looks_like_title(paragraphs[0]) and len(paragraphs) > 1:
        draft.title = paragraphs.pop(0)
        # A standfirst is a layout feature of the seed format: one short paragraph before a body.
        if dates and len(paragraphs) > 1 and count_words(paragraphs[0]) <= 60:
            draft.standfirst = paragraphs.pop(0)
    draft.paragraphs = paragraphs
    return draft


_FRONT_MATTER_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def _parse_front_matter(text: str, path: str, encoding: str, markdown: bool) -> _Draft:
    opening = _FRONT_MATTER_OPEN.match(text)
    assert opening is not None
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        raise Rejected(
            "front_matter", "The front matter opens with '---' but has no closing '---' line."
        )
    try:
        meta = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" (line {where.line + 2})" if where is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise Rejected(
            "front_matter", f"The front matter is not valid YAML{line}: {problem}."
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Rejected("front_matter", "The front matter is not a set of 'key: value' lines.")
    meta = {str(k).strip().lower(): v for k, v in meta.items()}
    lines = normalize_lines(text[closing.end() :])
    draft = _Draft(path, "front_matter", encoding, paragraphs_from_lines(lines, markdown=markdown))
    draft.title = _clean_optional(meta.get("title"))
    draft.standfirst = _clean_optional(_first(meta, STANDFIRST_KEYS))
    draft.source = _clean_optional(_first(meta, SOURCE_KEYS))
    draft.url = _clean_optional(_first(meta, URL_KEYS))
    _apply_metadata_date(draft, _first(meta, DATE_KEYS), "front_matter", "front-matter")
    if draft.title is None and draft.paragraphs and _looks_like_title(draft.paragraphs[0]):
        draft.title = draft.paragraphs.pop(0)
        draft.warnings.append("no title in the front matter; used the first line")
    return draft


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as err:
        raise Rejected(
            "html_extractor",
            f"HTML pages cannot be read here: the trafilatura library failed to load "
            f"({normalize_inline(err)}).",
        ) from None
    return trafilatura


def _parse_html(text: str, path: str, encoding: str, today: date) -> _Draft:
    trafilatura = _trafilatura()
    date_params = {
        "original_date": True,
        # Only markup and metadata: searching the body would pick up dates of events.
        "extensive_search": False,
        # Leave future dates in so the future-date rule below sees them, consistently.
        "max_date": f"{today.year + 5}-12-31",
    }
    try:
        from trafilatura.utils import load_html

        tree = load_html(text)
        if tree is None:
            raise Rejected("html", "The file is not an HTML document that could be parsed.")
        # trafilatura title-cases lower-case site names; the publisher's own spelling is kept.
        site_names = tree.xpath('//meta[@property="og:site_name"]/@content')
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=date_params,
        )
    except Rejected:
        raise
    except Exception as err:  # noqa: BLE001 - any extractor failure is one bad page, not a crash
        why = f"The HTML page could not be parsed ({type(err).__name__})."
        raise Rejected("html", why) from None
    if doc is None:
        raise Rejected("no_text", "No article text could be extracted from the HTML page.")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    lines = normalize_lines(meta.get("text") or "")
    draft = _Draft(path, "html", encoding, paragraphs_from_lines(lines))
    draft.title = _clean_optional(meta.get("title"))
    draft.source = _clean_optional(
        (site_names[0] if site_names else None) or meta.get("sitename") or meta.get("hostname")
    )
    draft.url = _clean_optional(meta.get("url"))
    _apply_metadata_date(draft, meta.get("date"), "html_meta", "HTML metadata")
    return draft


def _parse_json_record(line: str, path: str, encoding: str) -> _Draft:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise Rejected(
            "jsonl_line", f"This line is not valid JSON ({err.msg} at column {err.colno})."
        ) from None
    if not isinstance(record, dict):
        raise Rejected("jsonl_line", "This line is JSON but not an object with article fields.")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise Rejected("no_text", "This line has no 'text' field with article text.")
    record = {str(k).lower(): v for k, v in record.items()}
    draft = _Draft(path, "jsonl", encoding, paragraphs_from_lines(normalize_lines(body)))
    draft.title = _clean_optional(record.get("title"))
    draft.standfirst = _clean_optional(_first(record, STANDFIRST_KEYS))
    draft.source = _clean_optional(_first(record, SOURCE_KEYS))
    draft.url = _clean_optional(_first(record, URL_KEYS))
    _apply_metadata_date(draft, _first(record, DATE_KEYS), "jsonl", "'published'")
    return draft


# --------------------------------------------------------------------------- files


def _too_large(what: str, size: int, max_bytes: int) -> Rejected:
    def mb(n: int) -> str:
        return f"{n / 1024 / 1024:.1f} MB"

    why = f"The {what} is {mb(size)}, over the {mb(max_bytes)} size limit (max_file_mb)."
    return Rejected("too_large", why)


def _is_junk(name: str) -> bool:
    lower = name.lower()
    return (
        lower in JUNK_NAMES
        or name.startswith((".", "~$", "._"))
        or name.endswith(("~", ".swp", ".tmp", ".part", ".crdownload"))
    )


def iter_files(raw_dir: Path) -> Iterator[tuple[str, Path | None, Rejected | None]]:
    """Every file below raw_dir in sorted order as (relative path, path, pre-rejection).

    Hidden folders (.git, .ipynb_checkpoints ...) are not descended into; each is reported once.
    """
    for root, dirs, files in os.walk(raw_dir):
        root_path = Path(root)
        hidden = sorted(d for d in dirs if d.startswith(".") or d == "__MACOSX")
        dirs[:] = sorted(d for d in dirs if d not in hidden)
        entries: list[tuple[str, Path | None, Rejected | None]] = []
        for d in hidden:
            rel = (root_path / d).relative_to(raw_dir).as_posix() + "/"
            n = sum(len(f) for _, _, f in os.walk(root_path / d))
            entries.append(
                (rel, None, Rejected("hidden", f"Hidden or system folder skipped ({n} files)."))
            )
        for name in files:
            path = root_path / name
            rel = path.relative_to(raw_dir).as_posix()
            if _is_junk(name):
                why = Rejected("hidden", "Hidden, system or editor file, not an article.")
                entries.append((rel, path, why))
            else:
                entries.append((rel, path, None))
        yield from sorted(entries, key=lambda e: e[0])


def _read_file(
    rel: str, path: Path, max_bytes: int, today: date
) -> Iterator[tuple[str, _Draft | Rejected]]:
    """Drafts (or rejections) for one file: one for a document, one per line for JSONL."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        shown = f"'{suffix}'" if suffix else "no extension"
        why = f"Unsupported file type ({shown}); expected .txt, .md, .html or .jsonl."
        yield rel, Rejected("extension", why)
        return
    try:
        size = path.stat().st_size
        if suffix in JSONL_EXTENSIONS:
            yield from _read_jsonl(rel, path, max_bytes)
            return
        if size > max_bytes:
            yield rel, _too_large("file", size, max_bytes)
            return
        data = path.read_bytes()
    except OSError as err:
        yield rel, Rejected("unreadable", f"The file could not be read ({err.strerror}).")
        return
    try:
        text, encoding, warnings = decode_bytes(data)
        markdown = suffix in MARKDOWN_EXTENSIONS
        if suffix in HTML_EXTENSIONS:
            draft = _parse_html(text, rel, encoding, today)
        elif _FRONT_MATTER_OPEN.match(text):
            # Front matter is Markdown by convention, whatever the extension.
            draft = _parse_front_matter(text, rel, encoding, markdown=True)
        else:
            draft = _parse_plain(text, rel, encoding, markdown)
        draft.warnings[:0] = warnings
        yield rel, draft
    except Rejected as why:
        yield rel, why


def _read_jsonl(rel: str, path: Path, max_bytes: int) -> Iterator[tuple[str, _Draft | Rejected]]:
    any_line = False
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            any_line = True
            where = f"{rel}#{number}"
            if len(raw) > max_bytes:
                yield where, _too_large("line", len(raw), max_bytes)
                continue
            try:
                text, encoding, warnings = decode_bytes(raw)
                draft = _parse_json_record(text, where, encoding)
                draft.warnings[:0] = warnings
                yield where, draft
            except Rejected as why:
                yield where, why
    if not any_line:
        yield rel, Rejected("empty", "The file is empty or contains only whitespace.")


# --------------------------------------------------------------------------- assembly


def _finish(draft: _Draft, default: date | None, today: date) -> dict[str, Any]:
    """Validate a draft into an article row (without id merging); raises `Rejected`."""
    paragraphs = list(draft.paragraphs)
    if draft.title and paragraphs and paragraphs[0].casefold() == draft.title.casefold():
        paragraphs.pop(0)  # pages often repeat the headline as the first body line
    if not paragraphs:
        raise Rejected("no_text", "The file has no article text (only a title or metadata).")
    warnings = list(draft.warnings)
    if draft.published is None:
        if default is None:
            problem = draft.date_problem or "no publication date was found"
            raise Rejected(
                "no_date",
                f"No usable publication date: {problem}, and no default_published was given.",
            )
        draft.published, draft.published_source = default, "default"
        if draft.date_problem:
            warnings.append(f"{draft.date_problem}; used default_published")
        else:
            warnings.append("no publication date in the article; used default_published")
    if draft.published > today + FUTURE_SLACK:
        warnings.append(
            f"published date {draft.published.isoformat()} is after today "
            f"({today.isoformat()}); check the source"
        )
    head = [p for p in (draft.title, draft.standfirst) if p]
    text = "\n\n".join(head + paragraphs)
    return {
        "article_id": article_id_for(text),
        "published": draft.published,
        "title": draft.title,
        "source": draft.source,
        "url": draft.url,
        "path": draft.path,
        "n_words": count_words(text),
        "text": text,
        "standfirst": draft.standfirst,
        "format": draft.format,
        "published_source": draft.published_source,
        "encoding": draft.encoding,
        "warnings": "; ".join(warnings),
    }


def _path_key(path: str) -> tuple[str, int]:
    # `a.jsonl#10` sorts after `a.jsonl#9`.
    base, _, line = path.partition("#")
    return base, int(line) if line.isdigit() else 0


def _merge_duplicates(rows: list[dict[str, Any]]) -> pd.DataFrame:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["article_id"], []).append(row)
    merged = []
    for group in groups.values():
        group.sort(key=lambda r: _path_key(r["path"]))
        first = dict(group[0])
        first["paths"] = [r["path"] for r in group]
        dates = sorted({r["published"] for r in group})
        if len(dates) > 1:
            others = ", ".join(d.isoformat() for d in dates)
            note = f"the same text has different dates in other files ({others}); kept this one"
            first["warnings"] = "; ".join(w for w in (first["warnings"], note) if w)
        merged.append(first)
    frame = pd.DataFrame(merged, columns=ARTICLE_COLUMNS)
    frame["n_words"] = frame["n_words"].astype("int64")
    for column in STRING_COLUMNS:
        frame[column] = frame[column].astype("str")  # all-missing columns would stay `object`
    return frame.sort_values(["published", "article_id"], kind="stable").reset_index(drop=True)


def ingest_folder(
    raw_dir: str | os.PathLike,
    *,
    default_published: str | date | None = None,
    today: str | date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    near_duplicate_threshold: float = 0.8,
) -> IngestResult:
    """Read every file below raw_dir into the articles, rejected and near-duplicate tables."""
    raw = Path(raw_dir)
    if not raw.is_dir():
        raise FileNotFoundError(f"raw_dir {raw.name!r} is not a folder")
    default = parse_date(default_published) if default_published else None
    if default_published and default is None:
        raise ValueError(f"default_published {default_published!r} is not a date")
    # `today` may come from a notebook parameter as a string; "" / None mean the run's date.
    reference_day = parse_date(today) if today else date.today()
    if reference_day is None:
        raise ValueError(f"today {today!r} is not a date")
    today = reference_day

    files = list(iter_files(raw))
    wrap: Callable[[Iterable[Any]], Iterable[Any]] = _progress_bar if progress else iter
    rows: list[dict[str, Any]] = []
    rejected: list[tuple[str, str, str]] = []
    n_inputs = 0
    for rel, path, why in wrap(files):
        if why is not None or path is None:
            rejected.append((rel, why.code, why.reason))
            n_inputs += 1
            continue
        for where, item in _read_file(rel, path, max_bytes, today):
            n_inputs += 1
            try:
                if isinstance(item, Rejected):
                    raise item
                rows.append(_finish(item, default, today))
            except Rejected as err:
                rejected.append((where, err.code, err.reason))

    articles = _merge_duplicates(rows)
    rejected_frame = pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
    rejected_frame = rejected_frame.sort_values(
        "path", key=lambda s: s.map(_path_key), kind="stable"
    ).reset_index(drop=True)
    near = find_near_duplicates(articles, threshold=near_duplicate_threshold)
    return IngestResult(articles, rejected_frame, near, n_files=len(files), n_inputs=n_inputs)


def _progress_bar(items: Iterable[Any]) -> Iterable[Any]:
    from tqdm.auto import tqdm

    return tqdm(items, desc="ingest", unit="file")


# --------------------------------------------------------------------------- near-duplicates


def _shingles(text: str, vocab: dict[str, int], size: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word `size`-grams of a text."""
    ids = np.fromiter(
        (vocab.setdefault(w, len(vocab) + 1) for w in _WORD.findall(text.casefold())),
        dtype=np.uint64,
    )
    if len(ids) < size:
        ids = np.concatenate([ids, np.zeros(size - len(ids), dtype=np.uint64)])
    windows = np.lib.stride_tricks.sliding_window_view(ids, size)
    # Polynomial rolling hash; uint64 arithmetic wraps, which is the intended modulus.
    weights = np.array([0x9E3779B97F4A7C15 ** (i + 1) % 2**64 for i in range(size)], np.uint64)
    with np.errstate(over="ignore"):
        hashes = (windows * weights).sum(axis=1, dtype=np.uint64)
    return np.unique(hashes)


def find_near_duplicates(
    articles: pd.DataFrame, *, threshold: float = 0.8, shingle_size: int = 5
) -> pd.DataFrame:
    """Pairs of articles whose word-shingle sets have Jaccard similarity >= threshold.

    Exact, not sampled: prefix filtering (two sets with Jaccard >= t must share one of the
    rarest |A| - ceil(t|A|) + 1 elements of each) keeps candidate pairs few even for 10k texts.
    """
    if len(articles) < 2:
        return pd.DataFrame(columns=NEAR_DUPLICATE_COLUMNS)
    vocab: dict[str, int] = {}
    sets = [_shingles(t, vocab, shingle_size) for t in articles["text"]]
    values, counts = np.unique(np.concatenate(sets), return_counts=True)
    postings_token: list[np.ndarray] = []
    postings_doc: list[np.ndarray] = []
    for doc, s in enumerate(sets):
        freq = counts[np.searchsorted(values, s)]
        order = np.lexsort((s, freq))  # rarest first, ties by hash: one global order
        prefix = len(s) - int(np.ceil(threshold * len(s))) + 1
        postings_token.append(s[order[:prefix]])
        postings_doc.append(np.full(prefix, doc, dtype=np.int64))
    tokens = np.concatenate(postings_token)
    docs = np.concatenate(postings_doc)
    by_token = np.lexsort((docs, tokens))
    tokens, docs = tokens[by_token], docs[by_token]
    starts = np.flatnonzero(np.r_[True, tokens[1:] != tokens[:-1]])
    ends = np.r_[starts[1:], len(tokens)]
    candidates: set[tuple[int, int]] = set()
    for a, b in zip(starts, ends, strict=True):
        if b - a > 1:
            group = docs[a:b].tolist()
            candidates.update(
                (group[i], group[j]) for i in range(len(group)) for j in range(i + 1, len(group))
            )
    ids, paths = articles["article_id"].tolist(), articles["path"].tolist()
    pairs = []
    for i, j in sorted(candidates):
        a, b = sets[i], sets[j]
        small, large = sorted((len(a), len(b)))
        if small < threshold * large:
            continue  # size filter: the Jaccard bound min/max is already too low
        inter = len(np.intersect1d(a, b, assume_unique=True))
        jaccard = inter / (len(a) + len(b) - inter)
        if jaccard >= threshold:
            pairs.append((ids[i], ids[j], paths[i], paths[j], round(jaccard, 3)))
    frame = pd.DataFrame(pairs, columns=NEAR_DUPLICATE_COLUMNS)
    return frame.sort_values(
        ["jaccard", "path_a", "path_b"], ascending=[False, True, True]
    ).reset_index(drop=True)
