"""Resolve the date expressions of news sentences against the article's publication date.

General date parsers read "Wednesday" as the last Wednesday, "July" as this year's July and
"November 10" as whatever is nearest; news needs the direction the sentence gives. This module
finds date expressions with explicit patterns and resolves each by one named rule, taking the
direction (past or future) from the governing verb's tense and from cue words when the
expression itself does not fix it.

| rule | example (published Sun 2025-09-14) | result |
| --- | --- | --- |
| `explicit` | "Sunday, September 14, 2025", "July 2025", "in 2024", "2025-11-10" | as written |
| `day_no_year_past` | "agreed on April 9" (past tense) | latest April 9 <= published |
| `day_no_year_future` | "takes effect on November 1" (future cue) | next Nov 1 >= published |
| `day_no_year_nearest` | "the November 10 deadline" (no tense) | the Nov 10 nearest published |
| `month_no_year_past` | "agreed in Stockholm in July" | 2025-07 |
| `month_no_year_future` | "will meet in October" | 2025-10 |
| `month_no_year_nearest` | "the truce ends in August" (present) | nearest August |
| `weekday_past` | "met on Thursday" | 2025-09-11 |
| `weekday_future` | "the impending Wednesday deadline" | 2025-09-17 |
| `weekday_nearest` | "talks on Friday" (no tense or cue) | nearest Friday (ties: future) |
| `weekday_last` / `weekday_next` | "last Monday" / "next Monday" | the week before / after |
| `today`, `yesterday`, `tomorrow` | "tonight", "yesterday" | published +- 1 day |
| `this_weekend` / `last_weekend` / `next_weekend` | "this weekend" | Sat..Sun of that week |
| `this_week` / `last_week` / `next_week` | "next week" | Mon..Sun (date..date_end) |
| `this_month` / `last_month` / `next_month` | "last month" | 2025-08 |
| `this_year` / `last_year` / `next_year` | "next year" | 2026 |
| `earlier_this_year` / `later_this_year` | "later this year" | 2025 |
| `recent_period` | "in recent months", "the past two weeks" | period before published |
| `coming_period` | "in the coming weeks" | period after published |
| `offset_past` / `offset_future` | "three days ago" / "in 90 days" | published -+ offset |
| `offset_from_event` | "within 90 days" of Saturday's deal | that Saturday + 90 (see facts) |
| `month_end` | "by the end of the month", "at the end of next month" | that month's last day |
| `day_of_month_past` | "took effect on the 10th" | latest 10th <= published |
| `day_of_month_future` / `day_of_month_nearest` | "from the 20th" | next / nearest 20th |
| `day_no_year_weekday` | "Thursday, Oct. 30" | the year where Oct 30 is a Thursday |
| `same_day_as_previous` | "on April 2 ... the same day", "hours later" | 2025-04-02 |
| `offset_from_previous` | "on April 2 ... two days later" | 2025-04-04 |
| `offset_from_sentence_day` | "said on Sunday, two days after it doubled the duty" | Friday |
| `known_event_day` | "last week's talks", the talks dated "on Friday" elsewhere | that Friday |
| `calendar_event` | "a truce agreed in Buenos Aires in December" (2018) | 2018-12-01 (calendar) |
| `day_title_year` / `month_title_year` | "in April" under a title "... the 2025 fight" | 2025-04 |
| `day_shared_year` | "on July 6 and Aug. 23, 2018" | 2018-07-06 (the list's year) |
| `day_relative_year` | "Aug. 23 last year" | 2024-08-23 |
| `month_relative_year` | "in December last year" | 2024-12 |
| `weekday_following` | "on June 3 ... the following Monday" | first such day after June 3 |
| `year_end` | "by the end of the year", "year-end" | 2025-12 |
| `year_start` | "at the start of the year" | 2025-01-01 |
| `month_start` | "at the start of this month" | 2025-06-01 |
| `month_part` | "mid-August", "late September 2025" | 2025-08 (year by tense) |
| `duration_from_start` | "a 90-day truce" that began 2025-05-14 | end 2025-08-12 (see facts) |
| `weekend_nearest` | "weekend talks" (published Mon 2025-05-12) | 2025-05-10..11 (see facts) |
| `eve_of_event` | "on the eve of the Madrid talks" | day before the meeting (see facts) |

A date keeps its granularity: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. Periods give `date_end` too.
"until at least November 10, 2025" resolves to `explicit` with `bound` = "at_least".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
    "few": 3, "a few": 3, "couple of": 2, "a couple of": 2,
}  # fmt: skip

RULES: dict[str, str] = {
    "explicit": "the text gives the full date (or month and year, or year)",
    "day_no_year_past": "month and day without year; past tense: latest such day on or before"
    " published",
    "day_no_year_future": "month and day without year; future cue: first such day on or after"
    " published",
    "day_no_year_nearest": "month and day without year, no tense: the such day nearest published",
    "month_no_year_past": "month without year; past tense: latest such month up to published",
    "month_no_year_future": "month without year; future cue: first such month from published",
    "month_no_year_nearest": "month without year, no tense: the such month nearest published",
    "month_part": "early/mid/late month: the month, year as for month_no_year",
    "weekday_past": "weekday, past tense: latest such day on or before published",
    "weekday_future": "weekday, future cue: first such day on or after published",
    "weekday_nearest": "weekday, no tense or cue: the such day nearest published (ties: future)",
    "weekday_last": "'last <weekday>': the such day in the week before published's week",
    "weekday_next": "'next <weekday>': the such day in the week after published's week",
    "today": "'today', 'tonight': the published day",
    "yesterday": "'yesterday': the day before published",
    "tomorrow": "'tomorrow': the day after published",
    "this_weekend": "'this weekend': Saturday..Sunday of published's week",
    "last_weekend": "'last weekend': Saturday..Sunday before published's week",
    "next_weekend": "'next weekend': Saturday..Sunday after published's week",
    "this_week": "'this week': Monday..Sunday of published's week",
    "last_week": "'last week': the Monday..Sunday before",
    "next_week": "'next week': the Monday..Sunday after",
    "this_month": "'this month': published's month",
    "last_month": "'last month': the month before published's",
    "next_month": "'next month': the month after published's",
    "this_year": "'this year': published's year",
    "last_year": "'last year': the year before published's",
    "next_year": "'next year': the year after published's",
    "earlier_this_year": "'earlier this year': published's year (before published)",
    "later_this_year": "'later this year': published's year (after published)",
    "recent_period": "'in recent months', 'the past two weeks': the period up to published",
    "coming_period": "'in the coming weeks': the period from published",
    "offset_past": "'three days ago': published minus the offset",
    "offset_future": "'in 90 days', 'within two weeks': published plus the offset ('within':"
    " a 'by' bound)",
    "offset_from_event": "'within 90 days' of an agreement the article reports: the agreement's"
    " day plus the offset (see facts)",
    "year_end": "'the end of the year', 'year-end': December of published's year; as a limit"
    " ('by the end of the year') its last day",
    "year_start": "'at the start of the year': January 1 of published's year (or the next/last)",
    "duration_from_start": "'a 90-day truce' with a known start: start plus the duration",
    "weekend_nearest": "bare 'weekend' ('weekend talks'): the weekend by tense; early in the"
    " week the one just past",
    "eve_of_event": "'on the eve of the talks': the day before the article's own meeting",
    "month_end": "'the end of the month', 'the end of next month': that month's last day",
    "month_start": "'the start of this month', 'the beginning of next month': its first day",
    "day_of_month_past": "'on the 10th', past tense: latest such day on or before published",
    "day_of_month_future": "'from the 20th', future cue: first such day on or after published",
    "day_of_month_nearest": "'on the 10th', no tense: the such day nearest published",
    "day_no_year_weekday": "month, day and weekday without year: the year in which that day"
    " falls on that weekday",
    "weekday_following": "'the following Monday' after a day in the same sentence: the first"
    " such weekday after that day",
    "day_shared_year": "a day in a list whose last date gives the year ('July 6 and Aug. 23,"
    " 2018'): that year",
    "same_day_as_previous": "'the same day', 'hours later', 'that afternoon': the day last"
    " named before it",
    "offset_from_previous": "'two days later', 'the next day', 'a week later', '30 days after"
    " the signing': the day last named plus the offset",
    "offset_from_sentence_day": "'said on Sunday ..., two days after the U.S. doubled the duty':"
    " the sentence's own day minus the offset dates what came after 'after'",
    "known_event_day": "a week, weekend or month whose event the article dates to a day"
    " elsewhere ('last week's talks' ... 'met on Friday'): that day (see facts)",
    "calendar_event": "a month or week whose well-known event (its place, keyword, rate or"
    " party in the sentence) the public calendar data/reference/trade_events.csv dates to a day",
    "day_title_year": "month and day without year, no tense, in an article whose title names"
    " one year ('the 2025 tariff fight'): that year",
    "month_title_year": "month without year, no tense, in an article whose title names one"
    " year: that year",
    "day_relative_year": "'Aug. 23 last year': that day in the year named relative to published"
    " ('Aug. 23 that year': the year last named)",
    "month_relative_year": "'in December last year': that month in the year named relative to"
    " published",
}

_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY_RE = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = (
    r"(?P<num>\d+|a couple of|a few|couple of|several|few|an?|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve)"
)
_UNIT = r"(?P<unit>day|week|month|year)s?"
# Range separators between two days ("10-11", "28–29", "10 to 11", "between 10 and 11").
_RANGE_SEP = r"(?:[-–—]|(?i:to|through|until|and)\b)"
_DAY2 = r"(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MONTH2 = _MONTH.replace("?P<month>", "?:")
# "in February and March": the second month follows a month and "and" (one fixed-width
# look-behind per spelling, as the regex engine needs).
_AFTER_MONTH_AND = "(?:" + "|".join(
    rf"(?<={name} and )" for name in (
        "January February March April May June July August September October November December"
        " Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.".split()
    )
) + ")"
# Preceding words that make a bare month name a date (and "May" not the modal verb).
_MONTH_LEAD = (
    r"(?:in|since|by|until|till|through|from|during|before|after|of|this|last|next"
    r"|early|mid|late|end of|beginning of|start of)"
)
_BOUND = (
    r"(?P<bound>until at least|through at least|until|till|through|no later than|by|before"
    r"|after|from|since|starting|beginning|effective)\s+"
)

# Ordered: the first pattern that matches at a position wins; longer forms come first.
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<year>20\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])\b"),
    ("mdy", rf"(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    (
        "dmy",
        rf"(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b",
    ),
    (
        "month_part",
        rf"(?i:\b(?P<part>early|mid|late|the end of|the beginning of|the start of)"
        rf"[\s-]+){_MONTH}(?:,?\s+{_YEAR})?\b",
    ),
    # Day ranges ("May 10-11", "July 28–29, 2025", "from 10 to 11 May"): one span, both days.
    (
        "md_range",
        rf"(?:\b(?i:from|between)\s+)?\b{_MONTH}\s+{_DAY}\s*(?:[-–—]\s*(?P<month2>{_MONTH2})\s+"
        rf"|{_RANGE_SEP}\s*){_DAY2}\b(?!\s*(?:%|percent))(?:,?\s+{_YEAR}\b)?",
    ),
    (
        "dm_range",
        rf"(?:\b(?i:from|between)\s+)?\b(?:the\s+)?{_DAY}\s*(?:(?P<month2>{_MONTH2})\s*[-–—]"
        rf"|{_RANGE_SEP})\s*(?:the\s+)?{_DAY2}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?",
    ),
    # "Aug. 23 last year", "in December last year": the year is named relative to published.
    (
        "rel_year_day",
        rf"(?:\b{_MONTH}\s+{_DAY}|\b(?:the\s+)?{_DAY2}\s+(?:of\s+)?(?P<month2>{_MONTH2}))"
        r",?\s+(?:of\s+)?(?P<rely>last|this|next|that)\s+year\b",
    ),
    (
        "rel_year_month",
        rf"(?i:\b(?:in|since|by|until|from|during|before|after)\s+)?\b{_MONTH}\s+(?:of\s+)?"
        r"(?P<rely>last|this|next|that)\s+year\b",
    ),
    ("my", rf"\b{_MONTH}(?:,)?\s+{_YEAR}\b"),
    ("md", rf"(?:(?P<wd>{_WEEKDAY_RE}),?\s+)?\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|percent))"),
    ("dm", rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b"),
    # Not followed by a day: "until April 12" is the md pattern's.
    ("month", rf"(?i:\b(?P<lead>{_MONTH_LEAD})\s+){_MONTH}\b(?!\.?,?\s+\d)"),
    # "on the 10th": a day of a month the reader already knows; only after a preposition and
    # not before a noun ("the 10th round", "the 20th century").
    (
        "day_of_month",
        r"(?i:(?:(?<=\bon )|(?<=\bfrom )|(?<=\bby )|(?<=\buntil )|(?<=\bsince )|(?<=\bbefore )"
        r"|(?<=\bafter )|(?<=\bthrough ))the\s+)(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
        r"(?![-\s]+(?:of\b|[a-z]))",
    ),
    (
        "month_end",
        r"(?i:\b(?:the\s+)?end\s+of\s+(?P<mmod>the|this|next|last|the\s+current)\s+month\b)",
    ),
    (
        "month_start",
        r"(?i:\b(?:the\s+)?(?:start|beginning|turn)\s+of\s+(?P<mmod>the|this|next|last|the\s+"
        r"current)\s+month\b)",
    ),
    (
        "year_end",
        r"(?i:\b(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+|(?P<ynext>next)\s+)?year"
        r"|year[-\s]end)\b)",
    ),
    (
        "year_start",
        r"(?i:\b(?:the\s+)?(?:start|beginning|turn)\s+of\s+(?:(?P<ymod>the|this|next|last)\s+year"
        r"|(?P<yabs>(?:19|20)\d{2}))\b)",
    ),
    # "a September round", "the October deadline": a month naming an event without a lead word.
    (
        "month_noun",
        rf"\b{_MONTH}(?=\s+(?:(?:tariff|trade)\s+)?(?:round|meeting|talks|deadline|summit|visit"
        r"|session|truce|vote|hearing|increases?|hikes?|rise|escalation|expansion|extension"
        r"|proposal|plan|agreement|deal|framework|step-up|step|measures|controls|duties|tariffs"
        r"|counter-tariffs|levies|surcharges?|cuts?|reduction|list|announcement|retaliation"
        r"|ruling|report|order)\b)",
    ),
    # The second month of "in February and March", "October and December increases".
    ("month_noun", rf"{_AFTER_MONTH_AND}{_MONTH}\b(?!\.?,?\s+\d)"),
    (
        "year",
        rf"(?i:\b(?:in|since|by|of|during|until|through|for|early|late|mid|from|back\s+to)\s+)"
        rf"{_YEAR}\b"
        r"(?![-\d])",
    ),
    # "the 2018 tariffs", "the 2018-2019 lists": a year naming measures (the first year).
    (
        "year",
        rf"(?<=\b[Tt]he ){_YEAR}(?=(?:[-–](?:19|20)?\d\d)?\s+(?:tariffs?|duties|lists?|levies"
        r"|measures|rounds?|increases|review|truce|trade\s+war)\b)",
    ),
    # The second year of "in 2018 and 2019" has no lead word of its own.
    ("year", rf"(?<=\d\d\d\d and ){_YEAR}\b(?![-\d])"),
    ("rel_day", r"(?i:\b(?P<rel>today|tonight|yesterday|tomorrow)\b)"),
    (
        "weekday",
        rf"(?i:\b(?:(?P<mod>last|next|this|this past|this coming|coming|the following)\s+)?)"
        rf"(?P<wd>{_WEEKDAY_RE})(?:'s)?\b(?:\s+of\s+(?P<wmod>last|next|this)\s+week\b)?",
    ),
    ("earlier_later", r"(?i:\b(?P<el>earlier|later)\s+this\s+(?P<per>year|month|week)\b)"),
    (
        "this_period",
        r"(?i:\b(?P<mod>this past|this coming|this|last|next|past|coming)\s+"
        r"(?P<per>weekend|week|month|year)\b)",
    ),
    (
        "recent",
        rf"(?i:\b(?:in\s+)?(?:recent\s+(?P<per>days|weeks|months|years)"
        rf"|the\s+(?:past|last)\s+(?:{_NUM}\s+)?(?P<per2>day|week|month|year)s?)\b)",
    ),
    (
        "coming",
        rf"(?i:\b(?:in|over|within)\s+the\s+(?:coming|next)\s+(?:{_NUM}\s+)?"
        rf"(?P<per>day|week|month|year)s?\b)",
    ),
    ("ago", rf"(?i:\b{_NUM}\s+{_UNIT}\s+ago\b)"),
    # Days named by the day last mentioned: "the same day", "two days later", "hours later".
    (
        "anaphoric_day",
        rf"(?i:\b(?:(?:on\s+)?(?:the|that)\s+same\s+(?:day|morning|afternoon|evening)"
        rf"|(?P<el>earlier|later)\s+(?:in\s+the|that)\s+(?:day|morning|afternoon|evening)"
        rf"|that\s+(?:morning|afternoon|evening)"
        rf"|the\s+(?P<next>next|following|previous|prior)\s+(?:day|night)"
        rf"|{_NUM}\s+(?P<unit>day|week|month)s?\s+(?P<dir>later|earlier|(?:after|before)\s+that)"
        r"|(?:hours|minutes|moments)\s+later)\b)",
    ),
    ("after_today", rf"(?i:\b{_NUM}\s+{_UNIT}\s+after\s+today(?:['’]s)?\b)"),
    # "two days after the U.S. doubled the duty", "hours after Trump met Xi": the day of the
    # clause after "after", counted back from the sentence's own day (see resolve_in_doc).
    (
        "offset_after",
        rf"(?i:\b(?:{_NUM}\s+{_UNIT}|(?P<hours>hours|minutes|moments))\s+(?P<dir>after|before)"
        r"\b(?!\s+today))",
    ),
    # "kicked in six days later" is counted from the day last named, not from publication.
    (
        "in_offset",
        rf"(?i:\b(?P<prep>in|within)\s+{_NUM}\s+{_UNIT}\b(?!\s+(?:of|to|later|earlier)\b))",
    ),
]
_COMPILED = [(kind, re.compile(p)) for kind, p in _PATTERNS]
# How a bound word before a date qualifies it.
_BOUND_KIND = {
    "until at least": "at_least", "through at least": "at_least", "until": "until",
    "till": "until", "through": "until", "no later than": "by", "by": "by", "before": "by",
    "after": "from", "from": "from", "since": "from", "starting": "from", "beginning": "from",
    "effective": "from",
}  # fmt: skip

# Cue words around an expression that fix its direction when the verb does not.
FUTURE_CUES = re.compile(
    r"(?i)\b(?:will|shall|'ll|would|going to|set to|scheduled|slated|due|expected|expects"
    r"|plans?\s+to|planned|poised|upcoming|impending|looming|coming|next|ahead|pending"
    r"|to\s+(?:begin|start|meet|take|expire|end|hold|resume|visit|travel))\b"
)
PAST_CUES = re.compile(r"(?i)\b(?:last|ago|earlier|previously|prior|already|past|had|former)\b")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, before resolution."""

    kind: str
    text: str
    start: int
    end: int
    groups: dict[str, str | None]
    bound: str = ""


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression with its resolved date, the rule applied and the direction used."""

    text: str
    start: int
    end: int
    date: str
    date_end: str | None
    rule: str
    bound: str = ""

    @property
    def granularity(self) -> str:
        """'day', 'month' or 'year' from the ISO form."""
        return {10: "day", 7: "month", 4: "year"}[len(self.date)]


def to_date(value: Any) -> date:
    """A publication date from a date, Timestamp or ISO string."""
    if isinstance(value, date) and not isinstance(value, pd.Timestamp):
        return value
    return pd.Timestamp(value).date()


def month_number(name: str) -> int:
    """1..12 from a month name or abbreviation ("Sept.", "July")."""
    return MONTHS[name.lower().rstrip(".")[:3]]


def _num(text: str | None) -> int:
    if text is None:
        return 1
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, 1)


def _iso(d: date) -> str:
    return d.isoformat()


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def add_duration(start: str, n: int, unit: str) -> str:
    """The ISO end of a period of `n` units (day/week/month/year) from an ISO start date."""
    unit = unit.lower().rstrip("s")
    if len(start) == 10:
        d = date.fromisoformat(start)
        if unit == "day":
            return _iso(d + timedelta(days=n))
        if unit == "week":
            return _iso(d + timedelta(weeks=n))
        months = n if unit == "month" else 12 * n
        y, m = _shift_month(d.year, d.month, months)
        return _iso(date(y, m, min(d.day, calendar.monthrange(y, m)[1])))
    if len(start) == 7:
        y, m = int(start[:4]), int(start[5:])
        # A month-precise start only supports a month-precise end.
        months = {"day": round(n / 30), "week": round(n / 4.3)}.get(
            unit, n if unit == "month" else 12 * n
        )
        return _ym(*_shift_month(y, m, months))
    return f"{int(start) + (n if unit == 'year' else round(n / 365)):04d}"


_DURATION_RE = re.compile(rf"(?i)\b{_NUM}[-\s](?P<unit>day|week|month|year)s?\b(?:[-\s]long)?")


def parse_duration(text: str) -> tuple[int, str] | None:
    """(n, unit) from "90-day", "a year", "three months"; None when there is none."""
    m = _DURATION_RE.search(text)
    if not m:
        return None
    return _num(m.group("num")), m.group("unit").lower()


def find_mentions(text: str) -> list[DateMention]:
    """Every date expression in `text`, leftmost-longest, with a preceding bound word if any."""
    found: list[DateMention] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            found.append(DateMention(kind, m.group(0), m.start(), m.end(), m.groupdict()))
    # Leftmost, then longest, then pattern order: overlapping shorter readings are dropped.
    order = {k: i for i, (k, _) in enumerate(_PATTERNS)}
    found.sort(key=lambda d: (d.start, -(d.end - d.start), order[d.kind]))
    kept: list[DateMention] = []
    last_end = -1
    for d in found:
        if d.start >= last_end:
            kept.append(d)
            last_end = d.end
    out = []
    for d in kept:
        before = text[max(0, d.start - 30) : d.start]
        b = re.search(_BOUND + r"(?:the\s+|on\s+)?$", before, re.I)
        bound = _BOUND_KIND[b.group("bound").lower()] if b else ""
        if not bound and _RUNS_TO.search(text[max(0, d.start - 60) : d.start]):
            bound = "until"  # "a truce running to November 10", "extended ... to May 1"
        out.append(DateMention(d.kind, d.text, d.start, d.end, d.groups, bound))
    return out


# "to <date>" is an end only after a verb of lasting or moving a date (not "from May to June").
_RUNS_TO = re.compile(
    r"(?i)\b(?:run(?:s|ning)?|ran|extend(?:s|ed|ing)?|last(?:s|ed|ing)?|pushe?[sd]?\s+back"
    r"|push(?:ing)?\s+back|delay(?:s|ed|ing)?|postpon\w*|prolong\w*|(?:held|hold(?:s|ing)?)\s+back"
    r"|put\s+off|defer\w*|mov(?:e|es|ed|ing))\s+(?:[\w-]+\s+){0,6}?"
    r"to\s+(?:the\s+)?$"
)


def _nearest(candidates: list[date], published: date, prefer_future: bool = True) -> date:
    return min(
        candidates, key=lambda c: (abs((c - published).days), (c < published) == prefer_future)
    )


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for_day(month: int, day: int, published: date, tense: str | None) -> tuple[date, str]:
    cands = [
        c
        for y in (published.year - 1, published.year, published.year + 1)
        if (c := _valid(y, month, day)) is not None
    ]
    if tense == "past":
        past = [c for c in cands if c <= published]
        if past:
            return max(past), "day_no_year_past"
    if tense == "future":
        fut = [c for c in cands if c >= published]
        if fut:
            return min(fut), "day_no_year_future"
    return _nearest(cands, published), "day_no_year_nearest"


def _year_for_month(month: int, published: date, tense: str | None) -> tuple[int, str]:
    key = published.year * 12 + published.month - 1
    cands = [y * 12 + month - 1 for y in (published.year - 1, published.year, published.year + 1)]
    if tense == "past":
        past = [c for c in cands if c <= key]
        if past:
            return max(past) // 12, "month_no_year_past"
    if tense == "future":
        fut = [c for c in cands if c >= key]
        if fut:
            return min(fut) // 12, "month_no_year_future"
    best = min(cands, key=lambda c: (abs(c - key), c < key))
    return best // 12, "month_no_year_nearest"


def _weekday(wd_index: int, published: date, tense: str | None, mod: str) -> tuple[date, str]:
    monday = published - timedelta(days=published.weekday())
    if mod == "last":
        return monday - timedelta(days=7 - wd_index), "weekday_last"
    if mod == "next":
        return monday + timedelta(days=7 + wd_index), "weekday_next"
    back = published - timedelta(days=(published.weekday() - wd_index) % 7)
    ahead = published + timedelta(days=(wd_index - published.weekday()) % 7)
    if mod == "this past" or tense == "past":
        return back, "weekday_past"
    if mod in ("this coming", "coming") or tense == "future":
        return ahead, "weekday_future"
    if back == ahead:
        return back, "weekday_nearest"
    return _nearest([back, ahead], published), "weekday_nearest"


def _day_of_month(day: int, published: date, tense: str | None) -> tuple[date, str]:
    """'on the 10th': that day in published's month or the one before/after, by tense."""
    cands = []
    for delta in (-1, 0, 1):
        y, m = _shift_month(published.year, published.month, delta)
        if (d := _valid(y, m, day)) is not None:
            cands.append(d)
    if tense == "past":
        return max(c for c in cands if c <= published), "day_of_month_past"
    if tense == "future":
        return min(c for c in cands if c >= published), "day_of_month_future"
    return _nearest(cands, published), "day_of_month_nearest"


def _period(per: str, published: date, delta: int) -> tuple[str, str | None]:
    """(date, date_end) of the week/weekend/month/year `delta` periods from published's."""
    monday = published - timedelta(days=published.weekday())
    if per == "week":
        start = monday + timedelta(weeks=delta)
        return _iso(start), _iso(start + timedelta(days=6))
    if per == "weekend":
        sat = monday + timedelta(days=5, weeks=delta)
        return _iso(sat), _iso(sat + timedelta(days=1))
    if per == "month":
        return _ym(*_shift_month(published.year, published.month, delta)), None
    return f"{published.year + delta:04d}", None


def _offset(published: date, n: int, unit: str, sign: int) -> str:
    unit = unit.lower()
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        return _iso(published + timedelta(days=sign * days))
    if unit == "month":
        return _ym(*_shift_month(published.year, published.month, sign * n))
    return f"{published.year + sign * n:04d}"


def _day_range(m: DateMention, published: date, tense: str | None) -> ResolvedDate:
    """'May 10-11', 'from 10 to 11 May': the first day as date, the last as date_end."""
    g = m.groups
    month, day, day2 = month_number(g["month"]), int(g["day"]), int(g["day2"])
    # "10 June to 2 July" / "June 30-July 2": the other month is named at the second/first day.
    other = month_number(g["month2"]) if g.get("month2") else month
    first_m, last_m = (month, other) if m.kind == "md_range" else (other, month)
    if g.get("year"):
        y = int(g["year"])
        start, finish = _valid(y, first_m, day), _valid(y, last_m, day2)
        rule = "explicit"
    else:
        start, rule = None, ""
        if _valid(2024, first_m, day) is not None:  # a leap year: every real day is valid
            start, rule = _year_for_day(first_m, day, published, tense)
        finish = _valid(start.year, last_m, day2) if start else None
    if start is None:
        return ResolvedDate(m.text, m.start, m.end, _ym(published.year, month), None,
                            "month_no_year_nearest", m.bound)  # fmt: skip
    if finish is not None and finish < start:
        finish = _valid(finish.year + 1, last_m, day2)  # "December 30-January 2"
    listed = re.search(r"(?i)\band\b", m.text) and not m.text.lower().startswith("between")
    if finish is None or finish <= start or listed and (finish - start).days != 1:
        finish = None  # two separate days ("May 10 and 15"), not a span: keep the first
    # "from 10 to 11 May" is a span, not a start: the bound word belongs to the range.
    bound = "" if m.text.lower().startswith(("from", "between")) else m.bound
    return ResolvedDate(m.text, m.start, m.end, _iso(start), finish and _iso(finish), rule,
                        bound)  # fmt: skip


def resolve_mention(
    m: DateMention, published: date, tense: str | None = None, anchor: date | None = None,
    that_year: int | None = None,
) -> ResolvedDate | None:  # fmt: skip
    """Resolve one mention against the publication date; `tense` is 'past', 'future' or None.

    `anchor` is the day last named before the mention, for "the same day" or "two days
    later"; without one those give None. `that_year` is the year last named, for "Aug. 23
    that year".
    """
    g = m.groups
    kind = m.kind
    end: str | None = None

    def out(d: str, rule: str, date_end: str | None = None) -> ResolvedDate:
        return ResolvedDate(m.text, m.start, m.end, d, date_end, rule, m.bound)

    if kind == "anaphoric_day":
        if anchor is None:
            return None
        back = (g.get("dir") or "").lower() in ("earlier", "before that") or (
            g.get("next") or ""
        ).lower() in ("previous", "prior")
        sign = -1 if back else 1  # "a day earlier", "the previous night"
        if (g.get("unit") or "").lower() == "month":
            return out(add_duration(_iso(anchor), sign * _num(g.get("num")), "month"),
                       "offset_from_previous")  # fmt: skip
        if g.get("unit") or g.get("next"):
            n = _num(g.get("num")) * (7 if (g.get("unit") or "").lower() == "week" else 1)
            return out(_iso(anchor + timedelta(days=sign * n)), "offset_from_previous")
        return out(_iso(anchor), "same_day_as_previous")
    if kind == "offset_after":
        return None  # needs the sentence's other days: resolve_in_doc
    if kind == "after_today":
        return out(_offset(published, _num(g["num"]), g["unit"], 1), "offset_future")

    if kind == "iso":
        return out(f"{g['year']}-{g['mnum']}-{int(g['day']):02d}", "explicit")
    if kind in ("mdy", "dmy"):
        d = _valid(int(g["year"]), month_number(g["month"]), int(g["day"]))
        if d is None:
            return out(_ym(int(g["year"]), month_number(g["month"])), "explicit")
        return out(_iso(d), "explicit")
    if kind in ("md_range", "dm_range"):
        return _day_range(m, published, tense)
    if kind in ("rel_year_day", "rel_year_month"):
        if g["rely"].lower() == "that":
            if that_year is None:
                return None
            year = that_year  # "on July 6 of that year": the year just named
        else:
            year = published.year + {"last": -1, "this": 0, "next": 1}[g["rely"].lower()]
        month = month_number(g.get("month") or g["month2"])
        day = g.get("day") or g.get("day2")
        d = _valid(year, month, int(day)) if day else None
        if d is None:
            return out(_ym(year, month), "month_relative_year")
        return out(_iso(d), "day_relative_year")
    if kind == "my":
        return out(_ym(int(g["year"]), month_number(g["month"])), "explicit")
    if kind in ("md", "dm"):
        month, day = month_number(g["month"]), int(g["day"])
        if _valid(2024, month, day) is None:  # 2024 is a leap year: every real day is valid
            year, rule = _year_for_month(month, published, tense)
            return out(_ym(year, month), rule)
        d, rule = _year_for_day(month, day, published, tense)
        if g.get("wd"):
            # "Thursday, Oct. 30": the weekday fixes the year (it differs in adjacent years).
            wd = WEEKDAYS.index(g["wd"].lower())
            fits = [c for y in (published.year - 1, published.year, published.year + 1)
                    if (c := _valid(y, month, day)) is not None and c.weekday() == wd]  # fmt: skip
            if len(fits) == 1:
                d, rule = fits[0], "day_no_year_weekday"
        return out(_iso(d), rule)
    if kind == "month_part":
        month = month_number(g["month"])
        if g.get("year"):
            return out(_ym(int(g["year"]), month), "explicit")
        year, _ = _year_for_month(month, published, tense)
        return out(_ym(year, month), "month_part")
    if kind == "month":
        lead = (g.get("lead") or "").lower()
        month = month_number(g["month"])
        if lead == "last" and month == published.month:
            # "last December" written in December is the year before's.
            year, rule = published.year - 1, "month_no_year_past"
        elif lead == "next" and month == published.month:
            year, rule = published.year + 1, "month_no_year_future"
        elif lead in ("last", "next", "this"):
            t = {"last": "past", "next": "future"}.get(lead, tense)
            year, rule = _year_for_month(month, published, t)
        else:
            year, rule = _year_for_month(month, published, tense)
        return out(_ym(year, month), rule)
    if kind == "year":
        return out(g["year"], "explicit")
    if kind == "month_end":
        delta = {"next": 1, "last": -1}.get(g["mmod"].lower(), 0)
        y, mo = _shift_month(published.year, published.month, delta)
        last = _shift_month(y, mo, 1)
        return out(_iso(date(*last, 1) - timedelta(days=1)), "month_end")
    if kind == "day_of_month":
        d, rule = _day_of_month(int(g["day"]), published, tense)
        return out(_iso(d), rule)
    if kind == "year_start":
        # The start of a year is its first day, when new rates usually take effect.
        if g.get("yabs"):
            return out(f"{g['yabs']}-01-01", "year_start")  # "until the start of 2026"
        delta = {"next": 1, "last": -1}.get(g["ymod"].lower(), 0)
        return out(f"{published.year + delta:04d}-01-01", "year_start")
    if kind == "month_start":
        delta = {"next": 1, "last": -1}.get(g["mmod"].lower(), 0)
        y, mo = _shift_month(published.year, published.month, delta)
        return out(_iso(date(y, mo, 1)), "month_start")
    if kind == "month_noun":
        year, rule = _year_for_month(month_number(g["month"]), published, tense)
        return out(_ym(year, month_number(g["month"])), rule)
    if kind == "year_end":
        year = published.year + (1 if g.get("ynext") else 0)  # "the end of next year"
        if m.bound in ("by", "until"):
            # "by the end of the year": a limit is its last day, as for "the end of the month".
            return out(f"{year}-12-31", "year_end")
        return out(_ym(year, 12), "year_end")
    if kind == "rel_day":
        rel = g["rel"].lower()
        delta = {"yesterday": -1, "tomorrow": 1}.get(rel, 0)
        return out(_iso(published + timedelta(days=delta)), "today" if delta == 0 else rel)
    if kind == "weekday":
        wd = WEEKDAYS.index(g["wd"].lower())
        mod = (g.get("mod") or g.get("wmod") or "").lower()  # "Thursday of last week"
        d, rule = _weekday(wd, published, tense, mod)
        return out(_iso(d), rule)
    if kind == "earlier_later":
        per = g["per"].lower()
        d, end = _period(per, published, 0)
        return out(d, f"{g['el'].lower()}_this_year" if per == "year" else f"this_{per}", end)
    if kind == "this_period":
        mod, per = g["mod"].lower(), g["per"].lower()
        delta = {
            "last": -1,
            "past": -1,
            "this past": -1,
            "next": 1,
            "coming": 1,
            "this coming": 1,
        }.get(mod, 0)
        if per == "weekend" and mod == "this":
            # Mid-week, "this weekend" is the coming one; on a Sunday it is the current one.
            delta = 0
        d, end = _period(per, published, delta)
        name = {-1: "last", 0: "this", 1: "next"}[delta]
        return out(d, f"{name}_{per}", end)
    if kind == "recent":
        per = (g.get("per") or g.get("per2") or "month").lower().rstrip("s")
        n = _num(g.get("num")) if g.get("per2") else 3
        start = _offset(published, n, per, -1)
        finish = _iso(published) if len(start) == 10 else _period(per, published, 0)[0]
        return out(start, "recent_period", finish)
    if kind == "coming":
        per = g["per"].lower()
        n = _num(g.get("num")) if g.get("num") else (3 if per != "year" else 1)
        start = _iso(published) if per in ("day", "week") else _period(per, published, 0)[0]
        return out(start, "coming_period", _offset(published, n, per, 1))
    if kind == "ago":
        return out(_offset(published, _num(g["num"]), g["unit"], -1), "offset_past")
    if kind == "in_offset":
        n, unit = _num(g["num"]), g["unit"]
        if g["prep"].lower() == "within":
            # "within 90 days" sets a limit: the date is the last day allowed.
            d = _offset(published, n, unit, 1)
            return ResolvedDate(m.text, m.start, m.end, d, None, "offset_future", m.bound or "by")
        return out(_offset(published, n, unit, 1), "offset_future")
    raise ValueError(f"unknown date pattern {kind!r}")


# Verbs under which an infinitive speaks of the future ("set to begin Sunday").
_FUTURE_HEADS = set(
    "set scheduled slated due expected expects expect plan plans planned aim aims aimed poised"
    " going intend intends intended hope hopes hoped seek seeks prepare prepares prepared"
    " threaten threatens threatened vow vows vowed pledge pledges pledged promise promises"
    " promised agree agrees agreed ready commit commits committed".split()
)
_FUTURE_ADJ = {
    "upcoming",
    "impending",
    "looming",
    "coming",
    "next",
    "pending",
    "planned",
    "scheduled",
    "expected",
    "forthcoming",
}
# Verbs whose simple present in news states a timetable ("expires Friday", "begins Monday").
_SCHEDULE_VERBS = set("take begin start expire end kick lapse resume open close apply".split())
# "Officials have discussed a meeting in late March": a plan talked about, for either side.
_PROPOSAL_VERBS = set("discuss consider propose weigh float mull eye suggest".split())
_PAST_ADJ = {"last", "previous", "prior", "past", "earlier", "former", "recent"}


_OCCASION_PREPS = ("after", "following", "since", "at", "during", "over")
# Verbs and nouns whose date is the planned time, not the time the plan was made.
_PLAN_VERBS = set("schedule slate plan set due pencil timetable".split())
# "the first week of January": a part of the month, not an event named by it.
_TIME_NOUNS = set(
    "day week weekend month year end start beginning middle half quarter part".split()
)
_THREAT_VERBS = set("threaten promise pledge vow expect intend".split())
_PLAN_NOUNS = set("date deadline cutoff cut-off expiry target".split())
# "said on Friday he would ...": a date right after these dates the saying.
_REPORTING_VERBS = set(
    "say tell announce write warn confirm state declare add post tweet insist signal".split()
)
# Tense of a clause that does not fix a direction and must not fall back on cue words.
EITHER = "either"


def tense_at(doc: Any, start: int, end: int) -> str | None:
    """'past' or 'future' for the clause a date at char offsets [start, end) of a parsed
    spaCy Doc belongs to, from its verb's tag, auxiliaries and cue words; None when unclear,
    EITHER when the clause says the date may lie on either side (cue words must not decide)."""
    tokens = [t for t in doc if t.idx >= start and t.idx < end]
    if not tokens:
        return None
    tok = tokens[0]
    for t in tokens:
        if t.head.i < tokens[0].i or t.head.i > tokens[-1].i:
            tok = t
            break
    # Adjectives on the noun the date modifies: "the impending Wednesday deadline".
    for node in (tok, tok.head):
        for child in node.children:
            word = child.lower_
            if child.dep_ in ("amod", "advmod", "compound") and word in _FUTURE_ADJ:
                return "future"
            if child.dep_ in ("amod", "advmod") and word in _PAST_ADJ:
                return "past"
    # "the 1 June start date", "the March 1 deadline": a planned day, named from either side.
    if any(
        t.dep_ in ("compound", "nmod", "npadvmod") and t.head.lemma_.lower() in _PLAN_NOUNS
        for t in tokens
    ):
        return EITHER
    # "said on Friday he would raise ...": the date of the saying (journalists' word order),
    # though the parser may hang it on the reported verb.
    k = tokens[0].i - 1
    while k >= 0 and doc[k].lower_ in ("on", "in", "early", "late", "earlier", "later"):
        k -= 1
    if k >= 0 and doc[k].pos_ == "VERB" and doc[k].lemma_.lower() in _REPORTING_VERBS:
        said = _verb_tense(doc[k], reduced=True)
        if said:
            return said
    if k >= 0 and doc[k].tag_ == "VBD" and doc[k].lower_ in ("did", "happened", "occurred"):
        return "past"  # "as it did in May": the date of what was done then
    # "the 145% peak of April": a month naming when something was, not a plan.
    of = tok if tok.lower_ == "of" else tok.head
    if (
        of.lower_ == "of" and of.head.pos_ == "NOUN"
        and of.head.lemma_.lower() not in _PLAN_NOUNS | _TIME_NOUNS
    ):  # fmt: skip
        return "past"
    # "published Beijing's reply: from 1 June, duties ... will rise": after a colon the date
    # belongs to the clause that follows, whatever the parser hangs it on.
    colon = next((t for t in reversed(doc[: tokens[0].i]) if t.text in (":", ";")), None)
    if colon is not None and colon.i >= tokens[0].i - 3:
        after_verb = next(
            (t for t in doc[tokens[-1].i + 1 :] if t.pos_ == "VERB" and t.tag_ != "VBG"
             and t.dep_ not in ("acl", "amod", "relcl", "advcl", "xcomp", "pcomp")),
            None,
        )  # fmt: skip
        said = _verb_tense(after_verb, reduced=False) if after_verb is not None else None
        if said:
            return said
    # Climb to the governing verb.
    node = tok
    prep = doc[tokens[0].i - 1] if tokens[0].i else tok
    lead = prep.lower_ if tokens[0].i else ""
    if lead in ("on", "in") and prep.dep_ == "prep" and tok.head != prep:
        # "On Monday Mr Trump agreed ...": a misparse hangs the date on the name; the
        # preposition still knows its verb.
        node = prep
    via_noun = via_after = due = via_start = False
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "amod" or node.head == node:
            break
        node = node.head
        # "a 15% levy ..., due on December 15": the adjective carries a plan of its own.
        # ("the next round, due on December 15", "10% on soybeans, applicable from March 10")
        due |= node.pos_ == "ADJ" and node.lower_ in ("due", "applicable", "effective")
        if node.lower_ == "since" and node.dep_ in ("prep", "mark"):
            return "past"  # "since the increase in May": whatever it is, it began before
        via_noun |= node.pos_ in ("NOUN", "PROPN") and node.i not in {t.i for t in tokens}
        starts = node.lower_ in ("from", "starting", "effective", "beginning")
        via_noun |= starts
        via_start |= starts
        # "after a dinner on Saturday", "at talks on Friday", "over dinner": the occasion
        # of the main verb, not part of what it plans.
        via_after |= node.dep_ == "prep" and node.lower_ in _OCCASION_PREPS
    if via_after:
        # "have agreed to stop ... after a dinner on Saturday": what came before the plan is
        # dated by the verb that made the plan, not by the planned infinitive.
        while node.dep_ == "xcomp" and node.head != node:
            node = node.head
        tense = _verb_tense(node, reduced=True)
        # "said he would cut the tariff after their meeting on Thursday": what comes before
        # a planned step may already have happened.
        return EITHER if tense == "future" else tense
    if via_start and node.lemma_.lower() in _REPORTING_VERBS:
        # "..., the commission said, with effect from March 10": the start of what was said,
        # usually still ahead but possibly just passed.
        return EITHER
    if due:
        # Seen from a past clause ("did not say what would happen to ... due on December 15")
        # the planned day may lie on either side; otherwise it lies ahead.
        return EITHER if _verb_tense(node, reduced=True) == "past" else "future"
    if via_noun and node.lower_ in _FUTURE_HEADS:
        # "threatens a tariff from July 1": the date belongs to what is threatened or planned;
        # "threatened last month ... from November 1": a plan made in the past, either side.
        return EITHER if _verb_tense(node, reduced=True) == "past" else "future"
    if node.lemma_.lower() in _PROPOSAL_VERBS:
        return EITHER  # "have discussed a meeting in late March": the date of what is proposed
    if any(
        c.lower_ in ("originally", "initially") for n in (node, node.head, node.head.head)
        for c in n.children
    ):  # fmt: skip
        return EITHER  # "was originally set for October 1": a plan since changed, either side
    if (
        node.lemma_.lower() in _THREAT_VERBS and lead in ("for", "from")
        and _verb_tense(node, reduced=True) == "past"
    ):  # fmt: skip
        return EITHER  # "the 30% he had threatened for August 1": a threat's day, either side
    # "suspended until November 10": an end bound lies ahead of what the participle did.
    tense = _verb_tense(node, reduced=lead not in ("until", "till", "through"))
    planned = node.lemma_.lower() in _PLAN_VERBS or any(
        c.dep_ == "acomp" and c.lemma_.lower() in _PLAN_VERBS for c in node.children
    )  # "which had been due on April 15"
    if planned and (tense == "past" or _main_verb_past(node)):
        # "had scheduled another round in September", "an increase scheduled for 1 January
        # was put off": a plan made in the past may be for a day on either side of the article.
        return EITHER
    return tense


def _main_verb_past(verb: Any) -> bool:
    """Whether the clause a reduced relative ("an increase scheduled for ...") hangs in is past."""
    if verb.dep_ != "acl":
        return False
    node = verb.head
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head == node:
            break
        node = node.head
    return node != verb and _verb_tense(node, reduced=False) == "past"


def _verb_tense(verb: Any, reduced: bool = True) -> str | None:
    """'past'/'future' from a verb's tag, auxiliaries and heads; `reduced` lets a participle
    after its noun ("the tariffs announced on Sunday") count as past."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if "would" in words and verb.dep_ == "ccomp" and any(
        a.lower_ == "had" for a in verb.head.children if a.dep_ == "aux"
    ):
        return EITHER  # "had said on May 29 that it would release the list by June 15"
    if words & {"will", "shall", "'ll", "would", "wo"}:
        return "future"
    if any(a.tag_ == "MD" for a in aux):
        return "future"
    if words & {"has", "have", "had", "'ve", "did"}:
        return "past"
    if any(a.tag_ == "VBD" for a in aux):  # "was held", "were expected"
        # "was expected to" / "were set to" / "was scheduled for" still look ahead;
        # "was agreed in May" does not.
        if verb.lower_ in _FUTURE_HEADS and (
            verb.lemma_.lower() in _PLAN_VERBS or any(c.dep_ == "xcomp" for c in verb.children)
        ):
            return "future"
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    # "until the 150 days run out in July": a present the tagger reads as a participle (their
    # past forms differ: ran, came, became).
    bare_present = verb.lower_ in ("run", "come", "become") and not aux
    if (
        verb.tag_ == "VBN" and not aux and not bare_present
        and any(c.dep_ == "nsubj" for c in verb.children)
    ):  # fmt: skip
        return "past"  # "the tariff Beijing imposed in April": a finite verb read as a participle
    prev = verb.doc[verb.i - 1] if verb.i else verb
    wh = any(t.tag_ in ("WDT", "WP") for t in verb.doc[max(0, verb.i - 3) : verb.i])
    if (
        reduced
        and verb.tag_ == "VBN"
        and verb.dep_ == "acl"
        and not aux
        and not wh
        and (prev.i == verb.head.i or prev.text == ",")
    ):
        # "the measures, announced on Sunday": a reduced relative clause tells what happened,
        # unless its verb plans ("the talks scheduled for Monday"). Right after its noun or a
        # comma only, never after "which": "which Trump extended" is a misparsed relative clause.
        # "A truce agreed in December" is past; "the talks scheduled for Monday", "the duty
        # threatened for June" and "a deal agreed to take effect" look ahead.
        plans = verb.lemma_.lower() in _PLAN_VERBS | _THREAT_VERBS or any(
            c.dep_ == "xcomp" for c in verb.children
        )
        return "future" if verb.lower_ in _FUTURE_HEADS and plans else "past"
    runs_out = verb.lemma_.lower() == "run" and any(
        c.dep_ == "prt" and c.lower_ == "out" for c in verb.children
    )
    if (verb.tag_ in ("VBZ", "VBP") or bare_present) and not aux and (
        verb.lemma_.lower() in _SCHEDULE_VERBS or runs_out
    ):
        return "future"  # "the duties take effect on Tuesday": the present of a timetable
    if (
        verb.tag_ == "VB" and "to" in words and verb.dep_ == "xcomp"
        and verb.head.lemma_ == "be" and verb.head.tag_ == "VBD"
    ):  # fmt: skip
        return EITHER  # "the levy was to climb on March 2": a plan seen from the past
    if verb.tag_ == "VBN" and "to" in words and verb.head != verb:
        # "were due to be posted on Monday": an infinitive passive takes its head's direction.
        head = verb.head
        if head.lower_ in _FUTURE_HEADS or head.pos_ in ("NOUN", "PROPN"):
            return "future"  # "tariffs ... to be phased in from April 15"
        return _verb_tense(head, reduced)
    if "to" in words and verb.head == verb:
        return "future"  # "..., to be phased in from April 15": an infinitive left as the root
    if verb.tag_ == "VBN" and verb.dep_ not in ("amod", "acl"):
        # "is listed for June 20" is a present passive, not a past event.
        if not any(a.tag_ in ("VBZ", "VBP") for a in aux):
            return "past"
    if verb.tag_ in ("VB", "VBG") and verb.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl"):
        head = verb.head
        if head.lower_ in _FUTURE_HEADS:
            # "had been due to start": the "had" sits on the copula when the head is adjectival.
            holders = [head, head.head] if head.dep_ == "acomp" else [head]
            if any(
                c.lower_ == "had" for h in holders for c in h.children
                if c.dep_ in ("aux", "auxpass")
            ) or any(h.lower_ in ("was", "were") and h.dep_ == "relcl" for h in holders):
                # "had been scheduled to climb on January 1", "a round of duties that was due
                # to start on Dec. 15": a plan seen from the past may lie on either side of
                # the article's date.
                return EITHER
            return "future"
        if words & {"to"} and head != verb:
            return _verb_tense(head, reduced)
    if verb.tag_ == "VBG" and words & {"is", "are", "'re", "'s"}:
        return "future"  # "are gathering this weekend": the press's near future
    return None


def cue_tense(text: str, start: int, end: int, window: int = 40) -> str | None:
    """Tense from cue words just before a date expression (used without a parse)."""
    before = text[max(0, start - window) : start]
    if FUTURE_CUES.search(before):
        return "future"
    if PAST_CUES.search(before):
        return "past"
    return None


def resolve_in_doc(
    doc: Any,
    published: Any,
    offset: int = 0,
    anchor: str | None = None,
    first_tense: str = "",
    past_anchor: str | None = None,
) -> list[ResolvedDate]:
    """Find and resolve every date expression of a parsed spaCy Doc (or Span).

    Offsets in the result are relative to the Doc text plus `offset`. `anchor` is the ISO day
    last named before this text (for "two days later", "the following Monday") and
    `past_anchor` the last such day not after publication (for "the same day", "hours
    later": the day of something that happened); `first_tense` overrides the tense of a date
    that opens the text (a chronology's "Feb. 4 -" label).
    """
    pub = to_date(published)
    text = doc.text
    base = doc[0].idx if len(doc) else 0  # a Span's text starts at its first token
    out: list[ResolvedDate] = []
    pending: list[DateMention] = []
    for m in find_mentions(text):
        if m.kind == "offset_after":
            pending.append(m)
            continue
        tense = tense_at(doc, base + m.start, base + m.end) or cue_tense(text, m.start, m.end)
        if tense is None and m.bound in ("by", "until", "at_least"):
            tense = "future"  # a limit is set for what is still to come
        if m.bound == "until" and _RUNS_TO.search(text[max(0, m.start - 60) : m.start]):
            tense = "future"  # "extended the waiver to October 3": a new end lies ahead
        elif m.bound == "until" and tense == "past":
            tense = EITHER  # "has been extended until November 10": an end on either side
        if (
            m.bound == "from" and tense == "past" and not m.text.lower().startswith("since")
            and re.match(r"[\s,]*(?:will|shall|is\s+to|are\s+to)\b", text[m.end : m.end + 20])
        ):  # fmt: skip
            tense = "future"  # "rules published Thursday, which ... and, from Dec. 1, will"
        if first_tense and m.start <= 2:  # after a list bullet ("- Feb. 4 – ...")
            tense = first_tense
        # The day just named in this text comes first; then the article's.
        last = next((o for o in reversed(out) if len(o.date) == 10), None)
        same_day = m.kind == "anaphoric_day" and not (m.groups.get("unit") or m.groups.get("next"))
        outer = (past_anchor or anchor) if same_day else anchor
        prev = date.fromisoformat(last.date_end or last.date) if last else None
        if prev is None and outer:
            prev = date.fromisoformat(outer)
        named = out[-1].date if out else anchor
        r = resolve_mention(m, pub, tense, prev, int(named[:4]) if named else None)
        if r is None:
            continue
        mod = (m.groups.get("mod") or "").lower() if m.kind == "weekday" else ""
        if mod == "the following" and prev is not None:
            # "met on June 3 ... the following Monday": counted from the day just named.
            wd = WEEKDAYS.index(m.groups["wd"].lower())
            day = prev + timedelta(days=(wd - prev.weekday() - 1) % 7 + 1)
            r = ResolvedDate(r.text, r.start, r.end, _iso(day), None, "weekday_following",
                             r.bound)  # fmt: skip
        out.append(
            ResolvedDate(
                r.text, r.start + offset, r.end + offset, r.date, r.date_end, r.rule, r.bound
            )
        )
    for m in pending:
        found = out
        if not out and _present_news(doc) and _after_a_clause(doc, base + m.start, base + m.end):
            # "Eleven days after Trump and Xi met in Busan, the deal starts to bite": the
            # sentence's own day is the article's, so what came after "after" is that much
            # earlier.
            found = [ResolvedDate("", -1, -1, _iso(pub), None, "", None)]
        r = _offset_after(m, found, offset, anchor)
        if r is not None:
            out.append(r)
    out.sort(key=lambda r: r.start)
    return _share_years(out, text, offset)


def _present_news(doc: Any) -> bool:
    """Whether a sentence's main verb is in the present ("the deal starts to bite")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return root is not None and root.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") for c in root.children
    )


def _after_a_clause(doc: Any, start: int, end: int) -> bool:
    """Whether the "after"/"before" at [start, end) opens a clause ("after Xi met in Busan"),
    not a noun phrase ("after the notice", counted from the day last named)."""
    word = next((t for t in doc if start <= t.idx < end and t.lower_ in ("after", "before")),
                None)  # fmt: skip
    return word is not None and (word.dep_ == "mark" or word.head.pos_ == "VERB"
                                 and word.head.i > word.i)  # fmt: skip


def _offset_after(
    m: DateMention, found: list[ResolvedDate], offset: int, anchor: str | None
) -> ResolvedDate | None:
    """'two days after X' / 'hours before X'. With a day of its own before it in the sentence
    ("said on Sunday ..., two days after the U.S. doubled the duty") the words date X: that
    day minus (plus) the offset. Else with a day inside the clause ("a day after talks that
    ended on Wednesday") they date that day. Else they date the sentence's own event, counted
    from the day last named ("enters into force 30 days after the signing")."""
    g = m.groups
    n, unit = (0, "day") if g.get("hours") else (_num(g.get("num")), g.get("unit") or "day")
    sign = 1 if g["dir"].lower() == "after" else -1
    days = [r for r in found if len(r.date) == 10]
    own = [r for r in days if r.end <= m.start + offset]
    inside = [r for r in days if r.start >= m.end + offset]
    if own:
        day, rule = add_duration(own[-1].date, -sign * n, unit), "offset_from_sentence_day"
    elif inside:
        day, rule = inside[0].date, "offset_from_sentence_day"
    elif anchor:
        day, rule = add_duration(anchor, sign * n, unit), "offset_from_previous"
    else:
        return None
    return ResolvedDate(m.text, m.start + offset, m.end + offset, day, None, rule, m.bound)


def in_year(r: ResolvedDate, year: int) -> ResolvedDate:
    """A date resolved without tense moved into the year the article is about (its title's)."""
    if not r.rule.endswith("_nearest") or r.rule.startswith("weekday") or r.date[:4] == str(year):
        return r
    if len(r.date) == 10:
        d = _valid(year, int(r.date[5:7]), int(r.date[8:10]))
        if d is None:
            return r
        return ResolvedDate(r.text, r.start, r.end, _iso(d), None, "day_title_year", r.bound)
    if len(r.date) == 7:
        return ResolvedDate(r.text, r.start, r.end, _ym(year, int(r.date[5:7])), None,
                            "month_title_year", r.bound)  # fmt: skip
    return r


_COORDINATION = re.compile(r"(?i)^\s*(?:,|and|or|,\s*and|,\s*or)\s*$")


def _share_years(found: list[ResolvedDate], text: str, offset: int) -> list[ResolvedDate]:
    """'on July 6 and Aug. 23 last year', 'March 1 and 2, 2019': a year written once at the
    end of a list of days belongs to every day of the list."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if not a.rule.startswith("day_no_year") or len(b.date) != 10:
            continue
        if b.rule not in ("explicit", "day_relative_year", "day_shared_year"):
            continue
        if not _COORDINATION.match(text[a.end - offset : b.start - offset]):
            continue
        year = int(b.date[:4])
        d = _valid(year, int(a.date[5:7]), int(a.date[8:10]))
        if d is not None and d.isoformat() > b.date:
            d = _valid(year - 1, d.month, d.day)  # "Dec. 30 and Jan. 2, 2019"
        if d is not None:
            out[i] = ResolvedDate(a.text, a.start, a.end, _iso(d), None, "day_shared_year",
                                  a.bound)  # fmt: skip
    return out


def resolve_text(text: str, published: Any, tense: str | None = None) -> list[ResolvedDate]:
    """Find and resolve date expressions in plain text, tense from cue words or `tense`."""
    pub = to_date(published)
    found = (
        resolve_mention(m, pub, tense or cue_tense(text, m.start, m.end))
        for m in find_mentions(text)
    )
    return [r for r in found if r is not None]


def rules_table() -> pd.DataFrame:
    """The rule set as a table (rule, meaning) for the notebook."""
    return pd.DataFrame({"date_rule": list(RULES), "meaning": list(RULES.values())})
