"""Stage 04 figures: tariff step lines, event lanes and actor mentions, rendered reproducibly.

How extracted facts become the plotted tariff series (see `tariff_series`):

- Pair: only rows whose `imposer` and `target` match are used; a figure without both is not
  placed.
- Scope: the line shows the headline rate on all goods. Rows with `scope == "overall"` build it;
  an article that states no overall figure (for either side) contributes its `unspecified`
  rows instead. `product` rows (steel, farm goods) and `component` rows (one layer such as the
  fentanyl or the reciprocal tariff) are never on the line. Tables without a `scope` column
  (older facts) count every row as `unspecified`.
- Date: a figure's `effective_date` when it names a day or a month (a month is placed on its
  first day), otherwise the `published` date of the article that states it ("as reported").
  A figure the facts mark background (`is_background`, when the table has it) and that has no
  effective date is not placed: a retold change is not news on the retelling's date.
- On the step line: actions that state a level that applies (`in_force`, `imposed`, `raised`,
  `cut`, `extended`, ...). `suspended`, `removed` and other actions are not drawn.
- "From" figures: `rate_role == "from"` (the 145% of "from 145% to 30%") is the level before
  the change. It never makes a step; it is checked against the line level just before its date
  and kept as "confirms the line", "an earlier step" (a change retold later) or "line shows
  N%". The last contradicts the line and is drawn as a small dash at its date, so the reader
  sees that the reports disagree.
- Threats: `threatened` rows are x markers, never steps, at their effective date. A threat
  without one takes the effective date another article gives the same threatened rate (same
  pair, published up to THREAT_MERGE_DAYS before it), else its publication date. A threat
  marked background (`is_background`, when the table has it) or one to a level the articles
  already reported as applying on or before its date (on the line, outvoted, or the "from" of
  a change: a "could climb back to 145%" snap-back reminder) is not news and is not marked.
  A threatened extra levy of `component` scope ("an additional 100%") is marked and labelled
  "extra N% threatened" only when a start date is known; its height is the extra levy.
- Disagreement: several line figures on one date: the rate stated by the most articles wins;
  ties go to an exact figure over an "about" figure, then to the end point of the change:
  the lowest figure of a cut, else the highest (one article's escalation "34%, then 84%,
  now 104%" shares a date, and its last figure is the news).
  The others are kept as "not plotted: outvoted on date", listed in the winner's
  `other_rates` and drawn as a small dash beside the winning point.
- A line point is approximate (hollow marker) only if every article stating it said "about".

Every fact stays in the series table with the reason it is or is not drawn.

The main figure (`plot_tariff_timeline`):

- Window: from two weeks before the first plotted figure or strip event (figures dated more
  than LEAD_DAYS before the first article are ignored) to WINDOW_PAD_DAYS after the latest
  article's publication (`default_window`). Dates beyond the right edge (a deadline a year
  ahead, a truce ending next year) become "→ date: label" notes at the right edge instead of
  stretching the axis. `start`/`end` override the window.
- Top strip (`strip_events`): day-precise news events only: meetings that have a place or at
  least two sources, deadlines and truces; one label per date.
- Truces: news truces with an end date are shaded; official truce spans from
  `data/reference/official_events.csv` are a lighter hatched band marked "(record)", so the
  reader can tell what the articles say from what the record says.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless rendering; the notebook inline backend still shows figures

import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from helpers import storage  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable with all common colour-vision
# deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
# Yellow last: it is the hardest to see as a thin line on white.
CYCLE = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "vermillion",
        "bluish_green",
        "reddish_purple",
        "orange",
        "sky_blue",
        "black",
        "yellow",
    )
]
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]

US, CN = "United States", "China"
PAIR_STYLE = {
    (US, CN): ("US tariff on Chinese goods", OKABE_ITO["blue"]),
    (CN, US): ("China's tariff on US goods", OKABE_ITO["vermillion"]),
}

LINE_ACTIONS = frozenset(
    {
        "in_force",
        "imposed",
        "raised",
        "cut",
        "extended",
        "reduced",
        "lowered",
        "increased",
        "reinstated",
        "restored",
        "set",
    }
)
MARK_ACTIONS = frozenset({"threatened"})
CUT_ACTIONS = frozenset({"cut", "reduced", "lowered"})
SPAN_KINDS = frozenset({"truce", "pause", "suspension"})
MARKER_KINDS = ("meeting", "deadline", "truce")
LANE_ORDER = ("meeting", "deadline", "truce", "tariff", "announcement")

SERIES_COLUMNS = [
    "date",
    "rate_percent",
    "approximate",
    "action",
    "date_basis",
    "plotted_as",
    "n_articles",
    "other_rates",
    "article_ids",
]
REFERENCE_COLUMNS = [
    "date",
    "imposer",
    "target",
    "rate_percent",
    "measure",
    "note",
    "source_title",
    "source_url",
]
REFERENCE_EVENT_COLUMNS = [
    "date",
    "date_end",
    "kind",
    "description",
    "place",
    "source_title",
    "source_url",
]
EVENT_COLUMNS = [
    "kind",
    "date",
    "precision",
    "date_end",
    "place",
    "description",
    "n_sources",
    "is_background",
    "label",
]

# Figure stems written by the notebook, with captions the report shows under them.
FIGURES = {
    "tariff-timeline": "US and Chinese tariffs over time as stated in the news (solid, with "
    "markers) against the official record (dashed); meetings, deadlines and truces above; "
    "truces shaded (news) or hatched (official record); later dates named at the right edge.",
    "event-lanes": "Dated events extracted from the articles, one lane per kind; marker size "
    "grows with the number of articles reporting the event.",
    "actor-mentions": "Articles mentioning each of the most-mentioned people, per month of "
    "publication.",
}

DPI = 150
# A fixed salt makes the SVG element ids a function of the content only.
RENDER_RC = {"svg.hashsalt": "tariff-timeline", "svg.fonttype": "path"}
LABEL_FONTSIZE = 7.5
WINDOW_PAD_DAYS = 45  # the figure ends this long after the latest article
LEAD_DAYS = 120  # figures dated longer before the first article do not set the left edge
SHORT_EVENT_DAYS = 3  # a span this short (a weekend of talks) may merge with the next day's
LABEL_CHARS = 32  # longest event label before it is cut with "…"


# --------------------------------------------------------------------------------------------
# Dates and inputs


def parse_partial_date(value: object) -> tuple[pd.Timestamp, str]:
    """Parse ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (or a date) into (timestamp, precision)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return pd.NaT, ""
    if not isinstance(value, str):
        return pd.Timestamp(value).normalize(), "day"
    text = value.strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return pd.Timestamp(pd.to_datetime(text, format=fmt)), precision
        except (ValueError, TypeError):
            continue
    return pd.NaT, ""


def _text(value: object) -> str:
    """A cell as a plain string ('' for null), so pandas' NA never leaks into labels."""
    if value is None:
        return ""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return str(value).strip()


def _published_by_article(articles: pd.DataFrame | None) -> dict[str, pd.Timestamp]:
    if articles is None or articles.empty or "published" not in articles:
        return {}
    published = pd.to_datetime(articles["published"], errors="coerce")
    return dict(zip(articles["article_id"].astype(str), published, strict=True))


def load_reference(reference_dir: str | os.PathLike) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read official_tariffs.csv and official_events.csv; an absent file gives an empty table."""
    folder = Path(reference_dir)
    out = []
    for name, columns in (
        ("official_tariffs.csv", REFERENCE_COLUMNS),
        ("official_events.csv", REFERENCE_EVENT_COLUMNS),
    ):
        path = folder / name
        df = pd.read_csv(path, dtype=str) if path.exists() else pd.DataFrame(columns=columns)
        for col in columns:
            if col not in df:
                df[col] = pd.NA
        out.append(df)
    tariffs, events = out
    tariffs["rate_percent"] = pd.to_numeric(tariffs["rate_percent"], errors="coerce").astype(
        "float64"
    )
    return tariffs, events


# --------------------------------------------------------------------------------------------
# Tables behind the figures


def tariff_series(
    tariffs: pd.DataFrame, imposer: str, target: str, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every stated tariff figure of one imposer on one target, dated, with how it is plotted."""
    raw_scope = tariffs["scope"] if "scope" in tariffs else pd.Series(pd.NA, index=tariffs.index)
    scope = pd.Series([row_scope(v) for v in raw_scope], index=tariffs.index, dtype="object")
    # Per article: its overall figures when it states any, else its unscoped ones. An article
    # that gives overall rates but leaves one figure unscoped is usually not stating a headline
    # rate with it (a headline's "Doubles China Tariff To 20%" read as China's rate).
    with_overall = set(tariffs.loc[scope == "overall", "article_id"].astype(str))
    sel = tariffs[(tariffs["imposer"] == imposer) & (tariffs["target"] == target)].copy()
    sel["scope"] = scope[sel.index]
    sel["rate_percent"] = pd.to_numeric(sel["rate_percent"], errors="coerce")
    sel = sel[sel["rate_percent"].notna()]
    if sel.empty:
        return pd.DataFrame({c: pd.Series(dtype=_SERIES_DTYPES[c]) for c in SERIES_COLUMNS})
    published = _published_by_article(articles)
    rows = []
    for rec in sel.to_dict("records"):
        article = str(rec["article_id"])
        date, basis = _figure_date(rec.get("effective_date"), published.get(article, pd.NaT))
        action = _text(rec.get("action")) or "unknown"
        rows.append(
            {
                "date": date,
                "rate_percent": float(rec["rate_percent"]),
                "approximate": _flag(rec.get("approximate")),
                "action": action,
                "date_basis": basis,
                "plotted_as": _plotted_as(
                    action,
                    _text(rec.get("rate_role")),
                    rec["scope"],
                    article in with_overall,
                    _flag(rec.get("is_background")),
                    date,
                    basis == "published",
                ),
                "article_id": article,
                "published": published.get(article, pd.NaT),
                "has_effective": basis.startswith("effective"),
            }
        )
    facts = _date_threats_together(pd.DataFrame(rows))
    grouped = (
        facts.groupby(["date", "rate_percent", "plotted_as"], sort=True, dropna=False)
        .agg(
            approximate=("approximate", "all"),
            action=("action", lambda s: "/".join(sorted(set(s)))),
            date_basis=("date_basis", lambda s: "/".join(sorted(set(s)))),
            n_articles=("article_id", "nunique"),
            article_ids=("article_id", lambda s: " ".join(sorted(set(s)))),
        )
        .reset_index()
    )
    grouped["other_rates"] = ""
    grouped = _resolve_same_day_conflicts(grouped)
    grouped = _check_from_figures(grouped)
    grouped = _drop_snapback_threats(grouped)
    out = grouped.sort_values(["date", "rate_percent", "plotted_as"], kind="stable")
    out = out[SERIES_COLUMNS].reset_index(drop=True)
    return out.astype(_SERIES_DTYPES)


_SERIES_DTYPES = {
    "date": "datetime64[ns]",
    "rate_percent": "float64",
    "approximate": "bool",
    "action": "str",
    "date_basis": "str",
    "plotted_as": "str",
    "n_articles": "int64",
    "other_rates": "str",
    "article_ids": "str",
}
SCOPES = ("overall", "component", "product", "unspecified")
# Threats of the same rate reported this many days before a stated start date are one threat.
THREAT_MERGE_DAYS = 60
# A threatened extra levy ("an additional 100%"): an annotated marker, not a level.
EXTRA_THREAT = "threatened (additional)"
THREAT_MARKS = ("threatened", EXTRA_THREAT)


def row_scope(value: object) -> str:
    """A tariff row's `scope` as one of SCOPES; missing or unknown values are 'unspecified'."""
    text = _text(value).lower()
    return text if text in SCOPES else "unspecified"


def _flag(value: object) -> bool:
    """A nullable boolean cell as a plain bool (null is False)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    return bool(value)


def _figure_date(effective: object, published: pd.Timestamp) -> tuple[pd.Timestamp, str]:
    """A figure's plotting date and its basis: the effective day or month, else publication."""
    eff, precision = parse_partial_date(effective)
    if precision == "day":
        return eff, "effective"
    if precision == "month":
        return eff, "effective (month)"
    return published, "published" if pd.notna(published) else "none"


def _plotted_as(
    action: str,
    rate_role: str,
    scope: str,
    article_has_overall: bool,
    background: bool,
    date: pd.Timestamp,
    as_reported: bool = False,
) -> str:
    if pd.isna(date):
        return "not plotted: no date"
    if scope == "product":
        return "not plotted: product-specific"
    if scope == "component":
        if action in MARK_ACTIONS and not rate_role and not background:
            return EXTRA_THREAT  # "an extra 100%": kept if a start date is found
        return "not plotted: one component"
    if scope == "unspecified" and article_has_overall:
        # The article also states the combined rate; that one speaks for it.
        return "not plotted: article states the overall rate"
    if action in MARK_ACTIONS:
        return "not plotted: background threat" if background else "threatened"
    if background and as_reported:
        # "Was cut in May from 145% to 30%", retold in June, is not a change in June.
        return "not plotted: background mention"
    if rate_role == "from":
        return "earlier level ('from')"
    if action not in LINE_ACTIONS:
        return f"not plotted: {action}"
    return "line"


def _date_threats_together(facts: pd.DataFrame) -> pd.DataFrame:
    """Undated threats take the start date another article gives the same threatened rate."""
    threats = facts["plotted_as"].isin(THREAT_MARKS)
    dated = facts[threats & facts["has_effective"]]
    for i in facts.index[threats & ~facts["has_effective"] & facts["published"].notna()]:
        pub, rate = facts.at[i, "published"], facts.at[i, "rate_percent"]
        lead = (dated["date"] - pub) / pd.Timedelta(days=1)
        same = dated[
            (dated["rate_percent"] == rate)
            & (dated["plotted_as"] == facts.at[i, "plotted_as"])
            & (lead >= 0)
            & (lead <= THREAT_MERGE_DAYS)
        ]
        if not same.empty:
            facts.at[i, "date"] = same["date"].min()
            facts.at[i, "date_basis"] = "effective (same threat elsewhere)"
    # An extra levy nobody dates is too vague to place against the headline rate.
    vague = (facts["plotted_as"] == EXTRA_THREAT) & (facts["date_basis"] == "published")
    facts.loc[vague, "plotted_as"] = "not plotted: one component (threat without a start date)"
    return facts


def _resolve_same_day_conflicts(grouped: pd.DataFrame) -> pd.DataFrame:
    line = grouped["plotted_as"] == "line"
    # Within one article a change shares a date with the levels it passes ("34%, then 84%, now
    # 104%"); its end point is the news: the lowest figure of a cut, else the highest.
    cut = grouped["action"].map(lambda a: set(a.split("/")) <= CUT_ACTIONS)
    toward_end = grouped["rate_percent"].where(cut, -grouped["rate_percent"])
    ranked = grouped[line].assign(_end=toward_end[line], _more=-grouped.loc[line, "n_articles"])
    ranked = ranked.sort_values(["date", "_more", "approximate", "_end"], kind="stable")
    losers = ranked.index[ranked.duplicated("date", keep="first")]
    winners = ranked.index[~ranked.duplicated("date", keep="first")]
    for w in winners:
        beaten = ranked.loc[losers][ranked.loc[losers, "date"] == ranked.at[w, "date"]]
        grouped.at[w, "other_rates"] = " ".join(f"{r:g}" for r in sorted(beaten["rate_percent"]))
    grouped.loc[losers, "plotted_as"] = "not plotted: outvoted on date"
    return grouped


def _line_level_before(grouped: pd.DataFrame, date: pd.Timestamp) -> float | None:
    """The line's level in force just before `date` (None before the first step)."""
    line = grouped[(grouped["plotted_as"] == "line") & (grouped["date"] < date)]
    if line.empty:
        return None
    return float(line.sort_values("date", kind="stable")["rate_percent"].iloc[-1])


def _check_from_figures(grouped: pd.DataFrame) -> pd.DataFrame:
    line = grouped[grouped["plotted_as"] == "line"]
    for i in grouped.index[grouped["plotted_as"] == "earlier level ('from')"]:
        date, rate = grouped.at[i, "date"], grouped.at[i, "rate_percent"]
        before = _line_level_before(grouped, date)
        earlier = line.loc[line["date"] < date, "rate_percent"]
        if before is not None and abs(before - rate) <= 0.5:
            grouped.at[i, "plotted_as"] = "not plotted: earlier level, confirms the line"
        elif ((earlier - rate).abs() <= 0.5).any():
            # "Was cut in May from 145%", retold in June: the line did show 145% before.
            grouped.at[i, "plotted_as"] = "not plotted: earlier level, an earlier step"
        elif before is None:
            grouped.at[i, "plotted_as"] = "not plotted: earlier level, no line before"
        else:
            grouped.at[i, "plotted_as"] = f"not plotted: earlier level, line shows {before:g}%"
    return grouped


def _one_label_per_threat(notes: dict[tuple, tuple[int, str]]) -> dict[tuple, Any]:
    """Of threats of one rate dated within THREAT_MERGE_DAYS of each other (reports disagree
    on the start), only the best-sourced gets a text label, set left of the cluster's first
    marker so that labels and markers never overprint: {kept key: where its label goes}."""
    keep: dict[tuple, Any] = {}
    by_rate: dict[float, list[tuple]] = {}
    for key in sorted(notes):
        by_rate.setdefault(key[1], []).append(key)
    for keys in by_rate.values():
        cluster: list[tuple] = []
        for key in keys + [None]:
            if key is not None and (
                not cluster or (key[0] - cluster[-1][0]).days <= THREAT_MERGE_DAYS
            ):
                cluster.append(key)
                continue
            if cluster:
                keep[max(cluster, key=lambda k: (notes[k][0], k[0]))] = cluster[0][0]
            cluster = [key] if key is not None else []
    return keep


def _drop_snapback_threats(grouped: pd.DataFrame) -> pd.DataFrame:
    # Levels the articles report as applying: on the line, outvoted, or the "from" of a change.
    status = grouped["plotted_as"]
    reported = grouped[
        (status == "line")
        | (status == "not plotted: outvoted on date")
        | status.str.startswith("not plotted: earlier level")
    ]
    for i in grouped.index[status == "threatened"]:
        earlier = reported[reported["date"] <= grouped.at[i, "date"]]
        if (earlier["rate_percent"] == grouped.at[i, "rate_percent"]).any():
            grouped.at[i, "plotted_as"] = "not plotted: level reported before"
    return grouped


def reference_series(official: pd.DataFrame, imposer: str, target: str) -> pd.DataFrame:
    """The official rate changes of one imposer on one target, sorted by date."""
    sel = official[(official["imposer"] == imposer) & (official["target"] == target)].copy()
    sel["date"] = pd.to_datetime(sel["date"], errors="coerce")
    sel["rate_percent"] = pd.to_numeric(sel["rate_percent"], errors="coerce")
    sel = sel.dropna(subset=["date", "rate_percent"])
    cols = ["date", "rate_percent", "measure", "source_title"]
    return sel.sort_values(["date", "rate_percent"], kind="stable")[cols].reset_index(drop=True)


def compare_with_reference(series: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Each point of the news line beside the official rate in force on its date."""
    line = series.loc[
        series["plotted_as"] == "line", ["date", "rate_percent", "approximate", "n_articles"]
    ]
    line = line.astype({"date": "datetime64[ns]"}).sort_values("date", kind="stable")
    ref = reference[["date", "rate_percent"]].rename(columns={"rate_percent": "official_rate"})
    ref = ref.astype({"date": "datetime64[ns]", "official_rate": "float64"}).sort_values("date")
    out = pd.merge_asof(line, ref, on="date", direction="backward")
    out["difference"] = out["rate_percent"] - out["official_rate"]
    # "About 55%" agrees with an official 57%; an exact figure must match to the half point.
    tolerance = np.where(out["approximate"], 5.0, 0.5)
    out["agrees"] = out["difference"].abs() <= tolerance
    return out.reset_index(drop=True)


def normalise_events(table: pd.DataFrame) -> pd.DataFrame:
    """Timeline (merged) or events rows as one row per distinct event with a short label."""
    if table is None or table.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in EVENT_COLUMNS})
    df = table.copy()
    if "record" in df and (df["record"] == "event").any():
        # The merged timeline also holds tariff figures; those are drawn as lines instead.
        df = df[df["record"] == "event"]
    rows = []
    for rec in df.to_dict("records"):
        date, precision = parse_partial_date(rec.get("date"))
        if pd.isna(date):
            continue
        end, _ = parse_partial_date(rec.get("date_end"))
        sources = rec.get("sources")
        if not isinstance(sources, (list, tuple, np.ndarray, set, frozenset)):
            sources = None  # absent, or NaN where only some rows list their sources
        rows.append(
            {
                "kind": _text(rec.get("kind")) or "other",
                "date": date,
                "precision": precision,
                "date_end": end,
                "place": _text(rec.get("place")),
                "description": _text(rec.get("description")),
                # Unmerged events: one article, one source; duplicates are merged below.
                "n_sources": int(float(_text(rec.get("n_sources")) or 1)),
                "is_background": _flag(rec.get("is_background")),
                "sources": None if sources is None else frozenset(map(str, list(sources))),
            }
        )
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in EVENT_COLUMNS})
    merged = [_merge_cluster(c) for c in _event_clusters(rows)]
    ev = pd.DataFrame(merged)
    ev["label"] = [
        _event_label(k, p, d)
        for k, p, d in zip(ev["kind"], ev["place"], ev["description"], strict=True)
    ]
    ev = ev.sort_values(["date", "kind", "place"], kind="stable").reset_index(drop=True)
    return ev[EVENT_COLUMNS]


def _event_clusters(rows: list[dict]) -> list[list[dict]]:
    """Rows that report one event: same kind and date (same day or adjacent days for day-precise
    dates) and no conflicting place."""
    order = sorted(rows, key=lambda r: (r["kind"], r["precision"], r["date"], r["place"]))
    clusters: list[list[dict]] = []
    for row in order:
        last = clusters[-1] if clusters else None
        if last is not None and _same_event(last, row):
            last.append(row)
        else:
            clusters.append([row])
    return clusters


def _same_event(cluster: list[dict], row: dict) -> bool:
    """Whether `row` continues `cluster` (rows sorted by kind, precision, date)."""
    first = cluster[0]
    if (row["kind"], row["precision"]) != (first["kind"], first["precision"]):
        return False
    places = {r["place"] for r in cluster if r["place"]}
    if row["place"] and places and row["place"] not in places:
        return False
    if row["precision"] != "day":
        return row["date"] == first["date"] and all(
            _same_ts(row["date_end"], r["date_end"]) for r in cluster
        )
    # "This weekend", "Sunday" and "Monday" in different articles are one round of talks. Only
    # short spans reach on, so a truce running to 12 Aug does not swallow the 12 Aug extension.
    reach = max(_end_or_date(r) if _is_short(r) else r["date"] for r in cluster)
    return row["date"] <= reach + pd.Timedelta(days=1)


def _is_short(row: dict) -> bool:
    """Whether an event lasts a few days at most (a round of talks, not a truce)."""
    return _end_or_date(row) - row["date"] <= pd.Timedelta(days=SHORT_EVENT_DAYS)


def _same_ts(a: pd.Timestamp, b: pd.Timestamp) -> bool:
    return (pd.isna(a) and pd.isna(b)) or (pd.notna(a) and pd.notna(b) and a == b)


def _end_or_date(row: dict) -> pd.Timestamp:
    return row["date_end"] if pd.notna(row["date_end"]) else row["date"]


def _merge_cluster(cluster: list[dict]) -> dict:
    """One event from the rows reporting it: news before background for the label and date."""
    best = min(
        cluster,
        key=lambda r: (
            r["is_background"],
            _is_template(r["kind"], r["description"]),
            -r["n_sources"],
            not r["place"],
            r["date"],
            r["description"],
        ),
    )
    if all(r["sources"] is not None for r in cluster):
        n_sources = len(frozenset().union(*(r["sources"] for r in cluster)))
    else:
        n_sources = sum(r["n_sources"] for r in cluster)
    latest_end = max(_end_or_date(r) for r in cluster)
    return {
        "kind": best["kind"],
        "date": best["date"],
        "precision": best["precision"],
        "date_end": latest_end if latest_end > best["date"] else best["date_end"],
        "place": best["place"] or next((r["place"] for r in cluster if r["place"]), ""),
        "description": best["description"],
        "n_sources": n_sources,
        "is_background": all(r["is_background"] for r in cluster),
    }


def _is_template(kind: str, description: str) -> bool:
    """Whether a description is the old placeholder form 'kind (date words) in place'."""
    return not description or description.startswith(f"{kind} (")


def _event_label(kind: str, place: str, description: str, width: int = LABEL_CHARS) -> str:
    if not _is_template(kind, description):
        text = description
    elif kind == "meeting" and place:
        text = f"talks in {place}"
    else:
        # Places of other kinds come from the sentence, not the event ("truce ... in Stockholm").
        text = kind
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def strip_events(
    events: pd.DataFrame, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None
) -> pd.DataFrame:
    """The events worth a marker above the main figure: day-precise news meetings with a place
    or two sources, deadlines and truces, optionally within [start, end]."""
    if events.empty:
        return events
    ev = events[
        events["kind"].isin(MARKER_KINDS)
        & (events["precision"] == "day")
        & ~events["is_background"].astype(bool)
    ]
    meeting = ev["kind"] == "meeting"
    ev = ev[~meeting | (ev["place"].astype(str) != "") | (ev["n_sources"] >= 2)]
    if start is not None:
        ev = ev[ev["date"] >= start]
    if end is not None:
        ev = ev[ev["date"] <= end]
    return ev


def actor_mentions(
    entities: pd.DataFrame,
    articles: pd.DataFrame,
    top: int = 6,
    labels: Sequence[str] = ("PERSON",),
    freq: str = "MS",
) -> pd.DataFrame:
    """Articles mentioning each of the `top` most-mentioned actors, per period of publication."""
    ents = entities[entities["label"].isin(list(labels))]
    ents = ents[ents["canonical"].notna() & (ents["canonical"].astype(str).str.len() > 0)]
    pub = articles[["article_id", "published"]].copy()
    pub["published"] = pd.to_datetime(pub["published"], errors="coerce")
    pairs = ents[["article_id", "canonical"]].drop_duplicates().merge(pub, on="article_id")
    pairs = pairs.dropna(subset=["published"])
    if pairs.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
    totals = pairs.groupby("canonical").size().reset_index(name="n")
    leaders = totals.sort_values(["n", "canonical"], ascending=[False, True])["canonical"]
    leaders = list(leaders.head(top))
    pairs = pairs[pairs["canonical"].isin(leaders)]
    pairs["period"] = pairs["published"].dt.to_period(_period_code(freq)).dt.start_time
    wide = pairs.pivot_table(
        index="period", columns="canonical", values="article_id", aggfunc="nunique", fill_value=0
    )
    full = pd.date_range(wide.index.min(), wide.index.max(), freq=freq, name="period")
    wide = wide.reindex(full, fill_value=0)[leaders].astype("int64")
    wide.columns.name = "actor"
    return wide


def _period_code(freq: str) -> str:
    return {"MS": "M", "W-MON": "W-SUN", "D": "D"}.get(freq, "M")


def source_line(
    n_articles: int,
    reference: pd.DataFrame | None = None,
    reference_name: str = "official_tariffs.csv",
    reference_events: pd.DataFrame | None = None,
) -> str:
    """The one-line attribution printed under every figure."""
    text = f"Source: {n_articles} articles, tariff-timeline extraction"
    if reference is not None and not reference.empty:
        titles = sorted({_text(t) for t in reference.get("source_title", []) if _text(t)})
        text += (
            f"; reference: {reference_name} ({len(reference)} official rate changes, "
            f"{len(titles)} official source{'s' if len(titles) != 1 else ''})"
        )
    if reference_events is not None and not reference_events.empty:
        n = len(_spans(_reference_spans(reference_events)))
        if n:
            text += f"; truce spans: official_events.csv ({n})"
    return text


# --------------------------------------------------------------------------------------------
# Label placement


@dataclass(frozen=True)
class LabelBox:
    """A label's horizontal extent (inches), the x of its marker and its level (0 = lowest)."""

    left: float
    right: float
    anchor: float
    level: int


def _clashes(box: LabelBox, placed: Sequence[LabelBox], gap: float) -> bool:
    def hits(lo: float, hi: float, a: float, b: float) -> bool:
        return lo < b + gap and a < hi + gap

    for other in placed:
        if other.level == box.level and hits(box.left, box.right, other.left, other.right):
            return True  # two labels on one level
        if other.level < box.level and hits(box.anchor, box.anchor, other.left, other.right):
            return True  # my leader line would cross a lower label
        if box.level < other.level and hits(box.left, box.right, other.anchor, other.anchor):
            return True  # a higher label's leader line would cross me
    return False


def _stagger_once(
    anchors: Sequence[float],
    widths: Sequence[float],
    bounds: tuple[float, float],
    order: Sequence[int],
    sides: Sequence[str],
    gap: float,
    max_levels: int,
) -> list[LabelBox | None]:
    placed: list[LabelBox] = []
    result: list[LabelBox | None] = [None] * len(anchors)
    for i in order:
        # Every level on the preferred side before the other side: that keeps the staircase.
        for side in sides:
            for level in range(max_levels):
                x, w = anchors[i], widths[i]
                box = (
                    LabelBox(x, x + w, x, level)
                    if side == "right"
                    else LabelBox(x - w, x, x, level)
                )
                if box.left < bounds[0] or box.right > bounds[1] or _clashes(box, placed, gap):
                    continue
                result[i] = box
                placed.append(box)
                break
            if result[i] is not None:
                break
    return result


def stagger_labels(
    anchors: Sequence[float],
    widths: Sequence[float],
    bounds: tuple[float, float],
    gap: float = 0.06,
    max_levels: int = 10,
) -> list[LabelBox | None]:
    """Place labels in levels above their markers so no box or leader line overlaps another.

    Each label hangs right or left of its marker's x (`anchors`) and sits on a level; its leader
    line runs from the marker (below level 0) to its level, occupying the anchor column on
    every level beneath. Greedy placement at the lowest free level, tried right to left and
    left to right with either side preferred (right to left with right-hanging labels gives
    the staircase in which leader lines cannot cross); the try that drops fewest labels, then
    uses fewest levels, wins. A label with no free place within `max_levels` and `bounds` is
    None (its marker stays, unlabelled).
    """
    n = len(anchors)
    rtl = sorted(range(n), key=lambda i: (-anchors[i], i))
    ltr = sorted(range(n), key=lambda i: (anchors[i], i))
    best: list[LabelBox | None] | None = None
    best_score: tuple[int, int] | None = None
    for order, sides in (
        (rtl, ("right", "left")),
        (ltr, ("left", "right")),
        (rtl, ("left", "right")),
        (ltr, ("right", "left")),
    ):
        boxes = _stagger_once(anchors, widths, bounds, order, sides, gap, max_levels)
        dropped = sum(b is None for b in boxes)
        levels = max((b.level for b in boxes if b is not None), default=-1) + 1
        if best_score is None or (dropped, levels) < best_score:
            best, best_score = boxes, (dropped, levels)
    return best or []


def place_labels(
    anchors: Sequence[float],
    widths: Sequence[float],
    priorities: Sequence[float],
    bounds: tuple[float, float],
    max_levels: int = 12,
) -> list[LabelBox | None]:
    """`stagger_labels`, but when some labels do not fit, the least important give way.

    Labels are dropped one at a time, lowest priority first (among equals, one that did not
    fit), until every remaining label has a place; dropped labels are None.
    """
    keep = list(range(len(anchors)))
    while True:
        boxes = stagger_labels(
            [anchors[i] for i in keep], [widths[i] for i in keep], bounds, max_levels=max_levels
        )
        unplaced = {keep[j] for j, b in enumerate(boxes) if b is None}
        result: list[LabelBox | None] = [None] * len(anchors)
        for i, b in zip(keep, boxes, strict=True):
            result[i] = b
        if not unplaced:
            return result
        lowest = min(priorities[i] for i in keep)
        weakest = [i for i in keep if priorities[i] == lowest]
        keep.remove(next((i for i in weakest if i in unplaced), weakest[0]))


def boxes_overlap(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    """Whether two (x0, y0, x1, y1) boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --------------------------------------------------------------------------------------------
# Figures

FIG_WIDTH = 11.0  # inches
LEFT, RIGHT = 0.75, 0.35  # margins, inches
TITLE_H, STRIP_PAD, MAIN_H, SOURCE_H = 0.75, 0.15, 3.6, 0.3
LEGEND_PAD, LEGEND_ROW = 0.5, 0.2  # inches: tick labels above the legend, one legend row
LEVEL_PT, BASE_PT, MARKER_PT = 12.0, 16.0, 7.0


def _label_text(rows: pd.DataFrame) -> str:
    date = rows["date"].iloc[0]
    # The best-sourced event of the day speaks for it; a second label would crowd the strip.
    return f"{date.day} {date:%b}: {rows['label'].iloc[0]}"


def _label_candidates(
    events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, max_labels: int
) -> pd.DataFrame:
    """Strip events in the window, one label per date, best-sourced first."""
    pts = strip_events(events, start, end)
    if pts.empty:
        return pd.DataFrame(columns=["date", "text", "n_sources"])
    # One label per date keeps a meeting and its same-day deadline from stacking on one anchor.
    per_day = [
        {
            "date": d,
            "text": _label_text(g.sort_values(["n_sources", "kind"], ascending=[False, True])),
            "n_sources": int(g["n_sources"].sum()),
        }
        for d, g in pts.groupby("date", sort=True)
    ]
    labels = pd.DataFrame(per_day)
    labels = labels.sort_values(["n_sources", "date"], ascending=[False, True], kind="stable")
    return labels.head(max_labels).sort_values("date").reset_index(drop=True)


def default_window(
    series: Iterable[pd.DataFrame],
    events: pd.DataFrame,
    published: Iterable[object] = (),
    pad_days: int = WINDOW_PAD_DAYS,
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The date range the evidence supports: first plotted date near the articles to a little
    after the latest publication (without publication dates: all plotted dates)."""
    drawn = [
        d
        for s in series
        for d in s.loc[s["plotted_as"].isin(["line", *THREAT_MARKS]), "date"].dropna()
    ]
    drawn += list(strip_events(events)["date"].dropna()) if not events.empty else []
    pub = sorted(pd.Timestamp(p) for p in pd.to_datetime(list(published), errors="coerce"))
    pub = [p for p in pub if pd.notna(p)]
    if not pub:
        lo = min(drawn) if drawn else pd.Timestamp("2025-01-01")
        hi = max(drawn) if drawn else lo + pd.Timedelta(days=365)
        # A little room after the last date so the final level of each step line shows.
        return pd.Timestamp(lo), pd.Timestamp(hi) + pd.Timedelta(days=21)
    hi = pub[-1] + pd.Timedelta(days=pad_days)
    # A figure from years before the first article ("since 2019") would stretch the axis.
    near = [d for d in drawn if pub[0] - pd.Timedelta(days=LEAD_DAYS) <= d <= hi]
    lo = min([*near, pub[0]]) - pd.Timedelta(days=14)
    return pd.Timestamp(lo), pd.Timestamp(hi)


def figure_window(
    series: Iterable[pd.DataFrame],
    events: pd.DataFrame,
    published: Iterable[object] = (),
    start: str | None = None,
    end: str | None = None,
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The main figure's date range: `start`/`end` where given, else `default_window`'s."""
    lo, hi = default_window(series, events, published)
    return (pd.Timestamp(start) if start else lo, pd.Timestamp(end) if end else hi)


def _when(date: pd.Timestamp, precision: str = "day") -> str:
    return f"{date:%b %Y}" if precision == "month" else f"{date.day} {date:%b %Y}"


def later_notes(
    series: dict[tuple[str, str], pd.DataFrame],
    events: pd.DataFrame,
    end: pd.Timestamp,
    reference_events: pd.DataFrame | None = None,
    max_notes: int = 5,
) -> list[str]:
    """'→ date: what' notes for dated items beyond the right edge, earliest first."""
    notes: list[tuple[pd.Timestamp, str]] = []
    if not events.empty:
        ahead = events[
            events["kind"].isin(MARKER_KINDS)
            & events["precision"].isin(["day", "month"])
            & ~events["is_background"].astype(bool)
            & (events["date"] > end)
        ]
        notes += [
            (r["date"], f"{_when(r['date'], r['precision'])}: {r['label']}")
            for r in ahead.to_dict("records")
        ]
        spans = _spans(events[~events["is_background"].astype(bool)])
        notes += [
            (r["date_end"], f"{_when(r['date_end'])}: end of {r['label']}")
            for r in spans.to_dict("records")
            if r["date"] <= end < r["date_end"]
        ]
    if reference_events is not None and not reference_events.empty:
        ref = _spans(_reference_spans(reference_events))
        notes += [
            (r["date_end"], f"{_when(r['date_end'])}: truce ends (record)")
            for r in ref.to_dict("records")
            if r["date"] <= end < r["date_end"]
        ]
    for pair, table in series.items():
        name, _ = PAIR_STYLE.get(pair, (f"{pair[0]} on {pair[1]}", ""))
        later = table[table["plotted_as"].isin(["line", *THREAT_MARKS]) & (table["date"] > end)]
        notes += [
            (
                r["date"],
                f"{_when(r['date'])}: {name} {r['rate_percent']:g}%"
                + (" threatened" if r["plotted_as"] in THREAT_MARKS else ""),
            )
            for r in later.to_dict("records")
        ]
    texts = dict.fromkeys(text for _, text in sorted(notes))
    return [f"→ {text}" for text in list(texts)[:max_notes]]


def _spans(events: pd.DataFrame) -> pd.DataFrame:
    """Truce/pause rows with an end date after their start."""
    if events.empty:
        return events
    sel = events[events["kind"].isin(SPAN_KINDS) & events["date_end"].notna()]
    return sel[sel["date_end"] > sel["date"]]


def _reference_spans(reference_events: pd.DataFrame) -> pd.DataFrame:
    """Official truce/pause spans (official_events.csv) with parsed dates."""
    ref = reference_events.copy()
    ref["date"] = pd.to_datetime(ref["date"], errors="coerce")
    ref["date_end"] = pd.to_datetime(ref["date_end"], errors="coerce")
    ref = ref.dropna(subset=["date"])
    return ref.sort_values("date", kind="stable")


def _key(marker: str, label: str, **style: object) -> Line2D:
    """A legend entry showing one marker without a line."""
    return Line2D([], [], ls="", marker=marker, label=label, **style)


def plot_tariff_timeline(
    series: dict[tuple[str, str], pd.DataFrame],
    events: pd.DataFrame,
    reference: dict[tuple[str, str], pd.DataFrame] | None = None,
    *,
    source: str = "",
    title: str | None = None,
    start: str | None = None,
    end: str | None = None,
    max_labels: int = 14,
    published: Iterable[object] = (),
    reference_events: pd.DataFrame | None = None,
) -> Figure:
    """The main figure: news-derived tariff step lines, reference lines, events and truces."""
    reference = reference or {}
    x0, x1 = figure_window(series.values(), events, published, start, end)
    fig = Figure(figsize=(FIG_WIDTH, 6.0), dpi=DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()

    # Label widths in inches do not depend on the figure height, so the levels (and from them
    # the height of the event strip) can be settled before any axes exist.
    labels = _label_candidates(events, x0, x1, max_labels)
    axes_w = FIG_WIDTH - LEFT - RIGHT
    span_days = (x1 - x0) / pd.Timedelta(days=1)
    anchors, widths = [], []
    for rec in labels.to_dict("records"):
        probe = fig.text(0, 0, rec["text"], fontsize=LABEL_FONTSIZE)
        # Text width plus the 2-point offset from the leader line.
        widths.append(probe.get_window_extent(renderer).width / fig.dpi + 2 / 72)
        probe.remove()
        anchors.append(LEFT + axes_w * ((rec["date"] - x0) / pd.Timedelta(days=1)) / span_days)
    boxes = place_labels(anchors, widths, list(labels["n_sources"]), (0.05, FIG_WIDTH - 0.05))
    n_levels = max((b.level for b in boxes if b is not None), default=-1) + 1
    strip_pt = BASE_PT + LEVEL_PT * max(n_levels, 1) + 2
    strip_h = strip_pt / 72

    # Positions are set at the end, once the legend (and so the figure height) is known.
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.5))
    strip = fig.add_axes((0.1, 0.7, 0.8, 0.2), sharex=ax)
    strip.set_ylim(0, strip_pt)  # strip y units are points, so label rows are font-sized
    strip.axis("off")

    handles: list = []
    # Truces and pauses the articles date with a start and an end: shaded in the plot and, as a
    # band along the marker row only, in the strip (shading the labels would muddy them).
    spans = _spans(events[~events["is_background"].astype(bool)]) if not events.empty else events
    for rec in spans.to_dict("records"):
        span = (rec["date"], min(rec["date_end"], x1))
        ax.axvspan(*span, color=OKABE_ITO["sky_blue"], alpha=0.18, lw=0, zorder=0)
        strip.fill_between(
            span, 0, 2 * MARKER_PT, color=OKABE_ITO["sky_blue"], alpha=0.3, lw=0, zorder=0
        )
    if not spans.empty:
        handles.append(Patch(color=OKABE_ITO["sky_blue"], alpha=0.3, label="truce / pause (news)"))
    # The official truce spans as a lighter hatched band: the record, kept apart from the news.
    record_spans = (
        _spans(_reference_spans(reference_events))
        if reference_events is not None and not reference_events.empty
        else pd.DataFrame()
    )
    for rec in record_spans.to_dict("records"):
        band = ax.axvspan(
            rec["date"],
            min(rec["date_end"], x1),
            facecolor="none",
            edgecolor=OKABE_ITO["sky_blue"],
            hatch="///",
            lw=0,
            alpha=0.5,
            zorder=0,
        )
        band.set_hatch_linewidth(0.5)  # a faint texture under the lines, not a second fill
    if not record_spans.empty:
        handles.append(
            Patch(
                facecolor="none",
                edgecolor=OKABE_ITO["sky_blue"],
                hatch="///",
                lw=0,
                alpha=0.5,
                label="truce / pause (official record)",
            )
        )

    ymax = 10.0
    disputed = False
    extra_notes: dict[tuple[pd.Timestamp, float], tuple[int, str]] = {}
    for pair, table in series.items():
        name, colour = PAIR_STYLE.get(pair, (f"{pair[0]} on {pair[1]}", OKABE_ITO["black"]))
        line = table[(table["plotted_as"] == "line") & (table["date"] <= x1)].sort_values("date")
        if not line.empty:
            xs = list(line["date"]) + [x1]
            ys = list(line["rate_percent"]) + [line["rate_percent"].iloc[-1]]
            ax.step(xs, ys, where="post", color=colour, lw=2.0, zorder=3)
            exact = line[~line["approximate"]]
            approx = line[line["approximate"]]
            ax.plot(exact["date"], exact["rate_percent"], "o", color=colour, ms=5, zorder=4)
            ax.plot(
                approx["date"],
                approx["rate_percent"],
                "o",
                color=colour,
                mfc="white",
                mec=colour,
                mew=1.5,
                ms=6,
                zorder=4,
            )
            handles.append(
                Line2D([], [], color=colour, lw=2, marker="o", ms=5, label=f"{name} (news)")
            )
            ymax = max(ymax, float(line["rate_percent"].max()))
        outvoted = table[
            (
                (table["plotted_as"] == "not plotted: outvoted on date")
                | table["plotted_as"].str.startswith("not plotted: earlier level, line shows")
            )
            & (table["date"] <= x1)
        ]
        if not outvoted.empty:
            disputed = True
            ax.plot(
                outvoted["date"],
                outvoted["rate_percent"],
                "_",
                color=colour,
                ms=9,
                mew=1.6,
                alpha=0.7,
                zorder=4,
            )
            ymax = max(ymax, float(outvoted["rate_percent"].max()))
        threat = table[table["plotted_as"].isin(THREAT_MARKS) & (table["date"] <= x1)]
        if not threat.empty:
            plain = threat[threat["plotted_as"] == "threatened"]
            ax.plot(
                plain["date"], plain["rate_percent"], "x", color=colour, ms=7, mew=1.8, zorder=4
            )
            ymax = max(ymax, float(threat["rate_percent"].max()))
        for rec in threat[threat["plotted_as"] == EXTRA_THREAT].to_dict("records"):
            key = (rec["date"], rec["rate_percent"])
            # One note per threat even when both pairs carry it; the better-sourced colour wins.
            if key not in extra_notes or rec["n_articles"] > extra_notes[key][0]:
                extra_notes[key] = (rec["n_articles"], colour)
        ref = reference.get(pair)
        if ref is not None and not ref.empty:
            ref = ref[ref["date"] <= x1]
            xs = list(ref["date"]) + [x1]
            ys = list(ref["rate_percent"]) + [ref["rate_percent"].iloc[-1]]
            ax.step(xs, ys, where="post", color=colour, lw=1.0, ls="--", zorder=2)
            handles.append(
                Line2D([], [], color=colour, lw=1.0, ls="--", label=f"{name} (official record)")
            )
            ymax = max(ymax, float(ref["rate_percent"].max()))
    labelled = _one_label_per_threat(extra_notes)
    for (date, rate), (_, colour) in sorted(extra_notes.items()):
        ax.plot([date], [rate], "x", color=colour, ms=7, mew=1.8, zorder=4)
        if (date, rate) not in labelled:
            continue  # the same threat dated otherwise by fewer reports: marker only
        # The marker's height is the extra levy, not a total: say so beside it.
        ax.annotate(
            f"extra {rate:g}% threatened from {date.day} {date:%b}",
            xy=(labelled[(date, rate)], rate),
            xytext=(-6, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=LABEL_FONTSIZE,
            color=colour,
            gid="threat-note",
        )
    shown = pd.concat([t for t in series.values()] or [pd.DataFrame(columns=SERIES_COLUMNS)])
    shown = shown[shown["date"] <= x1]
    black = OKABE_ITO["black"]
    if (shown["approximate"].astype(bool) & (shown["plotted_as"] == "line")).any():
        handles.append(_key("o", 'approximate figure ("about")', mfc="white", mec=black, ms=6))
    if shown["plotted_as"].isin(THREAT_MARKS).any():
        handles.append(_key("x", "threatened, not in force", color=black, ms=7))
    if disputed:
        label = "figure other reports give (outvoted or contradicting)"
        handles.append(_key("_", label, color=black, ms=9, mew=1.6))

    # Strip events: markers on the strip baseline, labels staggered above.
    style = {
        "meeting": ("o", OKABE_ITO["bluish_green"]),
        "deadline": ("D", OKABE_ITO["reddish_purple"]),
        "truce": ("^", OKABE_ITO["orange"]),
    }
    in_window = strip_events(events, x0, x1)
    for kind, (marker, colour) in style.items():
        pts = in_window[in_window["kind"] == kind] if not in_window.empty else in_window
        if pts.empty:
            continue
        strip.plot(
            pts["date"],
            [MARKER_PT] * len(pts),
            marker,
            color=colour,
            ms=5,
            ls="",
            zorder=3,
            clip_on=False,
        )
        for d in pts["date"]:
            ax.axvline(d, color=colour, lw=0.6, alpha=0.35, zorder=1)
        handles.append(_key(marker, kind, color=colour, ms=5))
    for rec, box in zip(labels.to_dict("records"), boxes, strict=True):
        if box is None:
            continue
        y = BASE_PT + LEVEL_PT * box.level
        strip.plot(
            [rec["date"], rec["date"]],
            [MARKER_PT + 3, y + 1],
            color="#777777",
            lw=0.5,
            zorder=2,
            clip_on=False,
        )
        left_hung = box.left < box.anchor
        strip.annotate(
            rec["text"],
            xy=(rec["date"], y),
            xytext=(-2 if left_hung else 2, 0),
            textcoords="offset points",
            ha="right" if left_hung else "left",
            va="bottom",
            fontsize=LABEL_FONTSIZE,
            gid="event-label",
            annotation_clip=False,
        )

    ax.set_xlim(x0, x1)
    ax.set_ylim(0, ymax * 1.12)
    ax.set_ylabel("Tariff rate (%)")
    notes = later_notes(series, events, x1, reference_events)
    if notes:
        # Beyond the right edge: named, not drawn, so a far deadline does not squash the year.
        ax.text(
            0.995,
            0.97,
            "Later:\n" + "\n".join(notes),
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=LABEL_FONTSIZE,
            color="#333333",
            gid="later-note",
            bbox={"facecolor": "white", "edgecolor": "#cccccc", "lw": 0.5, "alpha": 0.9},
            zorder=6,
        )
    locator = mdates.MonthLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)

    ncol = 3
    legend_h = LEGEND_PAD + LEGEND_ROW * -(-len(handles) // ncol)
    height = TITLE_H + strip_h + STRIP_PAD + MAIN_H + legend_h + SOURCE_H
    fig.set_size_inches(FIG_WIDTH, height)

    def rect(bottom_in: float, h_in: float) -> tuple[float, float, float, float]:
        return (LEFT / FIG_WIDTH, bottom_in / height, axes_w / FIG_WIDTH, h_in / height)

    main_bottom = SOURCE_H + legend_h
    ax.set_position(rect(main_bottom, MAIN_H))
    strip.set_position(rect(main_bottom + MAIN_H + STRIP_PAD, strip_h))
    # Below the date tick labels, above the source line.
    fig.legend(
        handles=handles,
        loc="upper left",
        ncol=ncol,
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(LEFT / FIG_WIDTH, (main_bottom - LEGEND_PAD + 0.1) / height),
        borderaxespad=0,
    )
    if title is None:
        # Named for the years shown, so a corpus from another year is not mislabelled.
        years = f"{x0.year}" if x0.year == x1.year else f"{x0.year}–{x1.year}"
        title = f"US–China tariffs in {years}"
    fig.text(LEFT / FIG_WIDTH, 1 - 0.3 / height, title, fontsize=14, weight="bold", va="top")
    fig.text(
        LEFT / FIG_WIDTH,
        1 - 0.58 / height,
        "Tariff rates as stated in news articles (solid) beside the official record (dashed)",
        fontsize=9,
        color="#444444",
        va="top",
    )
    fig.text(LEFT / FIG_WIDTH, 0.1 / height, source, fontsize=7.5, color="#444444")
    return fig


def plot_event_lanes(
    events: pd.DataFrame,
    *,
    source: str = "",
    title: str = "Dated events by kind",
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> Figure:
    """Events in one lane per kind; month-precision events as bars over their month."""
    hidden = 0
    if window is not None and not events.empty:
        # "Since 2019" or a deadline next year would shrink a year of news to a sliver.
        last = events["date_end"].fillna(events["date"])
        inside = (last >= window[0]) & (events["date"] <= window[1])
        hidden, events = int((~inside).sum()), events[inside]
        if hidden:
            source += (
                f"{'; ' if source else ''}{hidden} event{'s' if hidden != 1 else ''} dated "
                f"outside {window[0]:%d %b %Y}–{window[1]:%d %b %Y} not shown"
            )
    kinds = [k for k in LANE_ORDER if k in set(events["kind"])]
    kinds += sorted(set(events["kind"]) - set(kinds))
    fig = Figure(
        figsize=(FIG_WIDTH, 1.4 + 0.55 * max(len(kinds), 1)), dpi=DPI, layout="constrained"
    )
    ax = fig.add_subplot()
    for lane, kind in enumerate(kinds):
        colour = CYCLE[lane % len(CYCLE)]
        rows = events[events["kind"] == kind]
        spans = rows[rows["date_end"].notna() | (rows["precision"] != "day")]
        for rec in spans.to_dict("records"):
            end = rec["date_end"]
            if pd.isna(end):
                end = rec["date"] + (
                    pd.offsets.MonthEnd(0) if rec["precision"] == "month" else pd.offsets.YearEnd(0)
                )
            ax.plot(
                [rec["date"], end],
                [lane, lane],
                color=colour,
                lw=5,
                alpha=0.35,
                solid_capstyle="butt",
            )
        days = rows[rows["precision"] == "day"]
        ax.scatter(
            days["date"],
            [lane] * len(days),
            s=18 + 14 * np.sqrt(days["n_sources"]),
            color=colour,
            marker=MARKERS[lane % len(MARKERS)],
            zorder=3,
            edgecolors="white",
            linewidths=0.5,
        )
    ax.set_yticks(range(len(kinds)), [f"{k} ({int((events['kind'] == k).sum())})" for k in kinds])
    ax.set_ylim(-0.6, len(kinds) - 0.4)
    ax.invert_yaxis()
    if window is not None:
        ax.set_xlim(window[0], window[1])
    locator = mdates.MonthLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#eeeeee", lw=0.6)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.set_title(title, loc="left", fontsize=13, weight="bold")
    fig.get_layout_engine().set(h_pad=0.1)
    fig.supxlabel(source, x=0.01, ha="left", fontsize=7.5, color="#444444")
    return fig


def plot_actor_mentions(
    mentions: pd.DataFrame, *, source: str = "", title: str = "Who the articles talk about"
) -> Figure:
    """Monthly count of articles mentioning each leading actor, one line per actor."""
    fig = Figure(figsize=(FIG_WIDTH, 4.2), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    for i, actor in enumerate(mentions.columns):
        ax.plot(
            mentions.index,
            mentions[actor],
            color=CYCLE[i % len(CYCLE)],
            marker=MARKERS[i % len(MARKERS)],
            ms=4,
            lw=1.6,
            label=actor,
        )
    ax.set_ylabel("Articles mentioning")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of articles
    locator = mdates.MonthLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color="#dddddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    ax.set_title(title, loc="left", fontsize=13, weight="bold")
    fig.supxlabel(source, x=0.01, ha="left", fontsize=7.5, color="#444444")
    return fig


# --------------------------------------------------------------------------------------------
# Output


def render_figure(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes; the same figure always gives the same bytes."""
    buf = io.BytesIO()
    # No creation date and a fixed SVG id salt: bytes depend on content only.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context(RENDER_RC):
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
    return buf.getvalue()


def save_figure(fig: Figure, folder: str | os.PathLike, stem: str) -> list[Path]:
    """Write `stem`.png and `stem`.svg atomically into `folder`; return both paths."""
    return [
        storage.atomic_write_bytes(Path(folder) / f"{stem}.{fmt}", render_figure(fig, fmt))
        for fmt in ("png", "svg")
    ]
