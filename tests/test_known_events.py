"""Linking month- and week-dated mentions to the public calendar (helpers.known_events).

The calendar here is made up (Peru, Canada, Lima, Ottawa), so the tests check the rules and
not the bundled table.
"""

from __future__ import annotations

from pathlib import Path

from helpers import known_events
from helpers.known_events import KnownEvent


def _ke(event_id, kind, start, end=None, place=None, imposer=None, rates=(), keywords=()):
    return KnownEvent(event_id, kind, start, end, place, imposer, None, frozenset(rates),
                      tuple(keywords))  # fmt: skip


CAL = (
    _ke("lima-talks", "meeting", "2031-03-14", "2031-03-15", place="Lima", keywords=["summit"]),
    _ke("ottawa-talks", "meeting", "2031-03-27", place="Ottawa"),
    _ke("peru-20", "tariff", "2031-05-02", imposer="Peru", rates=[20]),
    _ke("canada-35", "tariff", "2031-05-20", imposer="Canada", rates=[35]),
    _ke("truce", "truce", "2031-06-01", place="Quito", keywords=["ceasefire"]),
)


def link(kind, bounds, sentence, places=(), parties=(), at=None):
    return known_events.link(kind, bounds, sentence, set(places), set(parties), CAL, at=at)


def test_a_place_picks_the_meeting_of_that_month() -> None:
    month = ("2031-03-01", "2031-03-31")
    ke = link("meeting", month, "Talks in Lima in March went nowhere.", places=["Lima"])
    assert ke is not None and (ke.start, ke.end) == ("2031-03-14", "2031-03-15")
    ke = link("meeting", month, "The round in Ottawa in late March was short.")
    assert ke is not None and ke.start == "2031-03-27"


def test_without_agreeing_words_the_month_is_kept() -> None:
    # Two meetings in March and nothing in the sentence to choose: no link.
    assert link("meeting", ("2031-03-01", "2031-03-31"), "They met again in March.") is None
    # One tariff in May, but the sentence shares nothing with it: no link either.
    assert link("tariff", ("2031-05-01", "2031-05-15"), "Duties went up in early May.") is None


def test_a_rate_or_a_party_tells_tariff_steps_apart() -> None:
    may = ("2031-05-01", "2031-05-31")
    assert link("tariff", may, "Lima's 20% levy took effect in May.").event_id == "peru-20"
    assert link("tariff", may, "Canada's 35% duty began in May.").event_id == "canada-35"
    # A party alone is too weak a tie: nearly every sentence names one.
    assert link("tariff", may, "Duties rose in May.", parties=["Canada"]) is None
    # It only breaks ties between equally strong candidates.
    both = "Both duties, 20% and 35%, began in May."
    assert link("tariff", may, both, parties=["Peru"]).event_id == "peru-20"
    assert link("tariff", may, both) is None


def test_keywords_count_only_near_the_date_words() -> None:
    june = ("2031-06-01", "2031-06-30")
    far = "The ceasefire talk of the spring faded, and a new quota was agreed in June."
    assert link("truce", june, far, at=far.index("in June")) is None
    near = "The spring quota fight ended with a ceasefire in June."
    assert link("truce", june, near, at=near.index("in June")).event_id == "truce"


def test_kinds_must_be_compatible_and_inside_the_period() -> None:
    # A truce agreed at a meeting may link to the meeting; a tariff never to a meeting.
    assert link("tariff", ("2031-03-01", "2031-03-31"), "In Lima in March ...") is None
    assert link("truce", ("2031-06-01", "2031-06-30"), "A ceasefire in June.").start == (
        "2031-06-01"
    )
    assert link("meeting", ("2031-04-01", "2031-04-30"), "Talks in Lima in April.") is None


def test_the_calendar_file_reads_rates_and_keywords(tmp_path: Path) -> None:
    path = tmp_path / "cal.csv"
    path.write_text(
        "event_id,kind,start,end,place,imposer,target,rates,keywords,description,source\n"
        'x,tariff,2031-05-02,,,Peru,Chile,10;25,"first tranche;list 1",d,s\n',
        encoding="utf-8",
    )
    (ke,) = known_events.load_calendar(path)
    assert ke.rates == {10.0, 25.0} and ke.keywords == ("first tranche", "list 1")
    assert known_events.load_calendar(tmp_path / "absent.csv") == ()


def test_period_bounds() -> None:
    assert known_events.period_bounds("2032-02", None) == ("2032-02-01", "2032-02-29")
    assert known_events.period_bounds("2031-03-09", "2031-03-15") == ("2031-03-09", "2031-03-15")
    assert known_events.period_bounds("2031", None) is None


def test_what_leaders_announced_at_a_known_meeting_takes_its_day() -> None:
    # An announcement dated "last week" with the meeting's place is the meeting's outcome.
    week = ("2031-03-10", "2031-03-16")
    ke = link("announcement", week, "It formalises what the leaders agreed in Lima last week.")
    assert ke is not None and ke.event_id == "lima-talks"
