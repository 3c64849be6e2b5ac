"""Stage 04 report: the executed notebooks as offline, script-free HTML plus an index page.

Safety model: article text reaches notebook outputs (tables, quotes, possibly rendered HTML such
as displaCy). Before rendering, every notebook is sanitised: HTML and Markdown outputs and cells
go through bleach with a small allow-list (tables and text markup; no script, style, img, svg,
iframe, event attributes), outputs of other rich types (JavaScript, SVG, widgets) are dropped.
The template is nbconvert's "lab" one with every script block (require.js, MathJax, Mermaid,
widgets) removed, so the pages load nothing from a network. Finally `check_html_safe` parses
each page and refuses to write one with any script, event-handler attribute, javascript: URL,
embedded frame or remote resource: a bug in the first two layers fails the build instead of
shipping a page that runs article text.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import bleach
import nbformat
import pandas as pd
from bleach.css_sanitizer import CSSSanitizer
from jinja2 import DictLoader
from nbconvert import HTMLExporter

from helpers import plots, storage
from helpers.config import RunPaths

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "*": ["class", "title", "style"],
    "a": ["href", "title"],
    "table": ["border"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan"],
}
# Enough CSS for displaCy's entity highlighting and pandas' alignment; nothing that can load
# a resource (no url(), so no background-image; the shorthand is refused if it holds one).
ALLOWED_CSS = frozenset(
    {
        "background",
        "background-color",
        "color",
        "padding",
        "margin",
        "margin-left",
        "margin-right",
        "line-height",
        "border-radius",
        "font-size",
        "font-weight",
        "vertical-align",
        "direction",
        "text-align",
        "white-space",
    }
)
_CSS_SANITIZER = CSSSanitizer(allowed_css_properties=ALLOWED_CSS)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Output types rendered as-is (escaped text, base64 rasters) or after sanitising (html, markdown).
SAFE_OUTPUT_TYPES = frozenset({"text/plain", "image/png", "image/jpeg"})
SANITISED_OUTPUT_TYPES = frozenset({"text/html", "text/markdown"})

# The lab template without any <script>: nothing fetched from a CDN, nothing executed. PNG
# outputs carry their `alt` metadata (IPython's Image(alt=...)); lab's own block drops it.
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
alt="{{ ((output | get_metadata('alt', 'image/png')) or 'figure') | escape_html }}">
</div>
{%- endblock data_png -%}
"""

# pandas' repr wraps tables in a <style scoped> block; bleach would keep its CSS as visible text.
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_DANGEROUS_TAGS = frozenset(
    {"script", "iframe", "frame", "object", "embed", "applet", "base", "form", "svg", "math"}
)
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
)
_REMOTE_CSS = re.compile(r"@import|url\(\s*['\"]?\s*(https?:)?//", re.IGNORECASE)


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if name == "style" and re.search(r"url\(|expression|@import|\\", value, re.IGNORECASE):
        return False  # a remote load or an escape that could hide one
    return name in ALLOWED_ATTRIBUTES.get(tag, ()) or name in ALLOWED_ATTRIBUTES["*"]


def sanitize_html(fragment: str) -> str:
    """Reduce an HTML fragment to the allow-listed markup; anything else is stripped."""
    return bleach.clean(
        _STYLE_BLOCK.sub("", fragment),
        tags=ALLOWED_TAGS,
        attributes=_allow_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        css_sanitizer=_CSS_SANITIZER,
    )


def sanitize_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Sanitise a notebook in place for rendering: cells, outputs and widget state."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.pop("attachments", None)
        if cell.cell_type in ("markdown", "raw"):
            cell.source = sanitize_html(cell.source)
            continue
        for output in cell.get("outputs", []):
            if output.output_type not in ("display_data", "execute_result"):
                continue  # stream and error text is escaped by the template
            data = output.get("data", {})
            for key in list(data):
                if key in SANITISED_OUTPUT_TYPES:
                    data[key] = sanitize_html(_as_text(data[key]))
                elif key not in SAFE_OUTPUT_TYPES:
                    del data[key]
            if not data:
                data["text/plain"] = "[output not shown in the shared report]"
    return nb


def _as_text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class _SafetyScanner(HTMLParser):
    """Collects every construct in a page that could run code or load something remotely."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.problems.append("<meta http-equiv>")
        if tag == "link" and any(k == "href" and v and _is_remote(v) for k, v in attrs):
            self.problems.append("remote <link>")
        self._in_style = tag == "style"
        for name, value in attrs:
            value = (value or "").strip()
            compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.startswith("on"):
                self.problems.append(f"event attribute {name} on <{tag}>")
            elif name in _URL_ATTRIBUTES and compact.startswith(("javascript:", "vbscript:")):
                self.problems.append(f"script URL in {name} on <{tag}>")
            elif name in _URL_ATTRIBUTES and compact.startswith("data:") and tag != "img":
                self.problems.append(f"data URL in {name} on <{tag}>")
            elif name == "src" and _is_remote(value):
                self.problems.append(f"remote src on <{tag}>")
            elif name == "style" and _REMOTE_CSS.search(value):
                self.problems.append(f"remote CSS in style on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _REMOTE_CSS.search(data):
            self.problems.append("remote resource in <style>")


def _is_remote(url: str) -> bool:
    return bool(re.match(r"\s*(https?:)?//", url, re.IGNORECASE))


def html_problems(page: str) -> list[str]:
    """Everything in a page that could execute code or fetch from the network."""
    scanner = _SafetyScanner()
    scanner.feed(page)
    scanner.close()
    return scanner.problems


def check_html_safe(page: str, name: str = "page") -> str:
    """Return the page unchanged, or raise ValueError naming what makes it unsafe to share."""
    problems = html_problems(page)
    if problems:
        listed = "; ".join(sorted(set(problems)))
        raise ValueError(f"{name} is not safe to share offline: {listed}")
    return page


def _exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})],
        template_file="offline.html.j2",
        embed_images=True,
    )


def notebook_to_html(path: str | os.PathLike) -> str:
    """One executed notebook as a sanitised, script-free, self-contained HTML page."""
    nb = sanitize_notebook(nbformat.read(path, as_version=4))
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": Path(path).stem}})
    return check_html_safe(body, Path(path).name)


def _notebook_title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _counts(paths: RunPaths) -> list[str]:
    """Row counts of the run's tables, for the index page's summary line."""
    parts = []
    for name, noun in (
        ("articles", "articles"),
        ("rejected", "rejected inputs"),
        ("tariffs", "tariff figures"),
        ("events", "dated events"),
        ("timeline", "timeline entries"),
    ):
        path = paths.table(name)
        if path.exists():
            n = len(pd.read_parquet(path, columns=[]))
            parts.append(f"{n} {noun}")
    return parts


_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 72rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
figure { margin: 2rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9rem; color: #444; } code { background: #f4f4f4; padding: 0 .2em; }
"""


def build_index(
    paths: RunPaths, pages: list[tuple[str, str]], title: str = "tariff-timeline report"
) -> str:
    """The index page: figures (linked relative to the html folder) and the notebook pages."""
    fig_rel = Path(os.path.relpath(paths.figures, paths.html)).as_posix()
    stems = [s for s in plots.FIGURES if (paths.figures / f"{s}.png").exists()]
    stems += sorted(p.stem for p in paths.figures.glob("*.png") if p.stem not in plots.FIGURES)
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_INDEX_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
    ]
    counts = _counts(paths)
    if counts:
        out.append(f"<p>This run: {esc(', '.join(counts))}.</p>")
    out.append("<h2>Figures</h2>")
    if not stems:
        out.append("<p>No figures were written in this run.</p>")
    for stem in stems:
        caption = plots.FIGURES.get(stem, stem)
        png, svg = f"{fig_rel}/{stem}.png", f"{fig_rel}/{stem}.svg"
        links = f'<a href="{esc(png)}">PNG</a>'
        if (paths.figures / f"{stem}.svg").exists():
            links += f' · <a href="{esc(svg)}">SVG</a>'
        out += [
            "<figure>",
            f'<img src="{esc(png)}" alt="{esc(caption)}">',
            f"<figcaption>{esc(caption)} {links}</figcaption>",
            "</figure>",
        ]
    out.append("<h2>Notebooks</h2>")
    out.append(
        "<ul>"
        + "".join(f'<li><a href="{esc(href)}">{esc(name)}</a></li>' for href, name in pages)
        + "</ul>"
    )
    out += ["</body>", "</html>", ""]
    return check_html_safe("\n".join(out), "index.html")


def build_report(paths: RunPaths, title: str = "tariff-timeline report") -> Path:
    """Render every notebook in OUT/notebooks to OUT/html and write OUT/html/index.html.

    Idempotent: the same notebooks and figures give the same files, and pages of notebooks
    that are gone are removed, so the runner may call it again after notebook 04 finished.
    """
    paths.html.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(paths.notebooks.glob("*.ipynb"))
    pages = []
    for nb_path in notebooks:
        page = notebook_to_html(nb_path)
        storage.atomic_write_text(paths.html / f"{nb_path.stem}.html", page)
        pages.append((f"{nb_path.stem}.html", _notebook_title(nb_path)))
    keep = {href for href, _ in pages} | {"index.html"}
    for stale in paths.html.glob("*.html"):
        if stale.name not in keep:
            stale.unlink()
    return storage.atomic_write_text(paths.html / "index.html", build_index(paths, pages, title))
