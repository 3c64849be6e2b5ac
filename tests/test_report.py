"""Tests for helpers.report: offline, script-free pages that never run article text."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import config, report, storage

# A hostile article, as a scraped page could deliver it (test fixture, not shipped data).
EVIL = (
    'Tariffs rise <script>alert("xss")</script> '
    '<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">more</a>'
)


def _hostile_notebook() -> nbformat.NotebookNode:
    articles = pd.DataFrame({"article_id": ["a1"], "text": [EVIL]})
    cells = [
        new_markdown_cell("# 09 Hostile fixture\n\nMarkdown with <b onclick='x()'>bold</b>."),
        new_code_cell(
            "articles",
            outputs=[
                new_output(
                    "execute_result",
                    execution_count=1,
                    data={"text/plain": repr(articles), "text/html": articles._repr_html_()},
                )
            ],
        ),
        # What a careless displaCy/HTML(...) render of raw article text produces.
        new_code_cell(
            "HTML(text)",
            outputs=[
                new_output("display_data", data={"text/plain": "<HTML>", "text/html": EVIL}),
                new_output("display_data", data={"text/markdown": EVIL}),
                new_output(
                    "display_data",
                    data={
                        "image/svg+xml": "<svg><script>alert(4)</script></svg>",
                        "application/javascript": "alert(5)",
                    },
                ),
                new_output("stream", name="stdout", text=EVIL),
            ],
        ),
    ]
    return new_notebook(cells=cells)


@pytest.fixture
def run(tmp_path) -> config.RunPaths:
    paths = config.resolve_paths(tmp_path / "raw", tmp_path / "out").ensure()
    nbformat.write(_hostile_notebook(), paths.notebooks / "09-hostile.ipynb")
    plain = new_notebook(
        cells=[
            new_markdown_cell("# 01 Plain\n\nMaths $x^2$."),
            new_code_cell(
                "1 + 1",
                outputs=[new_output("execute_result", execution_count=1, data={"text/plain": "2"})],
            ),
        ]
    )
    nbformat.write(plain, paths.notebooks / "01-plain.ipynb")
    return paths


def test_hostile_article_text_cannot_run_in_the_report(run):
    report.build_report(run)
    page = (run.html / "09-hostile.html").read_text()
    assert report.html_problems(page) == []
    assert "<script" not in page.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", page, re.IGNORECASE)  # no live event handlers
    assert not re.search(r"<a\b[^>]*href=[\"']?\s*javascript:", page, re.IGNORECASE)
    # The text is still there for the reader, escaped (table cell, stdout).
    assert (
        "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in page
        or '&lt;script&gt;alert("xss")&lt;/script&gt;' in page
    )
    assert "<table" in page and "<td>" in page  # the DataFrame stays a table
    assert "alert(4)" not in page and "alert(5)" not in page  # svg and javascript dropped


def test_pages_load_nothing_from_the_network(run):
    report.build_report(run)
    for page_path in run.html.glob("*.html"):
        page = page_path.read_text()
        assert '<script src="http' not in page
        assert not re.search(r"<script\b", page, re.IGNORECASE), page_path.name
        assert "cdnjs" not in page and "unpkg" not in page
        assert not re.search(r'\bsrc="(https?:)?//', page)


@pytest.mark.parametrize(
    "page, problem",
    [
        ("<p>ok</p><script>alert(1)</script>", "<script> element"),
        ('<img src="x" onerror="alert(1)">', "event attribute onerror on <img>"),
        ('<a href=" javascript:alert(1)">x</a>', "script URL in href on <a>"),
        ('<img src="https://cdn.example/x.png">', "remote src on <img>"),
        ('<iframe src="a.html"></iframe>', "<iframe> element"),
        ('<link rel="stylesheet" href="//cdn.example/a.css">', "remote <link>"),
        ("<style>@import url(https://cdn.example/a.css);</style>", "remote resource in <style>"),
        ('<a href="data:text/html,hi">x</a>', "data URL in href on <a>"),
    ],
)
def test_check_html_safe_rejects_unsafe_pages(page, problem):
    assert problem in report.html_problems(page)
    with pytest.raises(ValueError, match="not safe to share offline"):
        report.check_html_safe(page)


def test_check_html_safe_accepts_escaped_text_and_inline_images():
    page = (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        '<img src="data:image/png;base64,AAAA"><a href="01-x.html">x</a>'
    )
    assert report.check_html_safe(page) == page


def test_sanitize_html_keeps_tables_and_drops_markup_that_runs():
    frame = pd.DataFrame({"text": ["<b>bold</b>"]})._repr_html_()
    clean = report.sanitize_html(frame + EVIL)
    assert "<table" in clean and "&lt;b&gt;bold&lt;/b&gt;" in clean
    assert "<style" not in clean and "<script" not in clean and "onerror" not in clean
    assert "javascript:" not in clean


def test_build_report_is_idempotent_and_links_everything(run):
    storage.atomic_write_bytes(run.figures / "tariff-timeline.png", b"\x89PNG fake")
    storage.atomic_write_bytes(run.figures / "tariff-timeline.svg", b"<svg/>")
    storage.write_table(pd.DataFrame({"article_id": ["a", "b"]}), run.table("articles"))
    (run.html / "00-gone.html").write_text("stale page of a removed notebook")
    index = report.build_report(run)
    first = {p.name: p.read_bytes() for p in run.html.iterdir()}
    assert sorted(first) == ["01-plain.html", "09-hostile.html", "index.html"]
    report.build_report(run)
    assert {p.name: p.read_bytes() for p in run.html.iterdir()} == first
    text = index.read_text()
    assert '<img src="../figures/tariff-timeline.png"' in text
    assert 'href="../figures/tariff-timeline.svg"' in text
    assert '<a href="01-plain.html">01 Plain</a>' in text
    assert '<a href="09-hostile.html">09 Hostile fixture</a>' in text
    assert "2 articles" in text
    assert report.html_problems(text) == []
    # Every relative link from the index resolves to a file of the run.
    for href in re.findall(r'(?:href|src)="([^"]+)"', text):
        assert (run.html / href).resolve().exists(), href


def test_png_outputs_keep_their_alt_text(tmp_path):
    paths = config.resolve_paths(tmp_path / "raw", tmp_path / "out").ensure()
    out = new_output(
        "display_data",
        data={"image/png": "iVBORw0KGgo=", "text/plain": "<Image>"},
        metadata={"image/png": {"alt": 'Tariffs <b>"up"</b>'}},
    )
    nbformat.write(
        new_notebook(cells=[new_code_cell("Image()", outputs=[out])]),
        paths.notebooks / "04-x.ipynb",
    )
    report.build_report(paths)
    page = (paths.html / "04-x.html").read_text()
    assert re.search(
        r"""<img alt=(['"])Tariffs &lt;b&gt;(&quot;|")up(&quot;|")&lt;/b&gt;\1""", page
    )
    assert "<b>" not in page
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in page


def test_sanitize_html_keeps_displacy_highlighting_but_no_remote_css():
    displacy = (
        '<div class="entities" style="line-height: 2.5; direction: ltr">'
        '<mark class="entity" style="background: #aa9cfc; padding: 0.45em 0.6em">Trump'
        '<span style="font-size: 0.8em; font-weight: bold">PERSON</span></mark>'
        " met Xi &lt;script&gt;</div>"
    )
    clean = report.sanitize_html(displacy)
    assert '<mark class="entity" style="background: #aa9cfc; padding: 0.45em 0.6em;">' in clean
    assert "&lt;script&gt;" in clean
    hostile = (
        '<span style="background: url(https://cdn.example/t.png)">a</span>'
        '<span style="position: fixed; color: red">b</span>'
    )
    clean = report.sanitize_html(hostile)
    assert "url(" not in clean and "position" not in clean
    assert 'style="color: red;"' in clean
    assert report.html_problems(clean) == []
