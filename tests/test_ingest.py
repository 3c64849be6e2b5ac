"""Unit tests for stage 01 (helpers.ingest): every input format and every kind of bad input."""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from helpers import ingest, storage

TODAY = date(2025, 12, 31)

BODY = (
    "Negotiators from both countries met for two days of talks on export controls and the "
    "tariff schedule, officials said.\n\n"
    "The commerce ministry said the meeting was constructive and that both sides agreed to "
    "keep talking before the deadline expires next month."
)

SEED = (
    "Today : Oct 3, 2025\n"
    "Business\n"
    "2 October 2025\n"
    "\n"
    "Trade Envoys Meet In Geneva As Deadline Nears\n"
    "\n"
    "Officials gather for another round of talks on chips and tariffs.\n"
    "\n" + BODY + "\n"
)


def front_matter(published: str = "2025-09-14", body: str = BODY, extra: str = "") -> str:
    return (
        "---\n"
        'title: "Tariff Truce Extended"\n'
        f"published: {published}\n"
        'source: "Example Wire"\n'
        "url: https://example.org/truce\n"
        f"{extra}"
        "---\n"
        f"{body}\n"
    )


def run(raw: Path, **kwargs) -> ingest.IngestResult:
    kwargs.setdefault("today", TODAY)
    return ingest.ingest_folder(raw, **kwargs)


def rejected_codes(result: ingest.IngestResult) -> dict[str, str]:
    return dict(zip(result.rejected["path"], result.rejected["code"], strict=True))


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


# --------------------------------------------------------------------------- formats


def test_seed_layout_separates_header_title_standfirst_and_body(raw: Path) -> None:
    (raw / "a.txt").write_text(SEED, encoding="utf-8")
    result = run(raw)
    row = result.articles.iloc[0]
    assert result.rejected.empty
    assert row["format"] == "seed"
    assert row["published"] == date(2025, 10, 2)  # the date line, not the `Today :` line
    assert row["published_source"] == "header"
    assert row["title"] == "Trade Envoys Meet In Geneva As Deadline Nears"
    assert row["standfirst"] == "Officials gather for another round of talks on chips and tariffs."
    paragraphs = row["text"].split("\n\n")
    assert paragraphs[0] == row["title"]
    assert paragraphs[1] == row["standfirst"]
    assert len(paragraphs) == 4
    for header_word in ("Today", "Business", "2 October 2025", "Oct 3"):
        assert header_word not in row["text"]


def test_seed_layout_without_blank_line_before_title_keeps_title_in_text(raw: Path) -> None:
    text = "Today : Oct 3, 2025\nBusiness\n2 October 2025\n\nShort Title Here\n\n" + BODY
    (raw / "a.txt").write_text(text, encoding="utf-8")
    row = run(raw).articles.iloc[0]
    assert row["title"] == "Short Title Here"
    assert row["text"].startswith("Short Title Here\n\n")


def test_other_header_layouts_and_dated_headlines(raw: Path) -> None:
    (raw / "byline.txt").write_text(
        f"Last updated 9 Oct 2025\nPublished on October 8, 2025\n\nA Headline\n\n{BODY}\n"
    )
    (raw / "dated_headline.txt").write_text(f"Tariffs To Rise On March 4, 2025\n\n{BODY}\n")
    result = run(raw, default_published="2025-03-01")
    articles = result.articles.set_index("path")
    assert articles.loc["byline.txt", "published"] == date(2025, 10, 8)  # not the update day
    assert articles.loc["byline.txt", "text"].startswith("A Headline\n\nNegotiators")
    # A headline that contains a date is a headline: kept in the text, no header date taken.
    headline = articles.loc["dated_headline.txt"]
    assert (headline["format"], headline["published_source"]) == ("text", "default")
    assert headline["title"] == "Tariffs To Rise On March 4, 2025"


@pytest.mark.parametrize(
    "written",
    [
        "Sep 14, 2025",
        "14 September 2025",
        "2025-09-14",
        "Monday, September 14, 2025",
        "Sept. 14, 2025",
    ],
)
def test_written_dates_in_front_matter_and_header(raw: Path, written: str) -> None:
    (raw / "fm.md").write_text(front_matter(f'"{written}"'), encoding="utf-8")
    (raw / "seed.txt").write_text(f"Today : {written}\nWorld\n{written}\n\nA Title\n\n{BODY}\n")
    articles = run(raw).articles.set_index("path")
    assert articles.loc["fm.md", "published"] == date(2025, 9, 14)
    assert articles.loc["seed.txt", "published"] == date(2025, 9, 14)


def test_front_matter_fields_and_markdown(raw: Path) -> None:
    body = "# Tariff Truce Extended\n\nThe **truce** was [extended](https://x.org) by 90 days.\n"
    (raw / "a.md").write_text(front_matter(body=body), encoding="utf-8")
    row = run(raw).articles.iloc[0]
    assert row["format"] == "front_matter"
    assert row["published_source"] == "front_matter"
    assert (row["source"], row["url"]) == ("Example Wire", "https://example.org/truce")
    # The repeated headline is dropped and markdown syntax removed.
    assert row["text"] == "Tariff Truce Extended\n\nThe truce was extended by 90 days."
    assert row["n_words"] == 10


def test_jsonl_broken_line_is_rejected_alone(raw: Path) -> None:
    good = {"text": BODY, "published": "2025-05-12", "title": "Geneva deal", "source": "Wire"}
    other = {"text": "Another article about soybeans and tariffs.", "published": "May 13, 2025"}
    lines = [json.dumps(good), '{"text": "broken', "", json.dumps(other), json.dumps({"x": 1})]
    (raw / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(raw)
    assert sorted(result.articles["path"]) == ["feed.jsonl#1", "feed.jsonl#4"]
    assert set(result.articles["format"]) == {"jsonl"}
    assert set(result.articles["published_source"]) == {"jsonl"}
    assert rejected_codes(result) == {"feed.jsonl#2": "jsonl_line", "feed.jsonl#5": "no_text"}
    assert "not valid JSON" in result.rejected.set_index("path").loc["feed.jsonl#2", "reason"]
    first = result.articles.set_index("path").loc["feed.jsonl#1"]
    assert first["text"].startswith("Geneva deal\n\nNegotiators")


def test_html_page_with_metadata(raw: Path) -> None:
    pytest.importorskip("trafilatura", exc_type=ImportError)
    paragraphs = "".join(
        f"<p>{p} This is paragraph {i}.</p>" for i, p in enumerate(BODY.split("\n\n"))
    )
    page = (
        "<html><head><title>Chip talks resume | Example News</title>"
        '<meta property="og:title" content="Chip talks resume">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="2025-07-29T08:00:00Z">'
        '<link rel="canonical" href="https://news.example.com/chips">'
        "</head><body><nav>Home | World | Sport</nav><article><h1>Chip talks resume</h1>"
        f"{paragraphs}</article><footer>Copyright Example</footer></body></html>"
    )
    (raw / "page.html").write_text(page, encoding="utf-8")
    result = run(raw)
    assert result.rejected.empty, result.rejected.to_dict("records")
    row = result.articles.iloc[0]
    assert row["format"] == "html"
    assert row["published"] == date(2025, 7, 29)
    assert row["published_source"] == "html_meta"
    assert row["title"] == "Chip talks resume"
    assert "Negotiators from both countries" in row["text"]
    assert "Copyright" not in row["text"]


def test_html_without_a_working_extractor_is_rejected_not_fatal(
    raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` fail
    (raw / "page.html").write_text("<html><body><p>Text</p></body></html>", encoding="utf-8")
    (raw / "ok.md").write_text(front_matter(), encoding="utf-8")
    result = run(raw)
    assert rejected_codes(result) == {"page.html": "html_extractor"}
    assert list(result.articles["path"]) == ["ok.md"]


def test_plain_text_uses_default_date_and_says_so(raw: Path) -> None:
    (raw / "plain.txt").write_text("Soybean Exports Slump\n\n" + BODY, encoding="utf-8")
    result = run(raw, default_published="2025-06-01")
    row = result.articles.iloc[0]
    assert row["format"] == "text"
    assert row["published"] == date(2025, 6, 1)
    assert row["published_source"] == "default"
    assert "default_published" in row["warnings"]
    assert row["title"] == "Soybean Exports Slump"


# --------------------------------------------------------------------------- bad inputs


def test_no_date_and_no_default_is_rejected(raw: Path) -> None:
    (raw / "plain.txt").write_text("Soybean Exports Slump\n\n" + BODY, encoding="utf-8")
    result = run(raw)
    assert result.articles.empty
    assert rejected_codes(result) == {"plain.txt": "no_date"}
    assert "no default_published" in result.rejected["reason"][0]


def test_unparseable_front_matter_date_is_rejected_with_the_value(raw: Path) -> None:
    (raw / "a.md").write_text(front_matter('"sometime soon"'), encoding="utf-8")
    result = run(raw)
    assert rejected_codes(result) == {"a.md": "no_date"}
    assert "sometime soon" in result.rejected["reason"][0]


@pytest.mark.parametrize("content", ["", "   \n\t\n  "])
def test_empty_and_whitespace_files_are_rejected(raw: Path, content: str) -> None:
    (raw / "empty.txt").write_text(content, encoding="utf-8")
    (raw / "empty.jsonl").write_text(content, encoding="utf-8")
    assert rejected_codes(run(raw)) == {"empty.jsonl": "empty", "empty.txt": "empty"}


def test_binary_file_is_rejected(raw: Path) -> None:
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = run(raw)
    assert rejected_codes(result) == {"image.txt": "binary"}
    assert result.rejected["reason"][0].endswith(".")


def test_non_utf8_file_is_decoded_with_a_detected_encoding(raw: Path) -> None:
    text = (
        "---\ntitle: Café owners fear tariffs\npublished: 2025-04-09\n---\n"
        "Owners of cafés in Lyon said the new duties on “imported” machines would hurt, "
        "and the café association asked the government to negotiate. Prices rose à la hausse "
        "for espresso machines, déjà a sore point for small businesses across the région.\n"
    )
    (raw / "cafe.md").write_bytes(text.encode("cp1252"))
    result = run(raw)
    row = result.articles.iloc[0]
    assert row["encoding"] != "utf-8"
    assert "not valid UTF-8" in row["warnings"]
    assert row["title"] == "Café owners fear tariffs"
    assert "“imported”" in row["text"]


def test_utf16_file_with_bom_is_text_not_binary(raw: Path) -> None:
    (raw / "a.md").write_bytes(front_matter().encode("utf-16"))
    row = run(raw).articles.iloc[0]
    assert (row["encoding"], row["warnings"]) == ("utf-16", "")
    assert row["title"] == "Tariff Truce Extended"


def test_broken_front_matter_is_rejected(raw: Path) -> None:
    (raw / "bad_yaml.md").write_text(
        "---\ntitle: [unclosed\npublished: 2025-01-01\n---\n" + BODY, encoding="utf-8"
    )
    (raw / "unclosed.md").write_text("---\ntitle: x\npublished: 2025-01-01\n" + BODY)
    (raw / "list.md").write_text("---\n- a\n- b\n---\n" + BODY, encoding="utf-8")
    result = run(raw)
    assert rejected_codes(result) == {
        "bad_yaml.md": "front_matter",
        "list.md": "front_matter",
        "unclosed.md": "front_matter",
    }
    reasons = result.rejected.set_index("path")["reason"]
    assert "not valid YAML" in reasons["bad_yaml.md"]
    assert "no closing" in reasons["unclosed.md"]


def test_unsupported_extensions_are_rejected(raw: Path) -> None:
    (raw / "report.pdf").write_bytes(b"%PDF-1.7 fake")
    (raw / "notes").write_text(BODY, encoding="utf-8")
    result = run(raw)
    assert rejected_codes(result) == {"notes": "extension", "report.pdf": "extension"}
    assert "'.pdf'" in result.rejected.set_index("path").loc["report.pdf", "reason"]


def test_file_over_size_limit_is_rejected_without_reading(raw: Path) -> None:
    (raw / "huge.txt").write_bytes(b"word " * (1024 * 1024))  # 5 MB
    (raw / "ok.md").write_text(front_matter(), encoding="utf-8")
    result = run(raw)  # default limit: 2 MB
    assert rejected_codes(result) == {"huge.txt": "too_large"}
    assert "5.0 MB" in result.rejected["reason"][0]
    assert list(result.articles["path"]) == ["ok.md"]
    assert run(raw, max_bytes=6 * 1024 * 1024, default_published="2025-01-01").rejected.empty


def test_future_date_is_accepted_with_a_warning(raw: Path) -> None:
    (raw / "future.md").write_text(front_matter("2026-03-01"), encoding="utf-8")
    (raw / "tomorrow.md").write_text(front_matter("2026-01-01", body="Another text."))
    articles = run(raw).articles.set_index("path")
    assert "after today (2025-12-31)" in articles.loc["future.md", "warnings"]
    assert articles.loc["tomorrow.md", "warnings"] == ""  # one day of time-zone slack


def test_hidden_files_and_folders_are_listed_not_read(raw: Path) -> None:
    (raw / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (raw / ".git").mkdir()
    (raw / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (raw / "sub").mkdir()
    (raw / "sub" / "a.md").write_text(front_matter(), encoding="utf-8")
    (raw / "sub" / "a.md~").write_text(front_matter(), encoding="utf-8")
    result = run(raw)
    assert rejected_codes(result) == {
        ".DS_Store": "hidden",
        ".git/": "hidden",
        "sub/a.md~": "hidden",
    }
    assert list(result.articles["path"]) == ["sub/a.md"]
    assert result.n_files == 4


def test_empty_body_after_front_matter_is_rejected(raw: Path) -> None:
    (raw / "a.md").write_text(front_matter(body=""), encoding="utf-8")
    assert rejected_codes(run(raw)) == {"a.md": "no_text"}


def test_invalid_default_published_is_a_parameter_error(raw: Path) -> None:
    with pytest.raises(ValueError, match="default_published"):
        run(raw, default_published="not a date")


# --------------------------------------------------------------------------- ids and duplicates


def test_same_text_in_two_files_is_one_row_with_both_paths(raw: Path) -> None:
    (raw / "b").mkdir()
    (raw / "b" / "copy.md").write_text(front_matter(), encoding="utf-8")
    (raw / "a.md").write_text(front_matter().replace("\n", "\r\n"), encoding="utf-8")
    result = run(raw)
    assert len(result.articles) == 1
    row = result.articles.iloc[0]
    assert list(row["paths"]) == ["a.md", "b/copy.md"]
    assert row["path"] == "a.md"
    assert row["article_id"] == hashlib.sha256(row["text"].encode()).hexdigest()[:16]
    assert result.summary().loc["exact duplicates merged", "n"] == 1


def test_near_duplicates_are_reported_not_dropped(raw: Path) -> None:
    long_body = " ".join(
        f"Sentence {i} about tariff schedules and chip exports." for i in range(60)
    )
    edited = long_body.replace("Sentence 7 about", "Sentence 7 on")
    (raw / "a.md").write_text(front_matter(body=long_body), encoding="utf-8")
    (raw / "b.md").write_text(front_matter(body=edited), encoding="utf-8")
    (raw / "c.md").write_text(front_matter(body=BODY), encoding="utf-8")
    result = run(raw)
    assert len(result.articles) == 3
    pairs = result.near_duplicates
    assert len(pairs) == 1
    assert {pairs["path_a"][0], pairs["path_b"][0]} == {"a.md", "b.md"}
    assert 0.8 <= pairs["jaccard"][0] < 1


def test_text_is_normalised_once(raw: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Café")
    body = (
        f"{decomposed}\u00a0owners  said\tthe\u200b duties\r\nwould hurt.\r\n\r\nSecond paragraph."
    )
    (raw / "a.md").write_text(front_matter(body=body), encoding="utf-8")
    text = run(raw).articles.iloc[0]["text"]
    assert (
        text
        == "Tariff Truce Extended\n\nCafé owners said the duties would hurt.\n\nSecond paragraph."
    )
    assert unicodedata.is_normalized("NFC", text)


def test_rows_sorted_and_table_round_trips(raw: Path, tmp_path: Path) -> None:
    (raw / "late.md").write_text(front_matter("2025-10-01", body="Later text."), encoding="utf-8")
    (raw / "early.md").write_text(front_matter("2025-02-01", body="Earlier text."))
    (raw / "x.txt").write_text(SEED, encoding="utf-8")
    (raw / "bad.pdf").write_bytes(b"%PDF")
    result = run(raw)
    assert list(result.articles["path"]) == ["early.md", "late.md", "x.txt"]
    assert list(result.articles.columns) == ingest.ARTICLE_COLUMNS
    out = storage.write_table(result.articles, tmp_path / "articles.parquet")
    back = storage.read_table(out)
    assert back["published"].map(type).eq(date).all()
    assert list(back["paths"][0]) == ["early.md"]
    pd.testing.assert_frame_equal(
        back.drop(columns=["paths"]), result.articles.drop(columns=["paths"])
    )
    again = run(raw)
    pd.testing.assert_frame_equal(again.articles, result.articles)
    pd.testing.assert_frame_equal(again.rejected, result.rejected)
