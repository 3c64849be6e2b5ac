"""Link vaguely dated mentions of well-known trade events to the public calendar.

Articles often date an event only by its month or week ("a truce agreed over dinner in Buenos
Aires in December", "the round in Shanghai in late July", "the 125% rate that took effect last
week"). An analyst who knows the record reads those as the event's actual day. The calendar
`data/reference/trade_events.csv` (compiled from the public record, one row per meeting, tariff
step, truce, announcement or deadline; see `trade_events.md`) supplies that knowledge.

A mention is linked only when the calendar holds an event of a compatible kind inside the
mention's own period and the sentence agrees with it (its place, a keyword, a rate, a party);
when the best-agreeing candidates fall on different days the mention keeps its period.
"""

from __future__ import annotations

import calendar as _calendar
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers import config

CALENDAR_PATH = config.REFERENCE_DIR / "trade_events.csv"
RULE = "calendar_event"

# The calendar kinds an extracted event of each kind may be: a truce is agreed at a meeting
# ("agreed a ceasefire over dinner in Buenos Aires") or signed as a deal (an announcement).
COMPATIBLE: dict[str, frozenset[str]] = {
    "meeting": frozenset({"meeting"}),
    "truce": frozenset({"truce", "meeting", "announcement"}),
    "announcement": frozenset({"announcement", "truce", "meeting"}),
    "tariff": frozenset({"tariff", "deadline"}),
    "deadline": frozenset({"deadline", "tariff"}),
}
NEAR = 50  # characters either side of the date words in which a keyword ties
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b)", re.I)


@dataclass(frozen=True)
class KnownEvent:
    """One row of the calendar."""

    event_id: str
    kind: str
    start: str
    end: str | None
    place: str | None
    imposer: str | None
    target: str | None
    rates: frozenset[float]
    keywords: tuple[str, ...]


@lru_cache(maxsize=4)
def load_calendar(path: str | Path = CALENDAR_PATH) -> tuple[KnownEvent, ...]:
    """The calendar's rows; an absent file gives none (linking is then a no-op)."""
    path = Path(path)
    if not path.exists():
        return ()
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rates = frozenset(float(r) for r in (row.get("rates") or "").split(";") if r.strip())
            keywords = tuple(
                k.strip().lower() for k in (row.get("keywords") or "").split(";") if k.strip()
            )
            out.append(
                KnownEvent(
                    row["event_id"], row["kind"], row["start"], row.get("end") or None,
                    row.get("place") or None, row.get("imposer") or None,
                    row.get("target") or None, rates, keywords,
                )
            )  # fmt: skip
    return tuple(out)


def period_bounds(iso: str, iso_end: str | None) -> tuple[str, str] | None:
    """First and last day of a month ('2025-05') or of a day span; None for a year."""
    if len(iso) == 7:
        y, m = int(iso[:4]), int(iso[5:])
        return f"{iso}-01", f"{iso}-{_calendar.monthrange(y, m)[1]:02d}"
    if len(iso) == 10:
        return iso, iso_end or iso
    return None


def sentence_rates(sentence: str) -> frozenset[float]:
    """The percentages a sentence states."""
    return frozenset(float(m.group(1)) for m in _RATE.finditer(sentence))


def _has_word(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def agreement(
    ke: KnownEvent, sentence: str, places: set[str], parties: set[str], rates: frozenset[float],
    near: str = "",
) -> tuple[int, int]:
    """(strong, weak) ties between a sentence and a calendar event: its place anywhere in the
    sentence, a keyword `near` the date words, and shared rates are strong; a party is weak
    (nearly every sentence of a US–China article names one of the two)."""
    strong = 0
    if ke.place and (ke.place in places or _has_word(sentence.lower(), ke.place.lower())):
        strong += 2  # a venue is the strongest tie: few events share a month and a city
    strong += any(_has_word(near.lower(), k) for k in ke.keywords)
    strong += len(ke.rates & rates)
    return strong, int(bool(ke.imposer and ke.imposer in parties))


def link(
    kind: str,
    bounds: tuple[str, str],
    sentence: str,
    places: set[str],
    parties: set[str],
    events: tuple[KnownEvent, ...] | None = None,
    at: int | None = None,
) -> KnownEvent | None:
    """The one calendar event a mention of `kind` dated within `bounds` refers to, if any.

    `at` is where the date words sit in the sentence: keywords count only within
    NEAR characters of it, since a long sentence may name several events.
    """
    events = load_calendar() if events is None else events
    kinds = COMPATIBLE.get(kind, frozenset())
    lo, hi = bounds
    cands = [ke for ke in events if ke.kind in kinds and lo <= ke.start <= hi]
    if not cands:
        return None
    rates = sentence_rates(sentence)
    near = sentence if at is None else sentence[max(0, at - NEAR) : at + NEAR]
    scored = [(agreement(ke, sentence, places, parties, rates, near), ke) for ke in cands]
    best = max(s for s, _ in scored)
    if best[0] == 0:
        return None  # a month, a kind and a party are not enough: the sentence must agree
    top = [ke for s, ke in scored if s == best]
    if len({(ke.start, ke.end if ke.kind == "meeting" else None) for ke in top}) != 1:
        return None  # the sentence does not tell the candidates apart
    return top[0]
