"""Every date rule of helpers.dates, on sentences that are not in the sample corpus."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import config, dates, facts

# A Thursday: weekdays before and after it fall in different directions.
PUB = date(2025, 6, 12)


def resolve(sentence: str, published: date = PUB) -> list[dates.ResolvedDate]:
    doc = facts._parser(config.DEFAULT_MODEL)(sentence)
    return dates.resolve_in_doc(doc, published)


def one(sentence: str, published: date = PUB) -> dates.ResolvedDate:
    found = resolve(sentence, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The accord was signed on Tuesday, March 4, 2025, in Ottawa.", "2025-03-04"),
        ("Delegates convened on 3 February 2024 in Lima.", "2024-02-03"),
        ("The notice is dated 2025-01-20.", "2025-01-20"),
        ("Shipments slowed in October 2024 as rules changed.", "2024-10"),
        ("Exporters recalled the quota dispute that started in 2019.", "2019"),
        ("Officials referred to the Sept. 3, 2025 filing.", "2025-09-03"),
    ],
)
def test_explicit_dates_keep_their_precision(sentence: str, expected: str) -> None:
    r = one(sentence)
    assert (r.date, r.rule) == (expected, "explicit")


def test_day_without_year_follows_the_tense() -> None:
    # Published in June: a past-tense "November 3" is last year's, a future one this year's.
    past = one("Negotiators met in Ottawa on November 3 to review the quota.")
    assert (past.date, past.rule) == ("2024-11-03", "day_no_year_past")
    future = one("The new duties will take effect on November 3.")
    assert (future.date, future.rule) == ("2025-11-03", "day_no_year_future")
    near = one("The quota review is listed for June 20 in the annex.")
    assert (near.date, near.rule) == ("2025-06-20", "day_no_year_nearest")


def test_month_without_year_follows_the_tense() -> None:
    past = one("The ministers agreed in Lima in August to resume the dialogue.")
    assert (past.date, past.rule) == ("2024-08", "month_no_year_past")
    future = one("Ottawa will review the quota in March.")
    assert (future.date, future.rule) == ("2026-03", "month_no_year_future")
    near = one("The annex sets the quota review in July.")
    assert (near.date, near.rule) == ("2025-07", "month_no_year_nearest")
    part = one("Lumber prices peaked in mid-April.")
    assert (part.date, part.rule) == ("2025-04", "month_part")


def test_weekdays_go_both_ways() -> None:
    # Published on a Thursday.
    assert one("The ministers met on Monday in Lima.").date == "2025-06-09"
    assert one("The ministers met on Monday in Lima.").rule == "weekday_past"
    assert one("The ministers will meet on Monday in Lima.").date == "2025-06-16"
    assert one("The looming Friday cutoff worries exporters.").rule == "weekday_future"
    assert one("The looming Friday cutoff worries exporters.").date == "2025-06-13"
    nearest = one("Lumber quota talks on Saturday.")
    assert (nearest.date, nearest.rule) == ("2025-06-14", "weekday_nearest")
    assert one("Exporters complained last Tuesday.").date == "2025-06-03"
    assert one("Exporters will file next Tuesday.").date == "2025-06-17"


@pytest.mark.parametrize(
    ("phrase", "rule", "expected", "end"),
    [
        ("today", "today", "2025-06-12", None),
        ("yesterday", "yesterday", "2025-06-11", None),
        ("tomorrow", "tomorrow", "2025-06-13", None),
        ("this weekend", "this_weekend", "2025-06-14", "2025-06-15"),
        ("last weekend", "last_weekend", "2025-06-07", "2025-06-08"),
        ("next week", "next_week", "2025-06-16", "2025-06-22"),
        ("last week", "last_week", "2025-06-02", "2025-06-08"),
        ("last month", "last_month", "2025-05", None),
        ("next month", "next_month", "2025-07", None),
        ("last year", "last_year", "2024", None),
        ("next year", "next_year", "2026", None),
        ("earlier this year", "earlier_this_year", "2025", None),
        ("later this year", "later_this_year", "2025", None),
        ("in recent months", "recent_period", "2025-03", "2025-06"),
        ("in the coming weeks", "coming_period", "2025-06-12", "2025-07-03"),
        ("three days ago", "offset_past", "2025-06-09", None),
        ("in 30 days", "offset_future", "2025-07-12", None),
        ("by the end of the year", "year_end", "2025-12-31", None),
        ("at the end of the year", "year_end", "2025-12", None),
    ],
)
def test_relative_phrases(phrase: str, rule: str, expected: str, end: str | None) -> None:
    r = one(f"Canadian lumber exporters spoke {phrase} about the quota.")
    assert (r.rule, r.date, r.date_end) == (rule, expected, end)


def test_this_weekend_on_a_sunday_is_the_current_one() -> None:
    r = one("Delegates are arriving in Lima this weekend.", date(2025, 6, 15))
    assert (r.date, r.date_end) == ("2025-06-14", "2025-06-15")


def test_open_bound_is_kept() -> None:
    r = one("Quotas stay until at least March 31, 2026, the ministry said.")
    assert (r.date, r.rule, r.bound) == ("2026-03-31", "explicit", "at_least")
    assert one("Exporters must register by Friday.").bound == "by"


def test_bound_without_tense_looks_ahead() -> None:
    # "by Monday" in an article of Thursday is the coming Monday, not the last one.
    assert one("Both sides must publish the lists by Monday.").date == "2025-06-16"


def test_durations_from_a_known_start() -> None:
    assert dates.parse_duration("a 60-day standstill") == (60, "day")
    assert dates.parse_duration("for six months") == (6, "month")
    assert dates.add_duration("2025-03-10", 60, "day") == "2025-05-09"
    assert dates.add_duration("2025-01-31", 1, "month") == "2025-02-28"
    assert dates.add_duration("2025-03", 2, "month") == "2025-05"


def test_month_name_may_is_not_the_modal() -> None:
    assert resolve("Exporters may ask for relief.") == []
    assert one("Exporters asked for relief in May.").date == "2025-05"


def test_several_dates_in_one_sentence() -> None:
    found = resolve("Talks began on Monday and will end on Friday, before a vote in July 2025.")
    assert [r.date for r in found] == ["2025-06-09", "2025-06-13", "2025-07"]


def test_every_rule_is_documented() -> None:
    table = dates.rules_table()
    assert set(table["date_rule"]) == set(dates.RULES)
    for rule in dates.RULES:
        assert f"`{rule}`" in dates.__doc__ or rule.startswith(("today", "yesterday", "tomorrow"))


@pytest.mark.parametrize(
    "sentence",
    [
        "The quota truce running to October 3 covers steel.",
        "Ottawa extended the waiver by 60 days to October 3.",
    ],
)
def test_to_after_a_verb_of_lasting_is_an_end(sentence: str) -> None:
    r = one(sentence)
    assert (r.date, r.bound) == ("2025-10-03", "until")


def test_to_in_a_range_is_not_an_end() -> None:
    found = resolve("Prices rose from May to October 3 as stocks fell.")
    assert all(r.bound != "until" for r in found)


# Relative dates in new sentences written the way wire copy words them (published Thursday
# 2025-06-12).
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Negotiators wrapped up talks in Lima on Tuesday.", "2025-06-10"),
        ("The delegation will fly to Ottawa on Tuesday for a second round.", "2025-06-17"),
        ("Officials said on Friday that the quota review had stalled.", "2025-06-06"),
        ("The minister is expected to respond on Monday.", "2025-06-16"),
        ("Ottawa announced the new quota last week.", "2025-06-02"),
        ("The ministry published its list earlier this month.", "2025-06"),
        ("Exporters must file their claims by the end of the month.", "2025-06-30"),
        ("A decision is due in mid-October.", "2025-10"),
        ("The 90-day pause that began May 14 runs out in August.", "2025-05-14"),
        ("The tariffs took effect on the 10th.", "2025-06-10"),
        ("Lima said last month that it would review the quota.", "2025-05"),
        ("The ministers met on Sunday and again on Monday.", "2025-06-08"),
        ("Talks are set to continue next week in Ottawa.", "2025-06-16"),
        ("The new rules will apply from the 20th.", "2025-06-20"),
        ("The agreement expires at the end of next month.", "2025-07-31"),
        ("The cabinet approved the measure late last month.", "2025-05"),
        ("Lima will decide in early July whether to retaliate.", "2025-07"),
    ],
)
def test_relative_dates_in_wire_copy(sentence: str, expected: str) -> None:
    found = resolve(sentence)
    assert found, sentence
    assert found[0].date == expected, found


def test_the_following_weekday_counts_from_the_day_just_named() -> None:
    found = resolve("Talks opened on June 3 in Lima and resumed the following Monday.")
    assert [(r.date, r.rule) for r in found] == [
        ("2025-06-03", "day_no_year_past"), ("2025-06-09", "weekday_following")]


def test_day_of_month_is_not_an_ordinal_noun() -> None:
    assert resolve("Delegates prepared for the 10th round of talks.") == []
    assert resolve("The rule dates from the 19th century.") == []


def test_weekday_with_a_day_fixes_the_year() -> None:
    r = one("The summit on Thursday, Oct. 30, lasted two hours.")
    assert (r.date, r.rule) == ("2025-10-30", "day_no_year_weekday")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The measures, announced on Sunday, rattled exporters.", "2025-06-08"),
        ("The new duties take effect on Tuesday.", "2025-06-17"),
        ("The waiver expires Monday unless Lima acts.", "2025-06-16"),
        ("The talks scheduled for Saturday were moved to Ottawa.", "2025-06-14"),
        ("The levies suspended until Tuesday weigh on exporters.", "2025-06-17"),
    ],
)
def test_participles_and_timetables_give_the_direction(sentence: str, expected: str) -> None:
    assert resolve(sentence)[0].date == expected


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("Quota talks are set for Oct. 14-15 in Lima.", "2025-10-14", "2025-10-15"),
        ("The envoys met from 3 to 4 March in Ottawa.", "2025-03-03", "2025-03-04"),
        ("The forum ran August 28–29, 2024, in Seoul.", "2024-08-28", "2024-08-29"),
        ("Ministers gather on 30 June–2 July in Osaka.", "2025-06-30", "2025-07-02"),
        ("Delegates will sit between Nov. 4 and 6.", "2025-11-04", "2025-11-06"),
    ],
)
def test_day_ranges_give_both_days(sentence: str, start: str, end: str) -> None:
    r = one(sentence)
    assert (r.date, r.date_end) == (start, end)
    assert r.bound == ""  # "from 3 to 4 March" is a span, not a start


def test_two_listed_days_and_long_spans_are_not_ranges() -> None:
    # "May 3 and 9" are two separate days; "from May 14 to August 12" keeps both dates.
    assert [(r.date, r.date_end) for r in resolve("Votes fell on May 3 and 9.")] == [
        ("2025-05-03", None)
    ]
    spans = resolve("The pause runs from May 14 to August 12.")
    assert [r.date for r in spans] == ["2025-05-14", "2025-08-12"]


@pytest.mark.parametrize(
    ("sentence", "expected", "rule"),
    [
        ("Quotas on Peruvian copper were widened on Aug. 23 last year.", "2024-08-23",
         "day_relative_year"),
        ("Lima hopes to settle the dispute by 3 March next year.", "2026-03-03",
         "day_relative_year"),
        ("An earlier standstill, struck in December last year, collapsed.", "2024-12",
         "month_relative_year"),
    ],
)  # fmt: skip
def test_day_or_month_with_a_relative_year(sentence: str, expected: str, rule: str) -> None:
    r = one(sentence)
    assert (r.date, r.rule) == (expected, rule)


def test_a_list_of_days_shares_the_year_written_at_its_end() -> None:
    found = resolve("Canada raised the surtax in two steps, on July 6 and Aug. 23, 2023.")
    assert [(r.date, r.rule) for r in found] == [
        ("2023-07-06", "day_shared_year"),
        ("2023-08-23", "explicit"),
    ]
    # A list that crosses the new year keeps the first day in the year before.
    found = resolve("Negotiators met on Dec. 30 and Jan. 2, 2024 in Lima.")
    assert [r.date for r in found] == ["2023-12-30", "2024-01-02"]


def test_a_plan_seen_from_the_past_takes_the_nearest_day() -> None:
    # Published 12 June: "had been scheduled ... on January 5" is this year's January (159 days
    # back), not next year's, although "scheduled" alone looks ahead.
    r = one("The quota had been scheduled to rise on January 5, but Ottawa put it off.")
    assert (r.date, r.rule) == ("2025-01-05", "day_no_year_nearest")
    assert one("The quota is scheduled to rise on January 5.").date == "2026-01-05"


def test_a_day_before_an_agreement_is_dated_by_the_agreeing_verb() -> None:
    # Published Sunday 15 June: the dinner preceded the agreement, so Saturday is the 14th,
    # although the infinitive "to halt" looks ahead.
    r = one(
        "Canada and Peru have agreed to halt new duties for 60 days, after a dinner in Lima on "
        "Saturday night.",
        date(2025, 6, 15),
    )
    assert (r.date, r.rule) == ("2025-06-14", "weekday_past")


def test_within_a_period_is_a_limit_at_its_end() -> None:
    r = one("Both sides must settle the quota within 90 days.")
    assert (r.date, r.date_end, r.rule, r.bound) == ("2025-09-10", None, "offset_future", "by")


@pytest.mark.parametrize(
    ("sentence", "expected", "rule"),
    [
        ("Lima announced the quota on May 5. Ottawa answered the same day.", "2025-05-05",
         "same_day_as_previous"),
        ("Lima announced the quota on May 5. Two days later Ottawa answered.", "2025-05-07",
         "offset_from_previous"),
        ("Lima announced the quota on May 5. Hours later Ottawa answered.", "2025-05-05",
         "same_day_as_previous"),
        ("Lima announced the quota on May 5. A week later Ottawa answered.", "2025-05-12",
         "offset_from_previous"),
    ],
)  # fmt: skip
def test_days_named_by_the_day_before_them(sentence: str, expected: str, rule: str) -> None:
    last = resolve(sentence)[-1]
    assert (last.date, last.rule) == (expected, rule)


def test_an_anaphoric_day_without_a_day_before_it_is_left_out() -> None:
    assert resolve("Ottawa answered the same day.") == []
    doc = facts._parser(config.DEFAULT_MODEL)("Ottawa answered the same day.")
    assert [x.date for x in dates.resolve_in_doc(doc, PUB, anchor="2025-06-02")] == ["2025-06-02"]


def test_days_after_today() -> None:
    r = one("The accord enters into force 30 days after today's signing.")
    assert (r.date, r.rule) == ("2025-07-12", "offset_future")


def test_a_title_year_places_dates_without_tense() -> None:
    r = dates.ResolvedDate("in April", 0, 8, "2026-04", None, "month_no_year_nearest")
    assert (dates.in_year(r, 2025).date, dates.in_year(r, 2025).rule) == (
        "2025-04", "month_title_year")  # fmt: skip
    # A date whose tense decided its year keeps it.
    r = dates.ResolvedDate("in April", 0, 8, "2026-04", None, "month_no_year_future")
    assert dates.in_year(r, 2025) is r


def test_start_of_the_year_and_a_month_naming_an_event() -> None:
    r = one("Lima had suspended the levy at the start of the year.")
    assert (r.date, r.rule) == ("2025-01-01", "year_start")
    r = one("Lima listed the goods at the beginning of this month.")
    assert (r.date, r.rule) == ("2025-06-01", "month_start")
    r = one("The levy will rise at the start of next month.")
    assert (r.date, r.rule) == ("2025-07-01", "month_start")
    r = one("The exclusions run until the start of 2027.")
    assert (r.date, r.rule) == ("2027-01-01", "year_start")
    r = one("Both sides still say a September round in Lima is on.")
    assert r.date == "2025-09"


def test_the_second_year_of_a_pair() -> None:
    found = resolve("The duties were put in place in 2018 and 2019.")
    assert [r.date for r in found] == ["2018", "2019"]


def test_same_day_anaphors_count_from_the_last_day_that_has_happened() -> None:
    doc = facts._parser(config.DEFAULT_MODEL)("Hours later, Ottawa answered.")
    got = dates.resolve_in_doc(doc, PUB, anchor="2025-06-20", past_anchor="2025-06-11")
    assert [(r.date, r.rule) for r in got] == [("2025-06-11", "same_day_as_previous")]
    for words in ("that afternoon", "the same evening"):
        doc = facts._parser(config.DEFAULT_MODEL)(f"The minister replied {words}.")
        got = dates.resolve_in_doc(doc, PUB, anchor="2025-06-20", past_anchor="2025-06-11")
        assert [(r.text, r.date) for r in got] == [(words, "2025-06-11")]
    doc = facts._parser(config.DEFAULT_MODEL)("The following Monday, Ottawa answered.")
    got = dates.resolve_in_doc(doc, PUB, anchor="2025-06-04")
    assert [(r.date, r.rule) for r in got] == [("2025-06-09", "weekday_following")]


def test_weekday_of_last_week_and_an_infinitive_passive() -> None:
    r = one("Ottawa announced the quota on Thursday of last week.")
    assert (r.date, r.rule) == ("2025-06-05", "weekday_last")
    # Published Thursday 12 June: "due to be posted on Monday" looks ahead.
    assert one("Details were due to be posted on Monday.").date == "2025-06-16"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Published Thursday 12 June 2025. A date right after a verb of saying dates the
        # saying, though the parser may hang it on the reported verb.
        ("The minister said on Monday she would double the levy on Peruvian copper.",
         "2025-06-09"),
        # "since" always looks back, whatever the tense of the clause around it.
        ("Those imports would join the quota already paying 15%, most of it since the rise in "
         "October.", "2024-10"),
        # A plan made in the past may be for a day on either side: the nearest one.
        ("A second rise first scheduled for 1 January was put off indefinitely.", "2025-01-01"),
        ("The two ministries had scheduled another round in Lima in July.", "2025-07"),
        ("Dealers said the 1 July start date gave exporters barely three weeks.", "2025-07-01"),
        ("The duties that had been due to start on Dec. 15 remain suspended.", "2024-12-15"),
        # A reduced relative tells what happened unless its verb plans or threatens.
        ("The rise ends a truce agreed by the two ministers over lunch in Lima in December.",
         "2024-12"),
        ("Exporters fear the levy threatened from September 1.", "2025-09-01"),
        # "as it did in May": the date of what was done.
        ("Lima will answer through its usual channels, as it did in May.", "2025-05"),
        # "the peak of April" names when something was; "the first week of" is a period.
        ("That would put the duty close to the 45% peak of October.", "2024-10"),
        ("The minister expects to sign it in the first week of January.", "2026-01"),
        # "was agreed in May" happened; "was scheduled for" and "was to" plan.
        ("The quota was agreed in Lima in November and would run for a year.", "2024-11"),
        ("Without a deal, the levy was to climb to 25% on July 2.", "2025-07-02"),
        # A meeting talked about may be on either side: the nearest.
        ("Officials have discussed a meeting of the two ministers in late July.", "2025-07"),
        # What comes before a planned step may already have happened: the nearest day.
        ("Lima said it would cut the levy after the ministers' meeting on Tuesday.",
         "2025-06-10"),
        # "Sept 1" without a dot is September.
        ("The duties date from Sept 1 last year.", "2024-09-01"),
        # "runs out on Tuesday" is the timetable's present.
        ("The truce runs out on Tuesday.", "2025-06-17"),
        # "held back to" and "put off to" set a new end.
        ("The second list has been held back to December 15.", "2025-12-15"),
        # "had been due on" plans; "has been extended until" may end on either side.
        ("Lima's duties, which had been due on July 15, were put on hold.", "2025-07-15"),
        ("The truce has been extended until July 10.", "2025-07-10"),
        # A finite verb the parser reads as a participle keeps its subject and its past.
        ("The 34% tariff Lima imposed in April still applies.", "2025-04"),
        # "had said that it would ... by" reports a plan from the past: the nearest day.
        ("Lima had said that it would publish the list by June 1.", "2025-06-01"),
        # "due on" plans; seen from a past clause it is the nearest day.
        ("He did not say what would happen to the next round: a 20% levy on copper, due on "
         "July 15.", "2025-07-15"),
        # A sentence-opening "On Monday" belongs to the main verb, whatever the parser hangs
        # it on.
        ("On Monday Mr Carney agreed to hold off for 30 days on the levy.", "2025-06-09"),
        # "the commission said, with effect from": the start of what was said, the nearest day.
        ("Lima will add 15% to copper, the tariff commission said, with effect from July 10.",
         "2025-07-10"),
        # A threat or plan made in the past, or one since changed, may be for either side.
        ("The 30% levy Lima had threatened for July 1 was dropped.", "2025-07-01"),
        ("The new rates were originally due to apply from June 1 before Lima postponed them.",
         "2025-06-01"),
    ],
)  # fmt: skip
def test_the_verb_that_owns_the_date(sentence: str, expected: str) -> None:
    assert one(sentence).date == expected


@pytest.mark.parametrize(
    ("sentence", "expected", "rule"),
    [
        # Published Thursday 12 June 2025. The sentence's own day, minus the offset, dates
        # what came after "after".
        ("The minister conceded on Wednesday that buyers pay the levy, two days after Lima "
         "doubled it.", "2025-06-09", "offset_from_sentence_day"),
        ("The quota took effect on Monday, six days after Ottawa unveiled it.", "2025-06-03",
         "offset_from_sentence_day"),
        ("She spoke on Tuesday, hours after the talks ended.", "2025-06-10",
         "offset_from_sentence_day"),
        # With no day of its own before it, a day inside the clause is the one meant.
        ("The post came a day after talks in Lima, which ended on Monday.", "2025-06-09",
         "offset_from_sentence_day"),
    ],
)  # fmt: skip
def test_offsets_after_another_event(sentence: str, expected: str, rule: str) -> None:
    found = [r for r in resolve(sentence) if "after" in r.text]
    assert [(r.date, r.rule) for r in found] == [(expected, rule)]


def after(sentence: str, anchor: str) -> dates.ResolvedDate:
    """The one date of a sentence read after a day named earlier in the article."""
    (r,) = dates.resolve_in_doc(facts._parser(config.DEFAULT_MODEL)(sentence), PUB, anchor=anchor)
    return r


@pytest.mark.parametrize(
    ("sentence", "anchor", "expected"),
    [
        ("The rule applies 30 days after the notice.", "2025-06-02", "2025-07-02"),
        ("Lima doubled the levy a month later.", "2025-02-04", "2025-03-04"),
        ("Tokyo had answered a day earlier.", "2025-05-03", "2025-05-02"),
        ("They had spoken the previous night.", "2025-05-03", "2025-05-02"),
        ("Five days after that, Lima answered.", "2025-05-03", "2025-05-08"),
    ],
)
def test_offsets_from_the_day_last_named(sentence: str, anchor: str, expected: str) -> None:
    r = after(sentence, anchor)
    assert (r.date, r.rule) == (expected, "offset_from_previous")


@pytest.mark.parametrize(
    ("sentence", "words", "expected"),
    [
        # Threatened in the past for a day now just passed: the nearest day.
        ("Last month Mr Rossi threatened an additional 50% tariff on Peruvian goods from June 1 "
         "after Lima announced new export controls on May 9.", "June 1", "2025-06-01"),
        # An infinitive the parser leaves as the root still plans.
        ("Member states approved on Wednesday the Commission's plan to hit back at Lima's "
         "copper duties with 25% tariffs on a range of Peruvian goods, to be phased in from "
         "April 15.", "April 15", "2026-04-15"),
    ],
)  # fmt: skip
def test_plans_among_other_dates(sentence: str, words: str, expected: str) -> None:
    assert [r.date for r in resolve(sentence) if r.text == words] == [expected]


def test_after_a_colon_the_date_belongs_to_the_clause_that_follows() -> None:
    found = resolve("On Monday the commission published Lima's reply: from 1 July, duties on $60bn "
                    "of Peruvian goods, already taxed since March 3 last year, will rise to as "
                    "much as 25 per cent.")  # fmt: skip
    assert [(r.text, r.date) for r in found][:2] == [("Monday", "2025-06-09"),
                                                     ("1 July", "2025-07-01")]  # fmt: skip


def test_n_days_after_with_a_present_main_clause_counts_back_from_publication() -> None:
    doc = facts._parser(config.DEFAULT_MODEL)(
        "Eleven days after the two ministers met in Lima, the deal starts to bite."
    )
    got = dates.resolve_in_doc(doc, PUB, anchor="2025-05-01")
    assert [(r.text, r.date) for r in got] == [("Eleven days after", "2025-06-01")]


def test_kicked_in_n_days_later_counts_from_the_day_just_named() -> None:
    # "kicked in six days later" is not "in six days" from publication.
    found = resolve("The levy took effect on May 4, and Lima's reply kicked in six days later.")
    assert [(r.text, r.date) for r in found] == [
        ("May 4", "2025-05-04"), ("six days later", "2025-05-10")
    ]


def test_an_offset_without_a_day_to_count_from_is_left_out() -> None:
    assert resolve("The rule applies 30 days after the notice.") == []


def test_last_month_name_in_that_month_and_the_end_of_next_year() -> None:
    december = date(2025, 12, 30)
    assert one("The quota was cut last December.", december).date == "2024-12"
    assert one("The quota was cut last June.", december).date == "2025-06"
    r = one("The waiver was extended to the end of next year.", december)
    assert (r.date, r.rule) == ("2026-12-31", "year_end")


def test_a_passive_infinitive_at_the_root_does_not_loop() -> None:
    # Tokens are compared by position: a root's head is itself, so climbing must stop there.
    doc = facts._parser(config.DEFAULT_MODEL)("Goods to be shipped on Monday.")
    assert [r.text for r in dates.resolve_in_doc(doc, PUB)] == ["Monday"]


def test_a_plan_in_a_past_relative_clause_may_lie_behind() -> None:
    # Written in mid-January: the round "that was due to start on Dec. 15" was last December's.
    r = one("Officials had shelved a round of duties that was due to start on Dec. 15.",
            date(2020, 1, 16))  # fmt: skip
    assert r.date == "2019-12-15"
    # A plan stated in the present still looks ahead.
    assert one("A round of duties is due to start on Dec. 15.", date(2020, 1, 16)).date == (
        "2020-12-15"
    )


def test_run_out_with_a_subject_is_a_present_timetable() -> None:
    # The tagger reads "run" as a participle; its past is "ran", so this is the present.
    r = one("The surcharge stays until the 150 days run out in July.", date(2026, 2, 23))
    assert r.date == "2026-07"


def test_a_month_naming_a_measure_and_the_second_month_of_a_pair_are_dates() -> None:
    found = {r.text: r.date for r in resolve(
        "The levy came in two steps in February and March, and the April increases followed.",
        date(2025, 5, 20))}  # fmt: skip
    assert found == {"in February": "2025-02", "March": "2025-03", "April": "2025-04"}
    # A person called May is not a month.
    assert resolve("Trump and May met on Tuesday.", date(2018, 7, 14))[0].text == "Tuesday"


def test_years_after_from_and_back_to_and_years_naming_measures() -> None:
    found = [r.text for r in resolve(
        "Duties dating from 2018 stay, as do levies that date back to 2019 and the 2020 tariffs.",
        date(2025, 5, 20))]  # fmt: skip
    assert found == ["from 2018", "back to 2019", "2020"]
    assert [r.date for r in resolve("The 2018 tariffs stayed.", date(2025, 5, 20))] == ["2018"]


def test_that_year_is_the_year_last_named() -> None:
    found = {r.text: r.date for r in resolve(
        "The levy began at 10% in February 2023 and doubled in March of that year, on March 4 "
        "that year to be exact.", date(2025, 5, 20))}  # fmt: skip
    assert found["in March of that year"] == "2023-03"
    assert found["March 4 that year"] == "2023-03-04"
    # Without a year named before, "that year" is not resolved.
    assert resolve("It doubled on March 4 that year.", date(2025, 5, 20)) == []


def test_due_and_applicable_from_a_past_clause_take_the_nearest_day() -> None:
    r = one("No decision has been made on the next round, due on December 15, traders said.",
            date(2019, 10, 14))  # fmt: skip
    assert r.date == "2019-12-15"
    r = one("Ottawa announced duties of 15% on steel, applicable from March 10.", date(2025, 3, 7))
    assert r.date == "2025-03-10"


def test_a_start_followed_by_will_looks_ahead_whatever_the_parse() -> None:
    found = {x.text: x.date for x in resolve(
        "The trigger was a set of rules Japan published on Thursday, which widen controls and, "
        "from Dec. 1, will require foreign companies to seek approval.", date(2025, 10, 11))}
    assert found["Dec. 1"] == "2025-12-01"
