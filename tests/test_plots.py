"""Tests for helpers.plots: the tariff series rules, label placement and reproducible output.

The tables below are hand-built test fixtures with the contract columns, not shipped data.
"""

from __future__ import annotations

import itertools
import random

import matplotlib.dates as mdates
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
    scope: str | None = "overall",
    background: bool = False,
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
        "product_scope": None,
        "scope": scope,
        "is_background": background,
    }


def _status(s: pd.DataFrame) -> dict[tuple[str, float], str]:
    return {(r.date.strftime("%m-%d"), r.rate_percent): r.plotted_as for r in s.itertuples()}


def _line(s: pd.DataFrame) -> list[tuple[str, float]]:
    line = s[s["plotted_as"] == "line"]
    return [
        (d.strftime("%m-%d"), r) for d, r in zip(line["date"], line["rate_percent"], strict=True)
    ]


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4", "a5", "a6"],
            "published": pd.to_datetime(
                ["2025-04-10", "2025-05-13", "2025-09-14", "2025-11-01", "2025-09-20", "2025-07-30"]
            ),
        }
    )


@pytest.fixture
def tariffs() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _tariff("a1", US, CN, 20, "in_force", "2025-03-04"),
            _tariff("a1", US, CN, 145, "raised", "2025-04-10"),
            _tariff("a1", US, CN, 125, "raised", "2025-04-10", scope="component"),
            _tariff("a1", CN, US, 125, "raised", "2025-04-12"),
            _tariff("a2", US, CN, 145, "cut", None, rate_role="from"),
            _tariff("a2", US, CN, 30, "cut", "2025-05-14", rate_role="to"),
            _tariff("a2", CN, US, 10, "cut", "2025-05-14", rate_role="to"),
            _tariff("a3", US, CN, 55, "in_force", None, approximate=True),
            _tariff("a4", US, CN, 100, "threatened", "2025-11-01"),
            _tariff("a4", US, CN, 50, "imposed", "2025-06-01", scope="product"),
            _tariff("a4", None, CN, 34, "imposed", "2025-04-02"),
            _tariff("a4", US, CN, 24, "suspended", "2025-05-14"),
        ]
    )


@pytest.fixture
def events() -> pd.DataFrame:
    rows = [
        ("meeting", "2025-05-10", "2025-05-11", "Geneva", "US–China talks in Geneva", 3),
        ("meeting", "2025-06-09", None, "London", "London talks", 2),
        ("meeting", "2025-07-28", None, "Stockholm", "Stockholm talks", 2),
        ("deadline", "2025-08-12", None, "", "truce expiry", 2),
        ("meeting", "2025-09-14", None, "Madrid", "Madrid talks", 4),
        ("deadline", "2025-09-17", None, "", "TikTok divestment deadline", 2),
        ("meeting", "2025-10-25", None, "Kuala Lumpur", "Kuala Lumpur talks", 2),
        ("meeting", "2025-10-30", None, "Busan", "Trump-Xi summit", 5),
        ("deadline", "2025-11-10", None, "", "tariff truce deadline", 3),
        ("truce", "2025-05-14", "2025-08-12", "", "90-day truce", 3),
        ("truce", "2025-08-12", "2025-11-10", "", "truce extension", 3),
        ("announcement", "2025-04", None, "", "export controls", 1),
        ("meeting", "2026-04", None, "", "Trump visit to Beijing", 2),
        ("deadline", "2026-11-10", None, "", "suspension ends", 1),
    ]
    return pd.DataFrame(
        rows, columns=["kind", "date", "date_end", "place", "description", "n_sources"]
    ).assign(is_background=False)


def test_line_uses_overall_rows_and_keeps_every_fact_with_a_reason(tariffs, articles):
    s = plots.tariff_series(tariffs, US, CN, articles)
    assert _line(s) == [("03-04", 20), ("04-10", 145), ("05-14", 30), ("09-14", 55)]
    # No effective date: dated by the article's publication, and marked approximate.
    row55 = s[s["rate_percent"] == 55].iloc[0]
    assert row55["date_basis"] == "published" and row55["approximate"]
    status = _status(s)
    assert status[("11-01", 100)] == "threatened"
    assert status[("06-01", 50)] == "not plotted: product-specific"
    assert status[("04-10", 125)] == "not plotted: one component"
    assert status[("05-14", 24)] == "not plotted: suspended"
    assert 34 not in set(s["rate_percent"])  # no imposer: not this pair
    assert list(s.columns) == plots.SERIES_COLUMNS
    assert s["date"].is_monotonic_increasing


def test_unspecified_rows_stand_in_only_for_articles_without_an_overall_figure(articles):
    t = pd.DataFrame(
        [
            _tariff("a1", US, CN, 145, "raised", "2025-04-10"),
            _tariff("a1", US, CN, 125, "raised", "2025-04-10", scope="unspecified"),
            _tariff("a3", US, CN, 30, "in_force", None, scope="unspecified"),
            _tariff("a3", US, CN, 15, "imposed", None, scope="product"),
        ]
    )
    status = _status(plots.tariff_series(t, US, CN, articles))
    assert status[("04-10", 145)] == "line"
    assert status[("04-10", 125)] == "not plotted: article states the overall rate"
    # An overall figure for either side counts: a1's unscoped figure for China stays off too.
    china = t.assign(imposer=[US, CN, US, US], target=[CN, US, CN, CN])
    cn_status = _status(plots.tariff_series(china, CN, US, articles))
    assert cn_status == {("04-10", 125): "not plotted: article states the overall rate"}
    assert status[("09-14", 30)] == "line"  # a3 states no overall figure
    assert status[("09-14", 15)] == "not plotted: product-specific"


def test_background_retellings_are_not_steps_on_their_publication_date(articles):
    t = pd.DataFrame(
        [
            _tariff("a1", US, CN, 145, "raised", "2025-04-10"),
            _tariff("a3", US, CN, 30, "cut", None, rate_role="to", background=True),
            _tariff("a5", US, CN, 30, "cut", "2025-05-14", rate_role="to", background=True),
        ]
    )
    status = _status(plots.tariff_series(t, US, CN, articles))
    assert status[("09-14", 30)] == "not plotted: background mention"
    assert status[("05-14", 30)] == "line"  # its effective date still places it


def test_without_a_scope_column_every_row_is_unspecified(articles):
    t = pd.DataFrame([_tariff("a1", US, CN, 145, "raised"), _tariff("a3", US, CN, 30, "cut")])
    t = t.drop(columns="scope").assign(product_scope=["China reaches", None])
    s = plots.tariff_series(t, US, CN, articles)
    # The noisy product_scope text does not take the 145% off the line any more.
    assert _line(s) == [("04-10", 145), ("09-14", 30)]
    assert [plots.row_scope(v) for v in ("Overall", "product", None, "odd")] == [
        "overall",
        "product",
        "unspecified",
        "unspecified",
    ]


def test_from_figures_never_step_and_are_checked_against_the_line(articles):
    t = pd.DataFrame(
        [
            _tariff("a1", US, CN, 145, "raised", "2025-04-10"),
            _tariff("a2", US, CN, 145, "cut", None, rate_role="from"),
            _tariff("a2", US, CN, 30, "cut", "2025-05-14", rate_role="to"),
            _tariff("a3", US, CN, 57, "cut", None, rate_role="from"),
            _tariff("a3", US, CN, 47, "cut", None, rate_role="to"),
            _tariff("a6", US, CN, 145, "cut", None, rate_role="from"),  # the May cut, retold
        ]
    )
    s = plots.tariff_series(t, US, CN, articles)
    assert _line(s) == [("04-10", 145), ("05-14", 30), ("09-14", 47)]
    status = _status(s)
    assert status[("05-13", 145)] == "not plotted: earlier level, confirms the line"
    assert status[("09-14", 57)] == "not plotted: earlier level, line shows 30%"
    assert status[("07-30", 145)] == "not plotted: earlier level, an earlier step"
    # The contradicting "from" is drawn as a dash; the confirming one is not drawn at all.
    fig = plots.plot_tariff_timeline({(US, CN): s}, plots.normalise_events(pd.DataFrame()))
    dashes = [ln for ln in fig.axes[0].lines if ln.get_marker() == "_"]
    assert [list(ln.get_ydata()) for ln in dashes] == [[57.0]]


def test_threats_are_news_markers_at_their_start_date(articles):
    t = pd.DataFrame(
        [
            _tariff("a1", US, CN, 145, "raised", "2025-04-10"),
            _tariff("a6", US, CN, 145, "threatened", None, rate_role="to"),  # "could climb back"
            _tariff("a3", US, CN, 100, "threatened", None),  # no start date in this article
            _tariff("a5", US, CN, 100, "threatened", "2025-11-01"),
            _tariff("a4", US, CN, 200, "threatened", None, background=True),
            _tariff("a2", US, CN, 80, "threatened", None),
            _tariff("a5", US, CN, 60, "cut", None, rate_role="from"),
            _tariff("a4", US, CN, 60, "threatened", None),  # only ever a "from" level before
        ]
    )
    s = plots.tariff_series(t, US, CN, articles)
    status = _status(s)
    assert status[("11-01", 60)] == "not plotted: level reported before"
    assert status[("07-30", 145)] == "not plotted: level reported before"
    # One threat, reported by two articles, marked once at its stated start date.
    threat = s[s["rate_percent"] == 100]
    assert len(threat) == 1 and threat["n_articles"].item() == 2
    assert threat["date"].item() == pd.Timestamp("2025-11-01")
    assert status[("11-01", 200)] == "not plotted: background threat"
    # A threat nobody dates stays at its article's publication date.
    assert status[("05-13", 80)] == "threatened"
    assert _line(s) == [("04-10", 145)]


def test_same_day_conflicts_go_to_the_majority_then_exact_and_are_listed(articles):
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
    status = _status(s)
    assert status[("05-14", 30)] == "line"
    assert s.loc[s["rate_percent"] == 30, "n_articles"].item() == 2
    assert s.loc[s["rate_percent"] == 30, "other_rates"].item() == "35"
    assert status[("05-14", 35)] == "not plotted: outvoted on date"
    assert status[("09-01", 57)] == "line"  # exact beats "about" on a tie
    assert status[("09-01", 55)] == "not plotted: outvoted on date"
    # One exact source is enough for the merged figure not to be approximate.
    assert not s.loc[s["rate_percent"] == 47, "approximate"].item()
    assert s.loc[s["rate_percent"] == 47, "other_rates"].item() == ""


def test_one_articles_change_on_one_date_plots_its_end_point(articles):
    t = pd.DataFrame(
        [
            _tariff("a1", US, CN, 20, "in_force", "2025-03-04"),
            _tariff("a2", US, CN, 54, "raised", "2025-04-09"),
            _tariff("a2", US, CN, 104, "raised", "2025-04-09"),
        ]
    )
    s = plots.tariff_series(t, US, CN, articles)
    assert _line(s) == [("03-04", 20), ("04-09", 104)]
    assert s.loc[s["rate_percent"] == 104, "other_rates"].item() == "54"
    # A cut ends at its lowest figure: "cut ... to 30% and ... to 10%" misread for one side.
    cuts = pd.DataFrame(
        [_tariff("a2", CN, US, 30, "cut", rate_role="to"), _tariff("a2", CN, US, 10, "cut")]
    )
    assert _line(plots.tariff_series(cuts, CN, US, articles)) == [("05-13", 10)]


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


def test_normalise_events_labels_with_descriptions_and_merges_adjacent_days():
    raw = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4", "a5", "a6"],
            "kind": ["meeting", "meeting", "meeting", "deadline", "truce", "meeting"],
            "date": ["2025-09-13", "2025-09-16", "2025-09-15", "2025", "2025-08-12", "2025-06-05"],
            "date_end": ["2025-09-14", None, None, None, None, None],
            "place": ["Madrid", None, "Madrid", None, "Stockholm", None],
            "description": [
                "meeting (this weekend) in Madrid",
                "US–China talks in Madrid",
                "talks resume in Madrid",
                "a very long description that will be cut at forty characters",
                "truce (August 12) in Stockholm",
                "Trump–Xi phone call",
            ],
            "is_background": [False, False, True, False, False, False],
        }
    )
    ev = plots.normalise_events(raw)
    madrid = ev[ev["kind"] == "meeting"].iloc[-1]
    # Three articles, three days, one round of talks: the news description labels it.
    assert (madrid["n_sources"], madrid["label"]) == (3, "US–China talks in Madrid")
    # 13-14 Sep reaches the 15th, which reaches the 16th; the news description's date is kept.
    assert madrid["date"] == pd.Timestamp("2025-09-16") and pd.isna(madrid["date_end"])
    assert madrid["place"] == "Madrid" and not madrid["is_background"]
    # An old template description falls back to the kind (the place is the sentence's).
    assert ev.loc[ev["kind"] == "truce", "label"].item() == "truce"
    deadline = ev[ev["kind"] == "deadline"].iloc[0]
    assert deadline["precision"] == "year" and deadline["label"].endswith("…")
    assert len(deadline["label"]) <= plots.LABEL_CHARS
    assert list(ev.columns) == plots.EVENT_COLUMNS
    # A merged timeline's tariff-figure rows are not events; `sources` counts distinct articles.
    merged = raw.assign(
        record=["event", "event", "event", "tariff", "event", "event"],
        sources=[["a1"], ["a1", "a2"], ["a2"], ["a4"], ["a5"], ["a6"]],
        n_sources=[1, 2, 1, 1, 1, 1],
    )
    ev2 = plots.normalise_events(merged)
    assert list(ev2["kind"]) == ["meeting", "truce", "meeting"]
    assert ev2["n_sources"].iloc[-1] == 2


def test_strip_shows_meaningful_news_events_only():
    ev = plots.normalise_events(
        pd.DataFrame(
            {
                "kind": ["meeting", "meeting", "meeting", "deadline", "truce", "deadline"],
                "date": [
                    "2025-06-05",
                    "2025-06-20",
                    "2025-07-28",
                    "2025-08-12",
                    "2025-08-12",
                    "2025-09",
                ],
                "place": [None, None, "Stockholm", None, None, None],
                "description": ["call", "talks", "Stockholm talks", "expiry", "extension", "x"],
                "n_sources": [1, 2, 1, 1, 1, 3],
                "is_background": [False, False, False, True, False, False],
            }
        )
    )
    strip = plots.strip_events(ev)
    # No place and one source: dropped; background and month-precise dates: dropped.
    assert list(strip["label"]) == ["talks", "Stockholm talks", "extension"]
    assert list(plots.strip_events(ev, end=pd.Timestamp("2025-07-01"))["label"]) == ["talks"]


def test_default_window_follows_the_articles_and_names_later_dates(tariffs, articles, events):
    ev = plots.normalise_events(events)
    series = {(US, CN): plots.tariff_series(tariffs, US, CN, articles)}
    x0, x1 = plots.default_window(series.values(), ev, articles["published"])
    assert x0 == pd.Timestamp("2025-03-04") - pd.Timedelta(days=14)  # first line point
    assert x1 == pd.Timestamp("2025-11-01") + pd.Timedelta(days=plots.WINDOW_PAD_DAYS)
    official = pd.DataFrame({"date": ["2025-11-10"], "date_end": ["2026-11-10"], "kind": ["truce"]})
    notes = plots.later_notes(series, ev, x1, official)
    assert notes == [
        "→ Apr 2026: Trump visit to Beijing",
        "→ 10 Nov 2026: suspension ends",
        "→ 10 Nov 2026: truce ends (record)",
    ]
    # date_from/date_to override either edge.
    lo, hi = plots.figure_window(series.values(), ev, articles["published"], "2025-01-01", "")
    assert (lo, hi) == (pd.Timestamp("2025-01-01"), x1)
    # Without publication dates the window spans what is drawn, as before.
    lo, hi = plots.default_window(series.values(), ev)
    assert lo == pd.Timestamp("2025-03-04") and hi > pd.Timestamp("2026-11-10")


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
    spans = pd.DataFrame(
        {"date": ["2025-05-14", "2025-06-01"], "date_end": ["2025-08-12", None], "kind": "truce"}
    )
    assert plots.source_line(7, reference_events=spans).endswith(
        "; truce spans: official_events.csv (1)"
    )


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
    official = pd.DataFrame(
        {
            "date": ["2025-05-14", "2025-11-10"],
            "date_end": ["2025-08-12", "2026-11-10"],
            "kind": ["truce", "truce"],
        }
    )
    return plots.plot_tariff_timeline(
        series,
        ev,
        ref,
        source=plots.source_line(5),
        published=articles["published"],
        reference_events=official,
    )


def test_event_labels_do_not_overlap_when_rendered(tariffs, articles, events):
    fig = _main_figure(tariffs, articles, events)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    labels = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "event-label"]
    # Every date of a day-precise meeting, deadline or truce in the window gets its label.
    assert len(labels) == 10
    assert labels[0].get_text() == "10 May: US–China talks in Geneva"
    # The axis ends 45 days after the latest article; later dates are named, not drawn.
    main = fig.axes[0]
    x1 = pd.Timestamp("2025-11-01") + pd.Timedelta(days=45)
    assert mdates.num2date(main.get_xlim()[1]).date() == x1.date()
    (note,) = [t for t in main.texts if t.get_gid() == "later-note"]
    assert "→ 10 Nov 2026: suspension ends" in note.get_text()
    # Hatched record truce bands beside the shaded news truces.
    assert sum(bool(p.get_hatch()) for p in main.patches) == 2
    assert sum(not p.get_hatch() for p in main.patches) == 2
    fig_box = fig.bbox
    boxes = [t.get_window_extent(renderer) for t in labels]
    for b in boxes:
        assert fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 and b.y1 <= fig_box.y1
    for a, b in itertools.combinations(boxes, 2):
        assert not plots.boxes_overlap((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1))
    # Every drawn colour in the data panel is from the Okabe-Ito palette.
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


def test_a_threatened_extra_levy_is_marked_once_with_its_start_date(articles):
    t = pd.DataFrame(
        [
            _tariff("a1", US, CN, 30, "in_force", "2025-05-14"),
            _tariff("a3", US, CN, 100, "threatened", None, scope="component"),
            _tariff("a4", US, CN, 100, "threatened", "2025-11-01", scope="component"),
            _tariff("a2", US, CN, 20, "threatened", None, scope="component"),  # never dated
            _tariff(
                "a2", US, CN, 34, "threatened", "2025-08-12", scope="component", rate_role="to"
            ),
            # The same threat wrongly also given to China: still one note on the figure.
            _tariff("a4", CN, US, 100, "threatened", "2025-11-01", scope="component"),
        ]
    )
    series = {pair: plots.tariff_series(t, *pair, articles) for pair in ((US, CN), (CN, US))}
    status = _status(series[(US, CN)])
    assert status[("11-01", 100)] == plots.EXTRA_THREAT
    assert series[(US, CN)].loc[series[(US, CN)]["rate_percent"] == 100, "n_articles"].item() == 2
    assert status[("05-13", 20)].startswith("not plotted: one component")
    assert status[("08-12", 34)] == "not plotted: one component"  # "to 34%": a layer's level
    fig = plots.plot_tariff_timeline(
        series, plots.normalise_events(pd.DataFrame()), published=articles["published"]
    )
    notes = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "threat-note"]
    assert notes == ["extra 100% threatened from 1 Nov"]
    crosses = [ln for ln in fig.axes[0].lines if ln.get_marker() == "x" and len(ln.get_xdata())]
    assert [ln.get_color() for ln in crosses] == [plots.OKABE_ITO["blue"]]  # the US's, 2 sources


def test_place_labels_drops_the_least_sourced_label_when_space_runs_out():
    anchors, widths = [1.0, 1.1, 1.2], [1.0, 1.0, 1.0]
    assert sum(b is None for b in plots.stagger_labels(anchors, widths, (0, 10), max_levels=1)) == 1
    boxes = plots.place_labels(anchors, widths, [5, 1, 5], (0, 10), max_levels=1)
    assert [b is None for b in boxes] == [False, True, False]
    _assert_staggered(boxes)
    boxes = plots.place_labels(anchors, widths, [1, 5, 5], (0, 10), max_levels=1)
    assert [b is None for b in boxes] == [True, False, False]


def test_event_lanes_keep_to_the_window_and_say_what_they_leave_out(events):
    ev = plots.normalise_events(
        pd.concat([events, pd.DataFrame({"kind": ["meeting"], "date": ["2019"]})])
    )
    window = (pd.Timestamp("2025-02-01"), pd.Timestamp("2025-12-15"))
    fig = plots.plot_event_lanes(ev, source="Source: test", window=window)
    ax = fig.axes[0]
    assert [mdates.num2date(x).date() for x in ax.get_xlim()] == [w.date() for w in window]
    # The 2019 meeting, the April 2026 visit and the November 2026 deadline are left out.
    assert fig._supxlabel.get_text() == (
        "Source: test; 3 events dated outside 01 Feb 2025–15 Dec 2025 not shown"
    )
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "meeting (6)"


def test_default_title_names_the_years_shown():
    t = pd.DataFrame([_tariff("a1", US, CN, 25, "imposed", "2019-05-10")])
    arts = pd.DataFrame({"article_id": ["a1"], "published": [pd.Timestamp("2019-05-11").date()]})
    s = plots.tariff_series(t, US, CN, arts)
    none = plots.normalise_events(pd.DataFrame())
    titles = [x.get_text() for x in plots.plot_tariff_timeline({(US, CN): s}, none).texts]
    assert "US–China tariffs in 2019" in titles
    fig = plots.plot_tariff_timeline({(US, CN): s}, none, start="2018-07-01", end="2019-12-31")
    assert "US–China tariffs in 2018–2019" in [x.get_text() for x in fig.texts]


def test_one_threat_dated_two_ways_gets_one_label_left_of_both_markers():
    d1, d2, far = pd.Timestamp("2025-10-17"), pd.Timestamp("2025-11-01"), pd.Timestamp("2026-03-01")
    notes = {(d1, 100.0): (1, "b"), (d2, 100.0): (2, "b"), (far, 100.0): (1, "b")}
    labelled = plots._one_label_per_threat(notes)  # noqa: SLF001
    # The better-sourced date is the label's text, placed at the first marker of the cluster;
    # a threat of the same rate months later is another threat with its own label.
    assert labelled == {(d2, 100.0): d1, (far, 100.0): far}
