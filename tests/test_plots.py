"""Tests for helpers.plots: the tariff series rules, label placement and reproducible output.

The tables below are hand-built test fixtures with the contract columns, not shipped data.
"""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from helpers import plots

US, CN = "United States", "China"


def _tariff(
    article_id: str,
    imposer: str | None,
    target: str | None,
    rate: float,
    action: str,
    effective: str | None = None,
    *,
    approximate: bool = False,
    rate_role: str | None = None,
    product_scope: str | None = None,
) -> dict:
    return {
        "article_id": article_id,
        "imposer": imposer,
        "target": target,
        "rate_percent": rate,
        "approximate": approximate,
        "action": action,
        "effective_date": effective,
        "until_date": None,
        "quote": "",
        "rate_role": rate_role,
        "product_scope": product_scope,
    }


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4", "a5"],
            "published": pd.to_datetime(
                ["2025-04-10", "2025-05-13", "2025-09-14", "2025-11-01", "2025-09-20"]
            ),
        }
    )


@pytest.fixture
def tariffs() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _tariff("a1", US, CN, 20, "in_force", "2025-03-04"),
            _tariff("a1", US, CN, 145, "raised", "2025-04-10"),
            _tariff("a1", CN, US, 125, "raised", "2025-04-12"),
            _tariff("a2", US, CN, 145, "cut", "2025-05-14", rate_role="from"),
            _tariff("a2", US, CN, 30, "cut", "2025-05-14", rate_role="to"),
            _tariff("a2", CN, US, 10, "cut", "2025-05-14", rate_role="to"),
            _tariff("a3", US, CN, 55, "in_force", None, approximate=True),
            _tariff("a4", US, CN, 100, "threatened", "2025-11-01"),
            _tariff("a4", US, CN, 50, "imposed", "2025-06-01", product_scope="steel"),
            _tariff("a4", None, CN, 34, "imposed", "2025-04-02"),
            _tariff("a4", US, CN, 24, "suspended", "2025-05-14"),
        ]
    )


@pytest.fixture
def events() -> pd.DataFrame:
    rows = [
        ("meeting", "2025-05-10", "2025-05-11", "Geneva", "trade talks", 3),
        ("meeting", "2025-06-09", None, "London", "talks", 2),
        ("meeting", "2025-07-28", None, "Stockholm", "talks", 2),
        ("deadline", "2025-08-12", None, "", "truce expiry", 2),
        ("meeting", "2025-09-14", None, "Madrid", "talks", 4),
        ("deadline", "2025-09-17", None, "", "TikTok divestment deadline", 2),
        ("meeting", "2025-10-25", None, "Kuala Lumpur", "talks", 2),
        ("meeting", "2025-10-30", None, "Busan", "Trump-Xi summit", 5),
        ("deadline", "2025-11-10", None, "", "tariff truce deadline", 3),
        ("truce", "2025-05-14", "2025-08-12", "", "90-day truce", 3),
        ("truce", "2025-08-12", "2025-11-10", "", "truce extension", 3),
        ("announcement", "2025-04", None, "", "export controls", 1),
    ]
    return pd.DataFrame(
        rows, columns=["kind", "date", "date_end", "place", "description", "n_sources"]
    )


def test_tariff_series_applies_the_documented_rules(tariffs, articles):
    s = plots.tariff_series(tariffs, US, CN, articles)
    line = s[s["plotted_as"] == "line"]
    assert list(line["rate_percent"]) == [20, 145, 30, 55]
    # No effective date: dated by the article's publication, and marked approximate.
    row55 = line[line["rate_percent"] == 55].iloc[0]
    assert row55["date"] == pd.Timestamp("2025-09-14")
    assert row55["date_basis"] == "published" and row55["approximate"]
    by_reason = dict(zip(s["rate_percent"], s["plotted_as"], strict=True))
    assert by_reason[100] == "threatened"
    assert by_reason[50] == "not plotted: product-specific"
    assert by_reason[24] == "not plotted: suspended"
    assert "not plotted: earlier rate ('from')" in set(s["plotted_as"])
    assert 34 not in set(s["rate_percent"])  # no imposer: not this pair
    assert list(s.columns) == plots.SERIES_COLUMNS
    assert s["date"].is_monotonic_increasing


def test_same_day_conflicts_go_to_the_majority_then_exact(articles):
    t = pd.DataFrame(
        [
            _tariff("a1", US, CN, 30, "cut", "2025-05-14"),
            _tariff("a2", US, CN, 30, "cut", "2025-05-14"),
            _tariff("a3", US, CN, 35, "cut", "2025-05-14"),
            _tariff("a1", US, CN, 55, "in_force", "2025-09-01", approximate=True),
            _tariff("a2", US, CN, 57, "in_force", "2025-09-01"),
            _tariff("a4", US, CN, 47, "cut", "2025-11-10", approximate=True),
            _tariff("a5", US, CN, 47, "cut", "2025-11-10"),
        ]
    )
    s = plots.tariff_series(t, US, CN, articles)
    status = {(r.date.strftime("%m-%d"), r.rate_percent): r.plotted_as for r in s.itertuples()}
    assert status[("05-14", 30)] == "line"
    assert s.loc[s["rate_percent"] == 30, "n_articles"].item() == 2
    assert status[("05-14", 35)] == "not plotted: outvoted on date"
    assert status[("09-01", 57)] == "line"  # exact beats "about" on a tie
    assert status[("09-01", 55)] == "not plotted: outvoted on date"
    # One exact source is enough for the merged figure not to be approximate.
    assert not s.loc[s["rate_percent"] == 47, "approximate"].item()


def test_tariff_series_empty_and_month_dates(articles):
    empty = plots.tariff_series(pd.DataFrame([_tariff("a1", CN, US, 10, "cut")]), US, CN)
    assert empty.empty and list(empty.columns) == plots.SERIES_COLUMNS
    s = plots.tariff_series(
        pd.DataFrame(
            [_tariff("a1", US, CN, 10, "imposed", "2025-02"), _tariff("a9", US, CN, 20, "imposed")]
        ),
        US,
        CN,
        articles,
    )
    assert s.iloc[0]["date"] == pd.Timestamp("2025-02-01")
    assert s.iloc[0]["date_basis"] == "effective (month)"
    # Article a9 is unknown, so the figure has no date and stays off the line.
    assert s.iloc[1]["plotted_as"] == "not plotted: no date"


def test_normalise_events_merges_unmerged_events_and_labels():
    raw = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3"],
            "kind": ["meeting", "meeting", "deadline"],
            "date": ["2025-09-14", "2025-09-14", "2025"],
            "place": ["Madrid", "Madrid", None],
            "description": ["talks", "talks", "a very long description that will be cut"],
        }
    )
    ev = plots.normalise_events(raw)
    assert len(ev) == 2
    madrid = ev[ev["kind"] == "meeting"].iloc[0]
    assert madrid["n_sources"] == 2 and madrid["label"] == "Madrid talks"
    deadline = ev[ev["kind"] == "deadline"].iloc[0]
    assert deadline["precision"] == "year" and deadline["label"].endswith("…")
    assert len(deadline["label"]) <= 26
    # A merged timeline's tariff-figure rows are not events.
    merged = raw.assign(record=["event", "tariff", "event"], n_sources=[2, 1, 1])
    assert list(plots.normalise_events(merged)["kind"]) == ["deadline", "meeting"]


def test_reference_series_and_missing_reference(tmp_path):
    official = pd.DataFrame(
        {
            "date": ["2025-04-09", "2025-02-04", "2025-02-04"],
            "imposer": [US, US, CN],
            "target": [CN, CN, US],
            "rate_percent": [145, 10, 15],
            "measure": ["a", "b", "c"],
            "note": "",
            "source_title": "t",
            "source_url": "u",
        }
    )
    ref = plots.reference_series(official, US, CN)
    assert list(ref["rate_percent"]) == [10, 145]
    tariffs, events = plots.load_reference(tmp_path)
    assert tariffs.empty and list(tariffs.columns) == plots.REFERENCE_COLUMNS
    assert events.empty and list(events.columns) == plots.REFERENCE_EVENT_COLUMNS
    official.to_csv(tmp_path / "official_tariffs.csv", index=False)
    loaded, _ = plots.load_reference(tmp_path)
    assert loaded["rate_percent"].dtype.kind == "f" and len(loaded) == 3
    assert "3 official rate changes, 1 official source)" in plots.source_line(7, loaded)
    assert plots.source_line(7).startswith("Source: 7 articles, tariff-timeline extraction")


def test_actor_mentions_counts_articles_per_month():
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "published": ["2025-01-05", "2025-01-20", "2025-03-02", "2025-03-03"],
        }
    )
    entities = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "c", "d", "d", "a"],
            "label": ["PERSON"] * 6 + ["GPE"],
            "canonical": [
                "Donald Trump",
                "Donald Trump",
                "Xi Jinping",
                "Donald Trump",
                "Scott Bessent",
                "Donald Trump",
                "China",
            ],
        }
    )
    m = plots.actor_mentions(entities, articles, top=2)
    # Trump in 3 articles; Bessent and Xi in 1 each, the tie broken by name.
    assert list(m.columns) == ["Donald Trump", "Scott Bessent"]
    assert list(m.index.strftime("%Y-%m")) == ["2025-01", "2025-02", "2025-03"]
    # Two mentions in article a count once; February has no articles and shows zeros.
    assert list(m["Donald Trump"]) == [1, 0, 2]
    assert list(m["Scott Bessent"]) == [0, 0, 1]


def _assert_staggered(boxes: list[plots.LabelBox | None], gap: float = 0.0) -> None:
    placed = [b for b in boxes if b is not None]
    for a, b in itertools.combinations(placed, 2):
        if a.level == b.level:
            assert a.right <= b.left or b.right <= a.left, (a, b)
        low, high = (a, b) if a.level < b.level else (b, a)
        if low.level < high.level:
            # The higher label's leader line passes every lower level at its anchor.
            assert not (low.left < high.anchor < low.right), (low, high)


def test_stagger_labels_builds_a_staircase_for_a_cluster():
    boxes = plots.stagger_labels([1.0, 1.1, 1.2], [1.0, 1.0, 1.0], (0, 10))
    assert [b.level for b in boxes] == [2, 1, 0]
    _assert_staggered(boxes)


def test_stagger_labels_random_clusters_never_overlap():
    rng = random.Random(6)
    for _ in range(200):
        n = rng.randint(1, 14)
        anchors = [rng.uniform(0.5, 10.5) for _ in range(n)]
        widths = [rng.uniform(0.4, 2.0) for _ in range(n)]
        boxes = plots.stagger_labels(anchors, widths, (0.0, 11.0))
        _assert_staggered(boxes)
        for b, x, w in zip(boxes, anchors, widths, strict=True):
            if b is not None:
                assert b.anchor == x and b.right - b.left == pytest.approx(w)
                assert 0.0 <= b.left and b.right <= 11.0


def _main_figure(tariffs, articles, events):
    ev = plots.normalise_events(events)
    series = {
        (US, CN): plots.tariff_series(tariffs, US, CN, articles),
        (CN, US): plots.tariff_series(tariffs, CN, US, articles),
    }
    ref = {
        (US, CN): pd.DataFrame(
            {"date": pd.to_datetime(["2025-02-04", "2025-04-09"]), "rate_percent": [10.0, 145.0]}
        )
    }
    return plots.plot_tariff_timeline(
        series, ev, ref, source=plots.source_line(5), start="2025-01-01"
    )


def test_event_labels_do_not_overlap_when_rendered(tariffs, articles, events):
    fig = _main_figure(tariffs, articles, events)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    labels = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "event-label"]
    assert len(labels) == 9  # every day-precise meeting and deadline date gets its label
    fig_box = fig.bbox
    boxes = [t.get_window_extent(renderer) for t in labels]
    for b in boxes:
        assert fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 and b.y1 <= fig_box.y1
    for a, b in itertools.combinations(boxes, 2):
        assert not plots.boxes_overlap((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1))
    # Every drawn colour in the data panel is from the Okabe-Ito palette.
    main = fig.axes[0]
    palette = {c.lower() for c in plots.OKABE_ITO.values()}
    assert {str(line.get_color()).lower() for line in main.lines} <= palette


def test_two_renders_give_identical_bytes(tariffs, articles, events):
    first = _main_figure(tariffs, articles, events)
    second = _main_figure(tariffs, articles, events)
    svg1, svg2 = plots.render_figure(first, "svg"), plots.render_figure(second, "svg")
    assert svg1 == svg2
    assert b"<dc:date>" not in svg1
    assert plots.render_figure(first, "png") == plots.render_figure(second, "png")


def test_save_figure_writes_png_and_svg(tmp_path, events):
    ev = plots.normalise_events(events)
    written = plots.save_figure(
        plots.plot_event_lanes(ev, source="Source: test"), tmp_path, "event-lanes"
    )
    assert [p.name for p in written] == ["event-lanes.png", "event-lanes.svg"]
    assert written[0].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in written[1].read_bytes()[:500]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event-lanes.png", "event-lanes.svg"]


def test_compare_with_reference_uses_the_rate_in_force(tariffs, articles):
    series = plots.tariff_series(tariffs, US, CN, articles)
    official = pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2025-02-04", "2025-03-04", "2025-04-10", "2025-05-14", "2025-11-10"]
            ),
            "rate_percent": [10.0, 20.0, 145.0, 30.0, 20.0],
        }
    )
    cmp = plots.compare_with_reference(series, official)
    assert list(cmp["rate_percent"]) == [20, 145, 30, 55]
    assert list(cmp["official_rate"]) == [20, 145, 30, 30]  # the 2025-11-10 cut is later
    assert list(cmp["agrees"]) == [True, True, True, False]
    none = plots.compare_with_reference(series, official.iloc[0:0])
    assert none["official_rate"].isna().all() and not none["agrees"].any()
