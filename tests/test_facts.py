"""Tariff figures, events and the merged timeline on hand-made articles (not the sample corpus)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import facts

# Canonical names the entity stage would give; the tests place them by hand.
NAMES = {
    "U.S.": ("GPE", "United States"),
    "Washington": ("GPE", "United States"),
    "American": ("NORP", "United States"),
    "Canada": ("GPE", "Canada"),
    "Canadian": ("NORP", "Canada"),
    "Ottawa": ("GPE", "Ottawa"),
    "Mexico": ("GPE", "Mexico"),
    "Mexican": ("NORP", "Mexico"),
    "Japan": ("GPE", "Japan"),
    "Japanese": ("NORP", "Japan"),
    "India": ("GPE", "India"),
    "Lima": ("GPE", "Lima"),
    "Brussels": ("GPE", "European Union"),
    "Seoul": ("GPE", "Seoul"),
    "Osaka": ("GPE", "Osaka"),
    "Jakarta": ("GPE", "Jakarta"),
    "Maria Lopez": ("PERSON", "Maria Lopez"),
}


def entities_for(
    article_id: str, text: str, names: dict | None = None, affiliation: dict | None = None
) -> pd.DataFrame:
    """Entity rows for every listed name in `text`, as the entity stage would give them."""
    rows = []
    for name, (label, canonical) in (names or NAMES).items():
        for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?!\w)", text):
            rows.append(
                {
                    "article_id": article_id, "sentence_id": 0, "start_char": m.start(),
                    "end_char": m.end(), "text": name, "label": label, "canonical": canonical,
                    "role": None, "affiliation": (affiliation or {}).get(canonical),
                }
            )  # fmt: skip
    return pd.DataFrame(rows)


def run(text: str, published: str = "2025-06-12", article_id: str = "a1") -> dict:
    chunk = pd.DataFrame(
        {"article_id": [article_id], "text": [text], "published": [published], "title": ["t"]}
    )
    return facts.process_batch(chunk, entities=entities_for(article_id, text))


def figures(text: str, published: str = "2025-06-12") -> list[tuple]:
    t = run(text, published)["tariffs"]
    return [
        (r.rate_percent, r.imposer, r.target, r.action, r.rate_role)
        for r in t.itertuples(index=False)
    ]


def tariffs_with(
    text: str, names: dict, article_id: str = "x", affiliation: dict | None = None
) -> pd.DataFrame:
    """The tariff rows of one article whose entities are `names` (not the default table)."""
    chunk = pd.DataFrame({"article_id": [article_id], "text": [text],
                          "published": ["2025-06-12"], "title": ["t"]})  # fmt: skip
    ents = entities_for(article_id, text, names, affiliation)
    return facts.process_batch(chunk, entities=ents)["tariffs"]


def test_stated_rate_in_force_with_parties_and_approximation() -> None:
    text = "U.S. duties on Canadian lumber, which now stand at roughly 45%, weigh on builders."
    t = run(text)["tariffs"]
    assert len(t) == 1
    row = t.iloc[0]
    assert (row.imposer, row.target, row.rate_percent) == ("United States", "Canada", 45.0)
    assert bool(row.approximate) and row.action == "in_force"
    assert row.product_scope.startswith("Canadian lumber")


def test_possessive_retaliation_names_the_imposer() -> None:
    got = figures("Canada's 25% retaliation against American steel hit mills in Ohio.")
    assert got == [(25.0, "Canada", "United States", "imposed", None)]


def test_cut_to_a_rate() -> None:
    got = figures("Washington will cut the reciprocal tariff on Mexican avocados to 12%.")
    assert got == [(12.0, "United States", "Mexico", "cut", None)]


def test_from_to_gives_two_rows_with_roles() -> None:
    got = figures("Japan lowered its levy on American rice from 27.5% to 15% this spring.")
    assert got == [
        (27.5, "Japan", "United States", "cut", "from"),
        (15.0, "Japan", "United States", "cut", "to"),
    ]


def test_threat_with_effective_date() -> None:
    t = run("Brussels threatened an additional 50% tariff on American whiskey from July 1.")[
        "tariffs"
    ]
    row = t.iloc[0]
    assert (row.imposer, row.target, row.action) == (
        "European Union",
        "United States",
        "threatened",
    )
    assert row.effective_date == "2025-07-01"


def test_suspend_one_rate_keep_another() -> None:
    got = figures("India suspends the 20% duty on U.S. almonds for six months but keeps 5%.")
    assert got == [
        (20.0, "India", "United States", "suspended", None),
        (5.0, "India", "United States", "in_force", None),
    ]


def test_keep_until_a_later_date_is_an_extension() -> None:
    t = run("Ottawa will keep the duty on U.S. dairy at 8% until March 31, 2026.")["tariffs"]
    row = t.iloc[0]
    assert (row.imposer, row.target, row.action) == ("Canada", "United States", "extended")
    assert row.until_date == "2026-03-31"


def test_percentages_that_are_not_tariffs() -> None:
    text = (
        "Japan's economy grew 1.2% in the first quarter. "
        "A survey found 62% of voters oppose the tariffs. "
        "Canadian firms hold a 40% share of the market despite new duties. "
        "Exports to Mexico fell 3% after the levies."
    )
    assert run(text)["tariffs"].empty


def test_figure_without_country_continues_the_story() -> None:
    text = (
        "Canada imposed a 25% tariff on American steel in March. "
        "Mills say the 25% rate and a further 10% charge on fittings hurt."
    )
    got = set(figures(text))
    assert (10.0, "Canada", "United States", "imposed", None) in got


def test_events_meeting_deadline_and_background() -> None:
    text = (
        "Trade ministers met in Lima on Tuesday, following earlier rounds in Seoul and Osaka. "
        "The quota deal runs until at least September 30, 2025, officials said."
    )
    ev = run(text)["events"]
    meeting = ev[(ev["kind"] == "meeting") & ev["date"].notna()].iloc[0]
    assert (meeting.date, meeting.date_rule, meeting.place) == (
        "2025-06-10",
        "weekday_past",
        "Lima",
    )
    assert not meeting.is_background
    undated = ev[ev["date"].isna()]
    assert sorted(undated["place"]) == ["Osaka", "Seoul"]
    assert undated["is_background"].all()
    deadline = ev[ev["kind"] == "deadline"].iloc[0]
    assert (deadline.date, deadline.date_bound) == ("2025-09-30", "at_least")


def test_truce_duration_from_start_gives_its_end() -> None:
    text = "A 60-day truce began on May 2 after talks in Jakarta."
    ev = run(text)["events"]
    end = ev[ev["date_rule"] == "duration_from_start"]
    assert list(end["date"]) == ["2025-07-01"]
    assert list(end["kind"]) == ["deadline"]


def test_background_event_by_date() -> None:
    ev = run("Canada signed a steel accord with Mexico last month.")["events"]
    assert list(ev["date"]) == ["2025-05"]
    assert ev["is_background"].all()


def test_empty_chunk_has_the_contract_columns() -> None:
    out = facts.process_batch(
        pd.DataFrame(columns=["article_id", "text", "published", "title"]),
        entities=pd.DataFrame(columns=["article_id"]),
    )
    assert list(out["events"].columns) == facts.EVENT_COLUMNS
    assert list(out["tariffs"].columns) == facts.TARIFF_COLUMNS
    assert out["events"].empty and out["tariffs"].empty


def test_merge_joins_sources_and_keeps_conflicts() -> None:
    a = "Trade ministers met in Lima on Tuesday. U.S. tariffs on Canadian lumber stand at 45%."
    b = "Ministers met in Lima on Tuesday. U.S. duties on Canadian lumber remain at 47%."
    arts = pd.DataFrame(
        {"article_id": ["a1", "b2"], "text": [a, b], "published": ["2025-06-12"] * 2}
    )
    ents = pd.concat([entities_for("a1", a), entities_for("b2", b)])
    out = facts.process_batch(arts, entities=ents)
    tl = facts.merge_timeline(out["events"], out["tariffs"], arts)
    meeting = tl[(tl["record"] == "event") & (tl["kind"] == "meeting")]
    assert len(meeting) == 1
    assert list(meeting.iloc[0]["sources"]) == ["a1", "b2"]
    assert meeting.iloc[0]["n_sources"] == 2
    rates = tl[tl["record"] == "tariff"].set_index("rate_percent")
    assert sorted(rates.index) == [45.0, 47.0]
    assert list(rates.loc[45.0, "conflicting_rates"]) == [47.0]
    assert list(rates.loc[47.0, "sources"]) == ["b2"]


def test_merge_of_nothing_has_timeline_columns() -> None:
    empty = facts.process_batch(
        pd.DataFrame(columns=["article_id", "text", "published"]), entities=None
    )
    tl = facts.merge_timeline(empty["events"], empty["tariffs"], pd.DataFrame(
        columns=["article_id", "published"]))  # fmt: skip
    assert list(tl.columns) == facts.TIMELINE_COLUMNS and tl.empty


def test_bare_points_after_percentage_points() -> None:
    text = (
        "Mexico suspended 12 percentage points of its levy on Canadian steel. "
        "Canada suspended the same 12 points on Mexican steel."
    )
    got = figures(text)
    assert (12.0, "Mexico", "Canada", "suspended", None) in got
    assert (12.0, "Canada", "Mexico", "suspended", None) in got
    # Without the earlier "percentage points", "points" is not a tariff unit.
    assert figures("Canada's index lost 12 points on Friday.") == []


def test_comma_and_starts_a_new_party_clause() -> None:
    text = (
        "Japanese duties on Canadian canola could rise to 40% from the current 20%, "
        "and Canada's levy on Japanese cars could return to 25% from 5%."
    )
    got = figures(text)
    assert (20.0, "Japan", "Canada", "in_force", "from") in got
    assert (5.0, "Canada", "Japan", "in_force", "from") in got
    assert (40.0, "Japan", "Canada", "threatened", "to") in got


def rows(text: str, published: str = "2025-06-12") -> list[dict]:
    return run(text, published)["tariffs"].to_dict("records")


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("Canada hiked its duty on Japanese cars to 35% on Monday.", "raised"),
        ("Japan doubled the levy on Canadian canola to 40%.", "raised"),
        ("Mexico slashed its tariff on Japanese steel to 5%.", "cut"),
        ("The duty on Mexican avocados was halved to 8% last week.", "cut"),
        ("India warned it could slap a 50% duty on Japanese cars.", "threatened"),
        ("Ottawa plans to raise the levy on Mexican steel to 30%.", "threatened"),
        ("Japan would impose a 60% tariff on Canadian pork if talks fail.", "threatened"),
        ("Japan will impose a 60% tariff on Canadian pork next month.", "imposed"),
        ("Canada paused its 25% surcharge on Mexican steel.", "suspended"),
        ("Mexico extended the 12% duty on Canadian wheat.", "extended"),
        ("Japan levied a 15% duty on Canadian lumber.", "imposed"),
        ("Tariffs on Mexican cement now stand at 45%.", "in_force"),
        ("Duties on Japanese rice remain at 20% despite the talks.", "in_force"),
        ("India scrapped its 10% tariff on Canadian lentils.", "removed"),
        ("Canada lifted the 20% duty on Japanese beef.", "removed"),
        ("A 5% levy on Canadian paper took effect on Friday.", "imposed"),
    ],
)
def test_action_from_the_governing_verb(sentence: str, action: str) -> None:
    got = rows(sentence)
    assert [r["action"] for r in got] == [action], got


def test_instead_of_raising_is_a_suspension_and_a_would_cut_is_a_cut() -> None:
    got = rows("Japan agreed it would cut the levy on Canadian pork from 30% to 12%.")
    assert [(r["rate_role"], r["action"]) for r in got] == [("from", "cut"), ("to", "cut")]
    got = rows("Canada will keep the duty at 9% rather than letting it climb to 30%.")
    assert {r["rate_percent"]: r["action"] for r in got}[30.0] == "suspended"


def test_from_to_pair_shares_measure_and_scope() -> None:
    got = rows("Mexico cut the fentanyl-related tariff on Canadian goods from 25% to 15%.")
    assert [(r["measure"], r["scope"]) for r in got] == [("fentanyl", "component")] * 2


@pytest.mark.parametrize(
    ("sentence", "scope", "product"),
    [
        ("Combined U.S. duties on Mexican goods reached 55% in May.", "overall", "Mexican goods"),
        ("U.S. tariffs on Japanese goods now stand at 25%.", "overall", "Japanese goods"),
        ("Japan kept its 10% reciprocal tariff on Canadian goods.", "component", "Canadian goods"),
        ("Canada suspended 12 percentage points of its levy on Japan.", "component", None),
        ("India imposed a 20% duty on Canadian lentils and peas.", "product",
         "Canadian lentils and peas"),
        ("Japanese soybean cargoes will still face a combined duty of about 13%.", "product",
         "Japanese soybean cargoes"),
        ("Mexico said the 20% tariff was final.", "unspecified", None),
    ],
)  # fmt: skip
def test_scope_and_product_phrase(sentence: str, scope: str, product: str | None) -> None:
    text = "Mexico and Japan traded tariff threats. " + sentence
    got = rows(text)
    assert [(r["scope"], r["product_scope"]) for r in got] == [(scope, product)], got


def test_headline_function_words_end_the_product_phrase() -> None:
    got = rows("India Hits Back With Levies On Canadian Coal And Lentils After Canada's 10% Tariff")
    assert got and all(
        r["product_scope"] in (None, "Canadian Coal And Lentils") for r in got
    ), got


def test_country_alone_is_not_a_product_scope() -> None:
    got = rows("Canada threatens an extra 50% tariff on Japan over rice quotas.")
    assert got[0]["product_scope"] is None and got[0]["target"] == "Japan"


@pytest.mark.parametrize(
    ("sentence", "effective", "until"),
    [
        ("Japan will impose a 25% duty on Canadian pork from July 1.", "2025-07-01", None),
        ("Canada's 10% levy on Japanese steel took effect on Tuesday.", "2025-06-10", None),
        ("Mexico's 15% tariff on Japanese cars, effective June 20, hits dealers.", "2025-06-20",
         None),
        ("Japan cut its duty on Canadian beef to 9% on May 14 for 90 days.", "2025-05-14",
         "2025-08-12"),
        ("Canada will keep the levy on Mexican steel at 8% until November 10.", None,
         "2025-11-10"),
        ("Japan imposed a 25% duty on Canadian pork, officials said.", None, None),
    ],
)  # fmt: skip
def test_effective_and_until_dates_from_the_clause(
    sentence: str, effective: str | None, until: str | None
) -> None:
    got = rows(sentence)
    assert [(r["effective_date"], r["until_date"]) for r in got] == [(effective, until)], got


NAMES.update(
    {
        "Lisbon": ("GPE", "Lisbon"),
        "Ana Silva": ("PERSON", "Ana Silva"),
        "Li Wei": ("PERSON", "Li Wei"),
        "AgriCo": ("ORG", "AgriCo"),
    }
)


def events_of(text: str, published: str = "2025-06-12") -> pd.DataFrame:
    return run(text, published)["events"]


def test_meeting_label_names_parties_and_city() -> None:
    ev = events_of("Canadian and Mexican negotiators met in Lisbon on Tuesday.")
    row = ev[ev["kind"] == "meeting"].iloc[0]
    assert (row.description, row.place) == ("Canada–Mexico talks in Lisbon", "Lisbon")


def test_a_threat_dated_by_its_own_verb_is_an_announcement() -> None:
    ev = events_of("Exporters shrugged off the 40% levy Ottawa had threatened earlier this month.")
    assert list(ev["kind"]) == ["announcement"]


def test_meeting_without_in_takes_the_city_or_the_lead_place() -> None:
    ev = events_of("The Lisbon round of talks resumed on Monday.")
    assert list(ev["place"]) == ["Lisbon"]
    text = (
        "Japan and Canada hold trade talks in Lisbon.\n\n"
        "Officials said the talks would end on Friday."
    )
    ev = events_of(text)
    assert list(ev[ev["date"] == "2025-06-13"]["place"]) == ["Lisbon"]


def test_call_between_leaders_is_labelled_by_family_names() -> None:
    ev = events_of("Ana Silva and Maria Lopez spoke by phone on Wednesday.")
    assert list(ev["description"]) == ["Silva–Lopez call"]
    assert ev["place"].isna().all()
    # Chinese names put the family name first.
    assert facts.short_name("Li Wei", "China", person=True) == "Li"
    assert facts.short_name("United States") == "US"


def test_tariff_event_label_comes_from_its_figure() -> None:
    ev = events_of("Japan raised its tariff on Canadian pork to 40% on Monday.")
    assert list(ev["description"]) == ["Japan tariff on Canadian pork raised to 40%"]


def test_announcement_label_is_subject_verb_object() -> None:
    ev = events_of("On Monday, Mexico announced an anti-dumping probe into Japanese steel.")
    assert list(ev["description"]) == ["Mexico announces anti-dumping probe"]


def test_deadline_label_names_the_company() -> None:
    ev = events_of("AgriCo must divest its Canadian unit by Friday or face a ban.")
    assert list(ev["description"]) == ["AgriCo sale deadline"]
    assert all(len(d) <= 60 for d in ev["description"])


def test_truce_carries_its_span_from_start_and_duration() -> None:
    ev = events_of("Japan and Canada began a 90-day tariff truce on May 14.")
    truce = ev[ev["kind"] == "truce"].iloc[0]
    assert (truce.date, truce.date_end) == ("2025-05-14", "2025-08-12")
    assert truce.description.startswith("90-day tariff truce")


def test_truce_extended_by_a_duration_to_a_date() -> None:
    ev = events_of("Mexico and Japan extended their tariff truce by 90 days to November 10.")
    truce = ev[ev["kind"] == "truce"].iloc[0]
    assert (truce.date, truce.date_end) == ("2025-08-12", "2025-11-10")


def test_merge_joins_one_meeting_reported_at_several_precisions() -> None:
    texts = {
        "a1": "Canadian and Mexican officials met in Lisbon on Tuesday.",
        "b2": "Since the Lisbon meeting last month, Canada has stalled.",
        "c3": "It followed earlier talks in Lisbon and Lima.",
        "d4": "Mexico announced a 5% tariff in Lisbon on Tuesday.",
    }
    published = {"a1": "2025-06-12", "b2": "2025-07-20", "c3": "2025-08-01", "d4": "2025-06-12"}
    arts = pd.DataFrame({"article_id": list(texts), "text": list(texts.values()),
                         "published": [published[k] for k in texts]})  # fmt: skip
    ents = pd.concat([entities_for(k, t) for k, t in texts.items()])
    out = facts.process_batch(arts, entities=ents)
    tl = facts.merge_timeline(out["events"], out["tariffs"], arts)
    lisbon = tl[(tl["kind"] == "meeting") & (tl["place"] == "Lisbon")]
    assert len(lisbon) == 1
    assert list(lisbon.iloc[0]["sources"]) == ["a1", "b2", "c3"]
    assert lisbon.iloc[0]["date"] == "2025-06-10"
    # Another kind of event on the same day in the same city stays apart.
    assert len(tl[(tl["record"] == "event") & (tl["date"] == "2025-06-10")]) == 2


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("Mexico matched Canada with a 30% levy on Canadian cars.", "imposed"),
        ("Japan's new duty brings the total tariff on Canadian beef to 70%.", "raised"),
        ("Canadian lumber will face a 20% duty from August 1.", "imposed"),
        ("Canadian lumber will still face a combined 20% duty.", "in_force"),
    ],
)
def test_more_governing_verbs(sentence: str, action: str) -> None:
    assert [r["action"] for r in rows(sentence)] == [action]


# ------------------------------------------------------------------ outlet wording (new
# sentences in the styles of wire services and state media; none is from the sample corpus)
OUTLET_NAMES = {
    **NAMES,
    "China": ("GPE", "China"),
    "Chinese": ("NORP", "China"),
    "Beijing": ("GPE", "China"),
    "United States": ("GPE", "United States"),
    "US": ("GPE", "United States"),
    "America": ("GPE", "United States"),
    "Trump": ("PERSON", "Donald Trump"),
    "White House": ("ORG", "White House"),
    "Ministry of Commerce": ("ORG", "Ministry of Commerce of China"),
    "Tokyo": ("GPE", "Japan"),
    "Xi Jinping": ("PERSON", "Xi Jinping"),
}
AFFILIATION = {"Donald Trump": "United States", "Xi Jinping": "China"}


def outlet_figures(text: str, published: str = "2025-06-12") -> list[tuple]:
    """(rate, imposer, target, action) of a text, entities placed as the entity stage would."""
    chunk = pd.DataFrame({"article_id": ["o1"], "text": [text], "published": [published],
                          "title": ["t"]})  # fmt: skip
    ents = entities_for("o1", text, OUTLET_NAMES, AFFILIATION)
    t = facts.process_batch(chunk, entities=ents)["tariffs"]
    return [(r.rate_percent, r.imposer, r.target, r.action) for r in t.itertuples(index=False)]


US, CN = "United States", "China"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Beijing hit back with a 34% charge on American imports.", (34, CN, US, "imposed")),
        ("Washington slapped 25% levies on Chinese steel last year.", (25, US, CN, "imposed")),
        ("China Raises Tariffs On US Goods To 125% As Trade War Deepens",
         (125, CN, US, "raised")),
        ("Trump Slaps 50% Duty On Chinese Cranes", (50, US, CN, "imposed")),
        ("Beijing Hits Back With 15% Tariffs On US Coal, LNG", (15, CN, US, "imposed")),
        ("Tariffs of 125% were imposed by Beijing on U.S. goods in April.",
         (125, CN, US, "imposed")),
        ("The levy on American soybeans was raised to 25% by Beijing.", (25, CN, US, "raised")),
        ("China's tariffs on U.S. goods, currently 10%, will stay in place.",
         (10, CN, US, "in_force")),
        ("Beijing imposed retaliatory tariffs of 15% on coal and liquefied natural gas from the"
         " United States.", (15, CN, US, "imposed")),
        ("Trump said he would lower the fentanyl tariff on China to 10%.", (10, US, CN, "cut")),
        ("China's 24% levy on American goods, suspended for 90 days in May, will stay on hold.",
         (24, CN, US, "suspended")),
        ("Beijing matched the U.S. rate with a 34% levy on all American products.",
         (34, CN, US, "imposed")),
        ("Washington lifted the rate on Chinese imports to 145%.", (145, US, CN, "raised")),
        ("Washington doubled the tariff on Chinese goods to 20% in March.",
         (20, US, CN, "raised")),
        ("Beijing's 10% levy on American crude oil remains in force.", (10, CN, US, "in_force")),
        ("Chinese tariffs on U.S. farm goods rose to 15% on March 10.", (15, CN, US, "raised")),
        ("Goods from China now face a 30% U.S. tariff.", (30, US, CN, "in_force")),
        ("Beijing retaliated with an 84% tariff on U.S. products on Wednesday.",
         (84, CN, US, "imposed")),
        ("Trump raised the so-called reciprocal rate on China to 125%.", (125, US, CN, "raised")),
        ("Mexico's 20% counter-tariffs against U.S. pork stay in place.",
         (20, "Mexico", US, "in_force")),
        ("China decided to impose an additional 10 percent tariff on coal imported from the"
         " United States.", (10, CN, US, "imposed")),
        ("Ottawa hit back with a 25% surtax on American steel.", (25, "Canada", US, "imposed")),
        ("The White House said the combined rate on Chinese goods would fall to 47%.",
         (47, US, CN, "cut")),
        ("The Ministry of Commerce said China would suspend the 24% additional tariff on U.S."
         " goods for another year.", (24, CN, US, "suspended")),
        ("Japanese cars face a 15% U.S. tariff under the deal struck with Tokyo.",
         (15, US, "Japan", "in_force")),
        ("US Cuts Fentanyl Tariff On China To 10% After Trump-Xi Summit",
         (10, US, CN, "cut")),
        ("Washington's duties on Chinese electric vehicles stand at 100%.",
         (100, US, CN, "in_force")),
        ("A 20% duty on Canadian lumber was imposed by Washington in August.",
         (20, US, "Canada", "imposed")),
        ("Beijing said it would raise its levies on U.S. goods to 125%, matching Washington.",
         (125, CN, US, "threatened")),
        ("In response, China imposed a 10% tariff on U.S. crude oil, farm machinery and"
         " large-engine cars.", (10, CN, US, "imposed")),
        ("The U.S. will charge a 20% tariff on all Chinese imports, the White House said.",
         (20, US, CN, "imposed")),
        ("Chinese exporters now pay duties of roughly 55% to ship to the U.S.",
         (55, US, CN, "in_force")),
        ("Against this backdrop, Beijing kept its 10% tariff on American goods.",
         (10, CN, US, "in_force")),
        ("President Xi Jinping's government responded with a 125% levy on U.S. products.",
         (125, CN, US, "imposed")),
        ("Duties of 15% on U.S. chicken were announced by China's commerce ministry.",
         (15, CN, US, "imposed")),
        ("The U.S. raised the levy to 25% on $200 billion of Chinese goods.",
         (25, US, CN, "raised")),
        ("China Slaps Extra 15% Levy On US Farm Goods From March 10", (15, CN, US, "imposed")),
        ("Beijing To Suspend 24% Tariff On American Goods For A Year",
         (24, CN, US, "suspended")),
        ("Tariffs on Chinese goods would rise to 50% if Beijing does not back down, Trump"
         " warned.", (50, US, CN, "threatened")),
        ("Chinese goods face duties of about 47% after the deal.", (47, None, CN, "in_force")),
    ],
)
def test_outlet_wording(sentence: str, expected: tuple) -> None:
    rate, imposer, target, action = expected
    got = [g for g in outlet_figures(sentence) if g[0] == rate]
    assert got == [(float(rate), imposer, target, action)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Beijing lifted its retaliatory rate on American goods to 84% on Wednesday.",
         (84, CN, US, "raised")),
        ("China will lift the 34% levy on U.S. farm goods from next week.",
         (34, CN, US, "removed")),
        ("The White House said the rate on Chinese imports would be lowered to 30%.",
         (30, US, CN, "cut")),
        ("Trump said he would reduce the fentanyl levy on Chinese goods to 10%.",
         (10, US, CN, "cut")),
        ("Washington agreed to extend the suspension of the 24% tariff on Chinese goods.",
         (24, US, CN, "suspended")),
        ("The 24% levy on U.S. goods, suspended by Beijing for 90 days in May, was paused for"
         " another year.", (24, CN, US, "suspended")),
        ("Beijing scrapped the 15% duty on American chicken.", (15, CN, US, "removed")),
        ("U.S. duties on Chinese goods are expected to climb to 104% on Wednesday.",
         (104, US, CN, "raised")),
        ("Beijing warned it could impose a 50% levy on U.S. aircraft parts.",
         (50, CN, US, "threatened")),
        ("Chinese imports have faced a 20% U.S. fentanyl tariff since March.",
         (20, US, CN, "in_force")),
        ("China's 10% duty on American crude oil remains unchanged.", (10, CN, US, "in_force")),
        ("Washington on Monday more than doubled its tariffs on Chinese goods to 54%.",
         (54, US, CN, "raised")),
        ("Beijing Scraps 24% Levy On US Goods For Another Year", (24, CN, US, "removed")),
        ("Trump Threatens 100% Tariff On Chinese Imports", (100, US, CN, "threatened")),
        ("China slashed its duties on U.S. goods to 10% from 125%.", (10, CN, US, "cut")),
        ("The new duties, which took effect on Wednesday, bring the total levy on Chinese goods"
         " to 145%.", (145, None, CN, "raised")),
        ("The 34% tariff on U.S. goods that would have kicked in on Nov. 10 was suspended by"
         " Beijing for another year.", (34, CN, US, "suspended")),
        ("Beijing responded by raising its tariff on all U.S. goods to 125%.",
         (125, CN, US, "raised")),
        ("Beijing announced a 34% tariff on all U.S. imports, effective April 10.",
         (34, CN, US, "imposed")),
        ("Trump warned that tariffs on China could reach 145%.", (145, US, CN, "threatened")),
        ("China's 15% tariff on U.S. coal took effect on Feb. 10.", (15, CN, US, "imposed")),
        ("Washington halved the fentanyl tariff on China to 10%.", (10, US, CN, "cut")),
        ("A 24% additional tariff on U.S. goods will remain suspended for one year, Beijing"
         " said.", (24, CN, US, "suspended")),
        ("Chinese goods remain subject to tariffs of about 47%.", (47, None, CN, "in_force")),
        ("The U.S. will keep a 10% baseline tariff on Chinese goods.", (10, US, CN, "in_force")),
    ],
)
def test_outlet_actions(sentence: str, expected: tuple) -> None:
    rate, imposer, target, action = expected
    got = [g for g in outlet_figures(sentence) if g[0] == rate]
    assert got == [(float(rate), imposer, target, action)]


# ------------------------------------------------------------------ ranges, places, deadline
# labels and single-layer scope (sentences written for these rules, not from the corpus)
def event_keys(text: str, published: str = "2025-06-12") -> list[tuple]:
    ev = run(text, published)["events"]
    return [
        (r.kind, r.date, r.date_end if isinstance(r.date_end, str) else None, r.place)
        for r in ev.itertuples(index=False)
    ]


def test_day_range_gives_both_days_to_the_meeting() -> None:
    ev = event_keys("Canadian and Japanese envoys held talks in Osaka on May 20-21.")
    assert ("meeting", "2025-05-20", "2025-05-21", "Osaka") in ev


def test_each_meeting_takes_the_place_named_in_its_own_part_of_the_sentence() -> None:
    text = (
        "Envoys met in Ottawa to prepare the summit.\n\n"
        "After a preparatory round in Seoul last weekend, the leaders will hold the summit in "
        "Jakarta on Thursday.\n\n"
        "The summit on Thursday is expected to settle the quota dispute."
    )
    ev = event_keys(text, "2025-06-10")
    assert ("meeting", "2025-06-12", None, "Jakarta") in ev
    assert ("meeting", "2025-06-07", "2025-06-08", "Seoul") in ev
    # "The summit" names no place: it takes the one the article gives that day, not the lead's.
    assert all(p != "Ottawa" for k, d, _, p in ev if k == "meeting" and d == "2025-06-12")


def test_anaphoric_talks_still_take_the_lead_place() -> None:
    text = (
        "Canadian and Japanese officials open talks in Lima.\n\n"
        "The talks on Friday will cover lumber quotas."
    )
    assert ("meeting", "2025-06-13", None, "Lima") in event_keys(text)


def test_deadline_is_labelled_by_what_it_ends() -> None:
    text = (
        "Canada cut its tariff on Japanese steel to 8%, while the suspension of its 15% tariff "
        "on Japanese cars runs until 10 November 2026."
    )
    ev = run(text)["events"]
    dl = ev[(ev["kind"] == "deadline") & (ev["date"] == "2026-11-10")]
    assert len(dl) == 1
    label = dl["description"].iloc[0]
    assert "15% tariff suspension ends" in label and "8%" not in label


def scopes(text: str) -> dict[float, str]:
    t = run(text)["tariffs"]
    return {r.rate_percent: r.scope for r in t.itertuples(index=False)}


def test_single_named_layer_on_all_goods_is_the_overall_rate_both_ways() -> None:
    # The only US figure on Mexico: a named layer on all Mexican goods.
    assert scopes(
        "Washington doubled the opioid tariff on all Mexican goods to 30%, officials said."
    ) == {30.0: "overall"}
    assert scopes("Mexico answered with a retaliatory 20% tariff on all U.S. imports.") == {
        20.0: "overall"
    }


def test_named_layer_stays_a_component_when_another_layer_is_mentioned() -> None:
    text = (
        "Washington doubled the opioid tariff on all Mexican goods to 30%.\n\n"
        "The U.S. reciprocal tariff of 10% on Mexico also still applies."
    )
    assert scopes(text)[30.0] == "component"


# ------------------------------------------------------------------ attribution across clauses
# (new sentences; the capitals are given the country they speak for, as the entity stage does)
CLAUSE_NAMES = {
    **OUTLET_NAMES,
    "Ottawa": ("GPE", "Canada"),
    "Canada": ("GPE", "Canada"),
    "EU": ("GPE", "European Union"),
    "Brussels": ("GPE", "European Union"),
    "Mexico City": ("GPE", "Mexico"),
}
EU, CA, JP, MX = "European Union", "Canada", "Japan", "Mexico"


def clause_rows(text: str, published: str = "2025-06-12") -> list[dict]:
    chunk = pd.DataFrame({"article_id": ["c1"], "text": [text], "published": [published],
                          "title": ["t"]})  # fmt: skip
    ents = entities_for("c1", text, CLAUSE_NAMES, AFFILIATION)
    return facts.process_batch(chunk, entities=ents)["tariffs"].to_dict("records")


def _none(value: object) -> object:
    return None if pd.isna(value) else value  # a column with a missing date holds NaN


def parties(text: str) -> list[tuple]:
    return [(r["rate_percent"], r["imposer"], r["target"]) for r in clause_rows(text)]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Tokyo Hits Back As Washington Raises Japan Car Duty To 25%", [(25.0, US, JP)]),
        ("Ottawa Vows Response After Trump Lifts Canada Tariff To 35%", [(35.0, US, CA)]),
        ("Brussels Weighs Options Amid Trump Hike Of EU Steel Levy To 50%", [(50.0, US, EU)]),
        ("Mexico City Holds Talks While Washington Raises Mexico Tariff To 30%",
         [(30.0, US, MX)]),
        ("Trump's China Tariff Rises To 20% As Talks Stall", [(20.0, US, CN)]),
        # Negative: the figure's own clause already names its parties the usual way.
        ("China Raises Tariffs On US Goods To 125% As Trade War Deepens", [(125.0, CN, US)]),
    ],
)  # fmt: skip
def test_headline_figure_takes_the_actor_of_its_own_clause(
    headline: str, expected: list[tuple]
) -> None:
    assert parties(headline) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The deal replaces Ottawa's earlier response, which took effect in March and put "
         "duties of 25% on American steel and 10% on U.S. orange juice.",
         [(25.0, CA, US), (10.0, CA, US)]),
        ("Officials pointed to the EU's countermeasures package, which imposed levies of 20% "
         "on American motorcycles and 5% on bourbon.", [(20.0, EU, US), (5.0, EU, US)]),
        ("Markets shrugged off Tokyo's second round, which placed a 12% charge on U.S. beef "
         "and 8% on oranges.", [(12.0, JP, US), (8.0, JP, US)]),
        ("Exporters looked past Beijing's latest set of measures, which added a 10% tariff on "
         "American pork.", [(10.0, CN, US)]),
    ],
)  # fmt: skip
def test_owner_of_a_measures_noun_imposes_what_its_relative_clause_says(
    sentence: str, expected: list[tuple]
) -> None:
    assert parties(sentence) == expected


def test_relative_clause_on_a_non_measure_noun_does_not_make_an_imposer() -> None:
    # Negative: "Japan's exporters" bear the duty; owning them makes no one an imposer.
    got = parties("Japan's exporters, which face 25% duties on cars, lobbied Tokyo.")
    assert got and got[0][1] != JP


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("Canada will impose a 25% duty on American steel from July 1, officials said, after "
         "Trump raised his levy on Canadian aluminium to 50%.",
         [("2025-07-01", None), (None, None)]),
        ("Japan will apply a 10% tariff on U.S. beef from August 3, while Washington keeps its "
         "24% levy on Japanese cars.", [("2025-08-03", None), (None, None)]),
        ("Mexico's 15% duty on American pork takes effect on June 20, but the U.S. tariff on "
         "Mexican tomatoes stays at 17%.", [("2025-06-20", None), (None, None)]),
        # Governed by the same verb: coordinated figures share the date after both.
        ("Japan will impose a 25% duty on Canadian pork and a 10% duty on Canadian wheat from "
         "July 1.", [("2025-07-01", None), ("2025-07-01", None)]),
    ],
)  # fmt: skip
def test_a_date_belongs_only_to_figures_of_its_own_clause(
    sentence: str, dates: list[tuple]
) -> None:
    got = clause_rows(sentence)
    assert [(_none(r["effective_date"]), _none(r["until_date"])) for r in got] == dates, got


def test_date_after_an_after_clause_boundary_is_not_the_figures() -> None:
    # Negative: the date is when the talks collapsed, not when the duty applies.
    got = clause_rows("Canada imposed a 25% duty on American steel, after talks collapsed on "
                      "June 3.")  # fmt: skip
    assert [_none(r["effective_date"]) for r in got] == [None], got


def test_subject_of_a_raising_passive_imposes() -> None:
    got = figures("Washington had been set to slap 15% duties on Canadian lumber on Sunday.")
    assert got == [(15.0, "United States", "Canada", got[0][3], None)]
    # A plain passive still names whose goods are hit.
    got = figures("Canada was hit with 25% duties by Washington on Monday.")
    assert got[0][1:3] == ("United States", "Canada")


def test_within_a_period_of_the_reported_agreement_counts_from_it() -> None:
    text = (
        "Japan and Canada agreed to a tariff truce at a dinner in Lisbon on Saturday.\n\n"
        "If no deal is reached within 90 days, the duties will rise."
    )
    ev = events_of(text, published="2025-06-15")
    dl = ev[ev["date_rule"] == "offset_from_event"]
    assert list(dl["date"]) == ["2025-09-12"]  # Saturday 14 June + 90 days, not Sunday + 90


def test_a_chronology_entry_is_past_and_dates_its_paragraph() -> None:
    # A list of key dates in the historical present, published in November: "takes effect"
    # would otherwise look ahead to next year.
    text = (
        "Key dates of the lumber dispute\n\n"
        "- Feb. 4 – A 25% Canadian tariff on Japanese lumber takes effect. Tokyo answers "
        "two days later with a 10% duty on Canadian pork, effective Feb. 10.\n\n"
        "- June 2 – Ottawa raises the lumber tariff to 35%."
    )
    ev = events_of(text, published="2025-11-20")
    got = dict(zip(ev["date_text"], ev["date"], strict=False))
    assert got["Feb. 4"] == "2025-02-04"
    assert got["two days later"] == "2025-02-06"
    assert got["Feb. 10"] == "2025-02-10"
    assert got["June 2"] == "2025-06-02"


def test_a_single_year_in_the_title_places_undated_months() -> None:
    text = (
        "How the 2024 lumber dispute unfolded\n\n"
        "From a 25% Canadian levy on Japanese lumber in February to a truce in April: the year."
    )
    ev = events_of(text, published="2024-11-20")
    assert set(ev["date"]) >= {"2024-02", "2024-04"}
    assert set(ev["date_rule"]) >= {"month_title_year"}


def test_parties_come_from_the_rest_of_the_article() -> None:
    text = (
        "Japan will keep its 10% tariffs on Canadian pork, officials said.\n\n"
        "If no deal is reached, the 10% rate would rise to 25%, a spokesman said.\n\n"
        "The pork tariff had been cut to 8% in spring."
    )
    got = {(r[0], r[1], r[2]) for r in figures(text)}
    assert got >= {(10.0, "Japan", "Canada"), (25.0, "Japan", "Canada")}


def test_a_rate_reached_by_a_change_is_not_an_earlier_figure() -> None:
    text = (
        "Japan put a 10% tariff on Canadian pork in March.\n\n"
        "Mexico's fentanyl tariff on Canadian goods stands at 20%.\n\n"
        "The fentanyl tariff is to be cut to 10%."
    )
    got = [r for r in figures(text) if r[3] == "cut"]
    assert got and got[0][1:3] == ("Mexico", "Canada")  # the programme's parties, not Japan's


def test_a_summit_forum_is_never_a_tariff_party() -> None:
    names = {**NAMES, "G20": ("GPE", "Group of 20")}
    text = "At the G20 summit, Japan agreed to drop its 10% levy on Canadian pork."
    t = tariffs_with(text, names, "g")
    assert {(r.imposer, r.target) for r in t.itertuples()} == {("Japan", "Canada")}


def test_a_figure_far_from_its_tariff_noun_is_found_through_the_verb() -> None:
    got = figures(
        "Ottawa said the additional duty that Canada charges on all products made in Japan and"
        " shipped after June will be adjusted from 14% to 22%."
    )
    assert [(r[0], r[3], r[4]) for r in got] == [(14.0, "raised", "from"), (22.0, "raised", "to")]


def test_a_from_to_pair_takes_its_direction_from_the_figures() -> None:
    got = figures("Japan will adjust its levy on Canadian pork from 30% to 12% in July.")
    assert [(r[0], r[3]) for r in got] == [(30.0, "cut"), (12.0, "cut")]


def test_bare_points_after_percentage_points_in_the_same_sentence() -> None:
    got = figures(
        "Japan suspended 12 percentage points of its tariff on Canadian pork; Canada is "
        "suspending the same 12 points of its own levy on Japanese beef."
    )
    assert {(r[0], r[1], r[2]) for r in got} >= {
        (12.0, "Japan", "Canada"), (12.0, "Canada", "Japan")}  # fmt: skip


def test_a_city_in_the_alias_table_is_not_a_tariff_party() -> None:
    assert not {"Osaka", "G7", "Group of 20"} & facts._countries()  # noqa: SLF001
    assert {"United States", "China", "European Union"} <= facts._countries()  # noqa: SLF001


def test_a_rate_charged_on_goods_without_a_tariff_noun() -> None:
    got = figures("Japan has charged 12% on $40 billion of Canadian imports since March.")
    assert [(r[0], r[1], r[2]) for r in got] == [(12.0, "Japan", "Canada")]
    got = figures("It comes on top of the 8% already levied on Canadian pork by Japan.")
    assert [r[0] for r in got] == [8.0]
    # A quantity that moved is not a rate charged on goods.
    assert figures("Japanese exports to Canada added 12% on the year.") == []


def test_a_country_whose_rate_moves_to_a_figure_among_tariff_sentences() -> None:
    text = (
        "Japan raised its tariff on Canadian pork to 40% on Monday. "
        "Canada goes to 35% and, from June 20, to 45%."
    )
    got = {(r[0], r[1], r[2]) for r in figures(text)}
    assert got >= {(35.0, "Canada", "Japan"), (45.0, "Canada", "Japan")}


def test_elliptic_possessive_names_the_second_imposer() -> None:
    text = (
        "Japan raised its tariff on Canadian pork to 40% on Monday. "
        "From mid-June the Japanese rate falls to 20% and Canada's to 15%."
    )
    got = {(r[0], r[1], r[2]) for r in figures(text)}
    assert got >= {(20.0, "Japan", "Canada"), (15.0, "Canada", "Japan")}


def test_as_do_opens_a_new_clause_with_its_own_parties() -> None:
    got = figures(
        "The 25% tariff on Canadian steel stays, as do Canada's retaliatory duties of 10% on"
        " Japanese cars."
    )
    assert [(r[0], r[2]) for r in got] == [(25.0, "Canada"), (10.0, "Japan")]
    assert got[1][1] == "Canada"


def test_list_lines_after_a_colon_keep_the_tariff_topic() -> None:
    text = (
        "Japan said it would raise tariffs on Canadian goods. The increases are:\n\n"
        "Pork: from 20% to 35% in July.\n\n"
        "Canola: from zero to 15% next year."
    )
    got = {(r[0], r[3], r[4]) for r in figures(text)}
    assert got >= {(20.0, "raised", "from"), (35.0, "raised", "to"), (15.0, "raised", "to")}


def test_an_undated_truce_recalled_by_its_place_is_a_background_event() -> None:
    ev = events_of("Good morning. The truce agreed in Lisbon is over, at least on paper.")
    row = ev[ev["kind"] == "truce"].iloc[0]
    assert (row.date, row.place, bool(row.is_background)) == (None, "Lisbon", True)
    # With a date it is the dated truce, not an undated one.
    ev = events_of("The truce agreed in Lisbon in May still holds.")
    assert ev["date"].notna().all()


def test_a_truce_named_by_its_city_is_a_background_event() -> None:
    ev = events_of("The Jakarta round last week, the first since the Lisbon truce, ended early.")
    row = ev[ev["kind"] == "truce"].iloc[0]
    assert (pd.isna(row.date), row.place, bool(row.is_background)) == (True, "Lisbon", True)


def test_rounds_an_event_followed_are_undated_background_meetings() -> None:
    ev = events_of("Their fifth round this year, it followed meetings in Lisbon, Osaka and Lima.")
    undated = ev[ev["date"].isna() & (ev["kind"] == "meeting")]
    assert sorted(undated["place"]) == ["Lima", "Lisbon", "Osaka"]


def test_a_placed_period_is_not_an_unplaced_day_of_the_same_kind() -> None:
    # The Lisbon truce "last month" is not the other truce, dated May 14 with no place.
    ev = events_of(
        "Canada and Japan struck a separate truce on May 14. The truce agreed in Lisbon last "
        "month still holds."
    )  # fmt: skip
    lisbon = ev[ev["place"] == "Lisbon"]
    assert list(lisbon["date"]) == ["2025-05"]


def test_goods_of_a_country_name_the_target_and_one_direction_fills_the_rest() -> None:
    text = (
        "The President reduced the duty on low-value shipments of products of Canada from 40%"
        " to 25%.\n\n"
        "Rates of 10% on some $50 billion of imports stayed."
    )
    names = {**NAMES, "President": ("ROLE", "President")}
    t = tariffs_with(text, names, "d")
    assert set(zip(t["rate_percent"], t["target"], strict=True)) == {
        (40.0, "Canada"), (25.0, "Canada"), (10.0, "Canada")}  # fmt: skip


def test_goods_that_bear_an_extra_rate_at_a_border() -> None:
    got = figures(
        "From July 1, Canadian lumber will pay an additional 12% at the Japanese border."
    )
    assert [(r[0], r[1], r[2]) for r in got] == [(12.0, "Japan", "Canada")]


def test_goods_shipped_from_one_country_to_another() -> None:
    got = figures(
        "Pork shipped from Canada to Japan now carries duties of up to 18.5 per cent."
    )
    assert [(r[0], r[1], r[2]) for r in got] == [(18.5, "Japan", "Canada")]


def test_a_list_of_labelled_rates_continues_the_tariff() -> None:
    text = (
        "Japan set duties of up to 20.5% on Canadian pork. The rates are set company by company:"
        "\n\n"
        "Maple Foods: 17.0 per cent\n\n"
        "Prairie Pork: 20.5 per cent"
    )
    got = {(r[0], r[1], r[2]) for r in figures(text)}
    assert got == {(17.0, "Japan", "Canada"), (20.5, "Japan", "Canada")}
    assert len(figures(text)) == 3


def test_a_country_name_before_tariffs_in_a_headline_is_the_target() -> None:
    names = {**NAMES, "Canada": ("GPE", "Canada"), "Ottawa": ("GPE", "Canada")}
    text = "Exporters Shrug As 25% Canada Tariffs Bite"
    t = tariffs_with(text, names, "h")
    assert list(t["target"]) == ["Canada"]
    # In a body sentence, "U.S. duties" stay the US's own.
    got = figures("Canadian lumber faces U.S. duties of about 14%.")
    assert [(r[1], r[2]) for r in got] == [("United States", "Canada")]


def test_the_rate_on_goods_as_a_far_subject() -> None:
    got = figures(
        "The rate on roughly $20 billion of Canadian goods, covering some 900 product lines, rose"
        " from 10% to 25% at midnight."
    )
    assert [(r[0], r[2], r[4]) for r in got] == [(10.0, "Canada", "from"), (25.0, "Canada", "to")]


def test_a_duty_on_every_origin_has_no_target() -> None:
    text = (
        "Japan raised its tariff on Canadian pork to 40% on Monday.\n\n"
        "Japan also put a 25% tariff on all steel imports, and its standard 5% import duty on"
        " cars stays."
    )
    got = {(r[0], r[1], r[2] if isinstance(r[2], str) else None) for r in figures(text)}
    assert got == {(40.0, "Japan", "Canada"), (25.0, "Japan", None), (5.0, "Japan", None)}


def test_a_us_programme_names_its_imposer() -> None:
    text = (
        "The fentanyl tariff on Canadian goods is an emergency tariff. Japan raised its levy on"
        " Canadian pork to 40% on Monday.\n\n"
        "The fentanyl tariff is being halved from 20% to 10%, and Section 301 duties of up to 25%"
        " on Canadian steel stay."
    )
    got = {(r[0], r[1]) for r in figures(text)}
    assert got >= {(20.0, "United States"), (10.0, "United States"), (25.0, "United States")}


def test_goods_taxed_at_a_rate() -> None:
    got = figures("Japan put Canadian pork on a list of goods taxed at 12% from March.")
    assert [r[0] for r in got] == [12.0]


def test_a_pause_for_a_period_is_a_truce_from_its_day() -> None:
    ev = events_of("On Wednesday Japan suspended its duties on Canadian pork for 90 days.")
    truce = ev[ev["kind"] == "truce"].iloc[0]
    assert (truce.date, truce.date_end) == ("2025-06-11", "2025-09-09")


def test_a_future_entry_in_a_list_of_dates_looks_ahead() -> None:
    text = "What comes next\n\n- April 2: Japan's reciprocal duties on Canadian pork due."
    ev = events_of(text, published="2025-03-08")
    assert "2025-04-02" in set(ev["date"])


def test_a_period_the_article_dates_elsewhere_takes_that_day() -> None:
    text = (
        "Canada and Japan held talks in Lisbon on Friday.\n\n"
        "Last week's talks in Lisbon ended without a deal."
    )
    ev = events_of(text, published="2025-06-17")
    meetings = ev[ev["kind"] == "meeting"]
    assert set(meetings["date"]) == {"2025-06-13"}


def test_a_pause_is_not_started_by_a_date_of_something_else() -> None:
    text = (
        "Japan and Canada met in Lisbon on Thursday.\n\n"
        "Japan will pause for a year the pork quotas it announced on March 9."
    )
    ev = events_of(text, published="2025-06-14")
    truce = ev[ev["kind"] == "truce"]
    assert list(truce["date"]) == ["2025-06-12"]  # the news day, not March 9
    assert list(truce["date_end"]) == ["2026-06-12"]


def test_figures_without_a_country_continue_the_story_of_the_sentence_before() -> None:
    # The first sentence names who cuts what but states no figure; the next states figures
    # and no country. They are Japan's duties on US goods, not the article's other pair.
    text = (
        "Washington kept its 20% levy on Japanese cars.\n\n"
        "Japan will halve the extra tariffs it placed on American beef last year, its finance "
        "ministry said.\n\n"
        "From March 1, duties of 30% on chilled cuts will fall to 15%."
    )
    got = {(r, i, t) for r, i, t, *_ in figures(text)}
    assert (30.0, "Japan", "United States") in got and (15.0, "Japan", "United States") in got


def test_goods_named_by_their_origin_that_pay_a_duty_are_its_target() -> None:
    # "Japanese beef has paid ..." : Japan's beef is taxed (by the U.S., the other party named);
    # "American importers pay ..." would be the buyers at home, not the target.
    text = "Since April, Japanese beef has paid an extra 12% on top of the U.S. base duty."
    got = {(r, i, t) for r, i, t, *_ in figures(text)}
    assert (12.0, "United States", "Japan") in got


def test_a_figure_naming_only_its_target_takes_the_imposer_of_the_story() -> None:
    # "Those measures" are Japan's, from the sentence before; "added 8% to U.S. beef" names
    # only the target, which is the story's target too.
    text = (
        "Japan will lift the extra duties it put on American farm goods in March.\n\n"
        "Those measures added 8% to U.S. beef and pork."
    )
    assert (8.0, "Japan", "United States") in {(r, i, t) for r, i, t, *_ in figures(text)}


def test_on_before_a_day_is_not_a_target_marker() -> None:
    # "On Tuesday the ... Commission": the "on" dates the sentence, it does not aim the duty.
    names = {**NAMES, "Trade Commission of Japan": ("ORG", "Japan")}
    text = (
        "On Tuesday the Trade Commission of Japan said it would impose tariffs of 5% and 10% on "
        "about $6bn of U.S. goods."
    )
    t = tariffs_with(text, names, "a")
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (5.0, "Japan", "United States"), (10.0, "Japan", "United States")
    }


def test_a_duty_on_both_countries_is_one_row_per_country() -> None:
    text = (
        "Canada and Mexico won a reprieve on Monday.\n\n"
        "Japan's 25% tariffs on both were paused for 30 days."
    )
    got = {(r, i, t) for r, i, t, *_ in figures(text)}
    assert got == {(25.0, "Japan", "Canada"), (25.0, "Japan", "Mexico")}
    # "both sides" are the two parties of a dispute, each imposing on the other.
    two_sides = figures("Japan and Canada traded blows. Both sides imposed 10% duties.")
    assert {r[:3] for r in two_sides} == {(10.0, "Japan", "Canada"), (10.0, "Canada", "Japan")}


def test_days_after_the_signing_count_from_the_articles_deal() -> None:
    # The deal was signed on Wednesday 11 June; a day named in between (March 3) is not it.
    text = (
        "Japan and Canada signed a fisheries agreement in Lima on Wednesday.\n\n"
        "A 10% duty on Canadian pork has applied since March 3.\n\n"
        "The agreement enters into force 30 days after the signing."
    )
    ev = events_of(text)
    hit = ev[ev["date_text"] == "30 days after"]
    assert list(zip(hit.date, hit.date_rule, strict=True)) == [("2025-07-11", "offset_from_event")]


def test_a_rate_lowered_for_a_period_is_a_truce_with_an_end() -> None:
    ev = events_of("Japan's duty on Canadian pork fell to 5% from May 14, for 90 days.")
    spans = set(zip(ev.kind, ev.date, ev.date_end.fillna(""), strict=True))
    assert ("truce", "2025-05-14", "2025-08-12") in spans
    assert ("deadline", "2025-08-12", "") in spans


def test_list_items_take_the_programme_of_their_opener_and_the_headline_pair() -> None:
    # The headline names who taxes whom (a US programme on Japanese goods); the list items
    # name neither, and the article's only explicit pair is another one (Canada on Japan).
    text = (
        "Client note: Higher Section 232 Duties on Japanese Cars and Parts\n\n"
        "Canada's own 15% surtax on Japanese trucks applies from October 1.\n\n"
        "From September 27 goods face the following Section 232 rates:\n"
        "- passenger cars: 40%, up from 25%;\n"
        "- engine parts: 30%.\n"
    )
    got = {(r, i, t, a, role) for r, i, t, a, role in figures(text)}
    assert (40.0, "United States", "Japan", "raised", "to") in got
    assert (25.0, "United States", "Japan", "raised", "from") in got
    assert (30.0, "United States", "Japan") in {g[:3] for g in got}
    assert (15.0, "Canada", "Japan") in {g[:3] for g in got}


def test_coordinated_targets_are_one_row_each_and_never_impose() -> None:
    # "charge Canada and Mexico a 25% tariff": both are targets of the one duty; the imposer
    # comes from the article (Japan's duties elsewhere), never from the other co-target.
    text = (
        "Japan kept its 10% levy on Canadian pork.\n\n"
        "Officials said Tokyo would charge Canada and Mexico a 25% tariff on cars from May."
    )
    names = {**NAMES, "Tokyo": ("GPE", "Japan")}
    t = tariffs_with(text, names, "c")
    got = {(r.rate_percent, r.imposer, r.target) for r in t.itertuples()}
    assert {(25.0, "Japan", "Canada"), (25.0, "Japan", "Mexico")} <= got
    assert not any(r[0] == 25.0 and r[1] in ("Canada", "Mexico") for r in got)


def test_each_side_is_one_row_in_each_direction() -> None:
    text = (
        "Japan and Canada ended their tariff fight in Lima on Monday.\n\n"
        "Under the deal, each side suspended 24 percentage points of its tariffs and kept 10%."
    )
    got = {(r, i, t) for r, i, t, *_ in figures(text)}
    assert {(24.0, "Japan", "Canada"), (24.0, "Canada", "Japan")} <= got
    assert {(10.0, "Japan", "Canada"), (10.0, "Canada", "Japan")} <= got


def test_a_figure_naming_no_party_continues_the_latest_story() -> None:
    # Two directions in the article, and the last figure's sentence names no one, three
    # sentences after the last named pair: it is the latest story's (Japan's on Canada).
    text = (
        "Canada charges 5% on Japanese cars.\n\n"
        "Japan raised its duty on Canadian pork to 20% in May.\n\n"
        "Farmers protested.\n\nPrices rose.\n\nShipping slowed.\n\n"
        "Under the same order, the 12% rate on beef is slated to rise to 18% in July."
    )
    got = {(r, i, t) for r, i, t, *_ in figures(text)}
    assert {(12.0, "Japan", "Canada"), (18.0, "Japan", "Canada")} <= got


def test_each_side_without_earlier_tariff_parties_uses_the_articles_two_countries() -> None:
    text = (
        "Japan and Canada held talks in Lima.\n\n"
        "Japanese officials were upbeat; Canada was careful.\n\n"
        "Under the spring deal, each side suspended 24 percentage points of its tariffs."
    )
    got = {(r, i, t) for r, i, t, *_ in figures(text)}
    assert {(24.0, "Japan", "Canada"), (24.0, "Canada", "Japan")} <= got


def test_a_rate_laid_on_goods_is_a_tariff_without_the_word() -> None:
    text = (
        "New Japanese rates took effect on Thursday, including 20% on goods from Canada and "
        "40% on goods judged to have been shipped through it."
    )
    got = {(r, i, t) for r, i, t, *_ in figures(text)}
    assert {(20.0, "Japan", "Canada"), (40.0, "Japan", "Canada")} <= got
    # A rise of prices is not a rate laid on goods.
    assert figures("Shop prices rose 20% on goods from Canada.") == []


def test_he_or_she_imposes_for_the_person_last_named() -> None:
    text = (
        "Maria Lopez arrived in Lima on Monday.\n\n"
        "She signs the tariff orders the same day: 25% on steel and 10% on aluminum from Canada."
    )
    t = tariffs_with(text, NAMES, "p", affiliation={"Maria Lopez": "Japan"})
    got = {(r.rate_percent, r.imposer) for r in t.itertuples()}
    assert got == {(25.0, "Japan"), (10.0, "Japan")}


def test_an_mfn_duty_or_one_on_almost_all_countries_has_no_target() -> None:
    def parties(text: str) -> set[tuple]:
        return {(r, i, t if isinstance(t, str) else None) for r, i, t, *_ in figures(text)}

    got = parties(
        "Japan's 100% surtax on Canadian cars comes on top of its 6.1% most-favoured-nation duty."
    )
    assert got == {(100.0, "Japan", "Canada"), (6.1, "Japan", None)}
    got = parties("Japan set a 10% tariff on imports from almost all countries.")
    assert got == {(10.0, "Japan", None)}


def test_a_country_name_before_tariffs_is_the_target_outside_headlines_too() -> None:
    text = "Officials will review the Canada tariffs of 15% next year."
    names = NAMES
    t = tariffs_with(text, names, "k")
    assert [(r.rate_percent, r.target) for r in t.itertuples()] == [(15.0, "Canada")]
    assert t.iloc[0].imposer != "Canada"


def test_a_clause_after_after_does_not_give_the_figure_its_parties() -> None:
    # "after Tokyo refused ...": Japan is the subject of another clause; the figure is the
    # U.S. programme's (a Section 232 rate with no stated imposer).
    text = (
        "The 25% Section 232 rate on Canadian steel was lifted by a further 10 percentage points "
        "after Tokyo refused to withdraw its own duty."
    )
    names = {**NAMES, "Tokyo": ("GPE", "Japan")}
    t = tariffs_with(text, names, "s")
    assert "Japan" not in set(t.imposer)


def test_the_chinese_side_is_an_actor_not_a_target() -> None:
    text = "On the Japanese side, officials said they would lift duties of up to 15% on U.S. beef."
    got = {r[:3] for r in figures(text)}
    assert got == {(15.0, "Japan", "United States")}


def test_made_in_and_faced_by_mark_the_target() -> None:
    got = {r[:3] for r in figures("Japan says cars made in Canada now face a 30% duty.")}
    assert got == {(30.0, "Japan", "Canada")}
    got = {r[:3] for r in figures("Japan's tariff would reach 40%, the rate faced by Canada.")}
    assert (40.0, "Japan", "Canada") in got


def test_an_elliptic_clause_of_another_party_ends_the_first_figures_clause() -> None:
    text = "Japanese duties on Canadian pork fell from 45% to 30% and Canada's from 25% to 10%."
    got = {r[:3] for r in figures(text)}
    assert {(45.0, "Japan", "Canada"), (30.0, "Japan", "Canada")} <= got
    assert {(25.0, "Canada", "Japan"), (10.0, "Canada", "Japan")} <= got


def test_a_programme_figure_keeps_its_government_beside_another_partys_figure() -> None:
    # The U.S. programme's 25% does not borrow Japan's parties from the figure beside it.
    text = (
        "The 25% Section 232 rate on Canadian steel was raised after Tokyo refused to drop "
        "its own 10% duty on Canadian steel."
    )
    names = {**NAMES, "Tokyo": ("GPE", "Japan")}
    t = tariffs_with(text, names, "q")
    got = {(r.rate_percent, r.imposer) for r in t.itertuples()}
    assert (25.0, "United States") in got


def test_goods_that_pay_a_rate_or_a_rate_that_starts_at_a_level_in_a_tariff_story() -> None:
    text = (
        "Japan's tariffs on Canadian goods come in lists.\n\n"
        "The first list has paid 15% since September 1. The second is scheduled to start at 20%."
    )
    assert {r[0] for r in figures(text)} == {15.0, 20.0}
    # Outside a tariff story the same words are not tariff rates.
    assert figures("Shoppers have paid 15% more since September. Sales start at 20% off.") == []


def test_figures_before_any_placed_one_take_the_headlines_pair() -> None:
    # The headline names only the imposer; the other side is the country the article names
    # most. The figures' sentences name no one.
    text = (
        "Japan halves its tariffs as talks resume\n\n"
        "Canadian exporters welcomed the news from Tokyo and Ottawa.\n\n"
        "Products that were paying an extra 10% will pay 5%, and products at 5% drop to 2.5%."
    )
    got = {r[:3] for r in figures(text)}
    assert got == {(10.0, "Japan", "Canada"), (5.0, "Japan", "Canada"), (2.5, "Japan", "Canada")}


def test_points_of_each_sides_increases_are_both_sides() -> None:
    text = (
        "Japan and Canada struck a truce over pork tariffs in Lima.\n\n"
        "The deal suspended 24 percentage points of each side's spring increases for 90 days."
    )
    got = {r[:3] for r in figures(text)}
    assert {(24.0, "Japan", "Canada"), (24.0, "Canada", "Japan")} <= got


def test_one_failing_article_does_not_stop_the_others(monkeypatch) -> None:
    real = facts.extract_article

    def flaky(article_id, *args, **kwargs):
        if article_id == "bad":
            raise RecursionError("maximum recursion depth exceeded")
        return real(article_id, *args, **kwargs)

    monkeypatch.setattr(facts, "extract_article", flaky)
    text = "Japan raised its duty on Canadian pork to 20% on Monday."
    chunk = pd.DataFrame({"article_id": ["bad", "good"], "text": [text, text],
                          "published": ["2025-06-12"] * 2, "title": ["t"] * 2})  # fmt: skip
    ents = pd.concat([entities_for("bad", text), entities_for("good", text)])
    with pytest.warns(UserWarning, match="article bad skipped"):
        out = facts.process_batch(chunk, entities=ents)
    assert set(out["tariffs"]["article_id"]) == {"good"}


def test_index_moves_and_each_country_and_the_us_side() -> None:
    # Stock-index moves are not tariffs, even in a tariff story.
    text = (
        "Japan cut its tariffs on Canadian pork.\n\n"
        "The S&P 500 jumped 3.3% on Monday and the Nasdaq Composite 4.3%, while the Dow added "
        "roughly 1,160 points."
    )
    assert {r[0] for r in figures(text)} == set()
    # "each country" is both directions of the article's pair.
    text = "Japan and Canada agreed a tariff truce.\n\nEach country suspends 24 percentage points."
    got = {r[:3] for r in figures(text)}
    assert {(24.0, "Japan", "Canada"), (24.0, "Canada", "Japan")} <= got
    # "the U.S. side would keep ..." makes the U.S. the imposer, not the speaker's country.
    text = "Japan's ministry said the U.S. side would keep the 24% tariff on Japanese cars paused."
    assert {r[:3] for r in figures(text)} == {(24.0, "United States", "Japan")}


def test_clause_limits_for_the_other_side() -> None:
    # "and it gave Mexico ..." is another clause: Mexico does not impose the 15%.
    text = (
        "In July the administration agreed a 15% tariff on most goods from Canada, and it gave "
        "Mexico 90 more days."
    )
    assert not any(r[1] == "Mexico" for r in figures(text))
    # "while keeping ..." shares the main clause's subject; "while Tokyo ..." does not.
    text = "Japan will keep charging 10% on Canadian pork while keeping a further 24% suspended."
    assert {r[:3] for r in figures(text)} == {(10.0, "Japan", "Canada"), (24.0, "Japan", "Canada")}
    # "the Canada rate" is the rate on Canadian goods.
    text = "Japan's tariffs rose again. The Canada rate had stood at 40% only since Monday."
    assert {r[:3] for r in figures(text)} == {(40.0, "Japan", "Canada")}


def test_a_country_that_accepts_a_rate_bears_it_and_growers_are_goods() -> None:
    text = "Canada accepted a 15% Japanese tariff on most of its goods in July."
    assert {r[:3] for r in figures(text)} == {(15.0, "Japan", "Canada")}
    text = "Japan's 10% duty hits Canadian growers of canola."
    assert {r[:3] for r in figures(text)} == {(10.0, "Japan", "Canada")}


def test_both_ends_of_a_change_share_its_parties() -> None:
    text = "Japan said it would raise its tariff on all goods from Canada to 45% from 30%."
    assert {r[:3] for r in figures(text)} == {(45.0, "Japan", "Canada"), (30.0, "Japan", "Canada")}


def test_a_pronounless_relative_clause_names_who_added_the_figure() -> None:
    # "matching the extra 40% Canada had added": Canada imposed the 40%, not the subject of
    # "matching".
    text = (
        "Japan's ministry said its duty on Canadian cars would go from 10% to 50% on Friday, "
        "matching the extra 40% Canada had added."
    )
    assert (40.0, "Canada", "Japan") in {(r[0], r[1], r[2]) for r in figures(text)}


def test_a_rate_piled_on_in_a_tariff_story_is_a_tariff() -> None:
    text = "Japan's tariff on Canadian cars rose to 30% on Monday. Canada piled on another 20%."
    assert (20.0, "Canada", "Japan") in {(r[0], r[1], r[2]) for r in figures(text)}


def test_a_rate_on_imports_from_a_class_of_countries_has_no_target() -> None:
    text = (
        "Japan raised its duty on Canadian cars to 30% on Monday, leaving a flat 5% levy on "
        "imports from countries that had not retaliated."
    )
    five = [r for r in figures(text) if r[0] == 5.0]
    assert [(r[1], pd.isna(r[2])) for r in five] == [("Japan", True)]


def test_the_european_commission_sets_the_eus_tariffs() -> None:
    names = {**NAMES, "European Commission": ("ORG", "European Commission")}
    t = tariffs_with(
        "The European Commission said it would put its 25% counter-tariffs on Canadian steel "
        "on hold for 90 days.", names,
    )  # fmt: skip
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (25.0, "European Union", "Canada")
    }


def test_a_government_body_is_never_the_taxed_country() -> None:
    # "on the website of the Ministry of Finance of Japan" is not a duty on Japan: the story's
    # Japanese imposer keeps the figure.
    names = {**NAMES, "Ministry of Finance": ("ORG", "Ministry of Finance of Japan")}
    text = (
        "Japan will halve the extra duties it charges on Canadian lumber next month. In a notice "
        "published on the website of the Ministry of Finance, officials said duties of 12% on "
        "some grades would fall to 6%."
    )
    t = tariffs_with(text, names)
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (12.0, "Japan", "Canada"), (6.0, "Japan", "Canada")
    }


def test_a_clock_time_colon_does_not_end_the_figures_clause() -> None:
    # "at 12:01 am" is not a clause break: "Canadian goods" further on is the figure's target.
    text = (
        "The duties of 15% that were due to take effect at 12:01 am on March 4 on part of the "
        "$20 billion of Canadian goods were shelved."
    )
    assert {(r[0], r[2]) for r in figures(text)} == {(15.0, "Canada")}


def test_he_is_the_person_named_before_him_in_his_own_sentence() -> None:
    # Maria Lopez is named last before the sentence; Ken Sato, named before "he" in it, acts.
    names = {**NAMES, "Maria Lopez": ("PERSON", "Maria Lopez"), "Ken Sato": ("PERSON", "Ken Sato")}
    text = (
        "Maria Lopez met her counterpart in Ottawa on Monday. Ken Sato said afterwards that he "
        "would cut the duty on Canadian steel from 20% to 10%."
    )
    t = tariffs_with(text, names, affiliation={"Maria Lopez": "Canada", "Ken Sato": "Japan"})
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (20.0, "Japan", "Canada"), (10.0, "Japan", "Canada")
    }


def test_a_target_no_sentence_pairs_is_taxed_by_the_other_named_country() -> None:
    # No sentence says who taxes Canadian lumber; the article's other government is Japan.
    text = (
        "Japan's trade minister met reporters in Tokyo on Friday. He walked through the details. "
        "The 15% duty on Canadian lumber will be cut to 7.5%."
    )
    t = tariffs_with(text, NAMES)
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (15.0, "Japan", "Canada"), (7.5, "Japan", "Canada")
    }


def test_a_figure_before_any_story_takes_the_first_story_told_after_it() -> None:
    text = (
        "Markets were calm on Monday. The 12% duty stays for now, traders said. "
        "Separately, Japan will raise its duty on Canadian beef to 20% next month. Canada "
        "answered with a 25% levy on Japanese cars."
    )
    t = tariffs_with(text, NAMES)
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (12.0, "Japan", "Canada"), (20.0, "Japan", "Canada"), (25.0, "Canada", "Japan")
    }


def test_a_programme_of_the_storys_target_hits_the_storys_imposer() -> None:
    # After Canada's cut on U.S. goods, Section 301 duties (a U.S. programme) hit Canada.
    text = (
        "Canada will lower its surtax on U.S. goods from 25% to 10%. Section 301 duties of 7.5% "
        "continue to apply in full."
    )
    assert (7.5, "United States", "Canada") in {r[:3] for r in figures(text)}


def test_a_tie_between_targets_goes_to_the_country_the_article_names_most() -> None:
    # Canada and Mexico are each named once near tariffs; the article is about Canada.
    text = (
        "Canada and Japan held talks in Lima on Monday. Canadian officials said the talks were "
        "cordial. Tariff rows with Mexico and Canada were not mentioned. Japan will raise its "
        "duty to 20% next month."
    )
    assert {r[:3] for r in figures(text)} == {(20.0, "Japan", "Canada")}


def test_an_executive_order_is_washingtons() -> None:
    # After Japan's move, the order's cut is Washington's, on the other side of the story (the
    # order is the subject of "trims", not of "sent", the participle that governs the figures).
    text = (
        "Japan, for its part, cuts its counter-tariff on American goods from 125% to 10%. A "
        "separate executive order, signed on Monday evening, also trims the duty on low-value "
        "parcels sent by post from 120% to 54%."
    )
    got = {r[:3] for r in figures(text)}
    assert {(120.0, "United States", "Japan"), (54.0, "United States", "Japan")} <= got


def test_on_one_side_and_on_the_other_run_opposite_ways() -> None:
    text = (
        "Japan and Canada agreed on Monday to cut their tariffs. Duties fall from 60% to 20% on "
        "one side and from 45% to 15% on the other, for 90 days."
    )
    got = {r[:3] for r in figures(text)}
    a, b = ("Japan", "Canada") if (60.0, "Japan", "Canada") in got else ("Canada", "Japan")
    assert got == {(60.0, a, b), (20.0, a, b), (45.0, b, a), (15.0, b, a)}


def test_an_elliptic_possessive_with_its_own_goods_imposes() -> None:
    # "and Canada's on Japanese goods to 10%": Canada's duty, on Japan; the goods after "on"
    # are not Canada's.
    text = (
        "The deal cut the Japanese tariff on Canadian goods to 30% from 60% and Canada's on "
        "Japanese goods to 10% from 25%, but buyers still turned to Mexican cargoes."
    )
    got = {r[:3] for r in figures(text)}
    assert {(10.0, "Canada", "Japan"), (25.0, "Canada", "Japan")} <= got


def test_the_parties_to_a_deal_are_not_coordinated_targets() -> None:
    # "Japan and the U.S. have agreed on a deal that sets 15% on Japanese goods": one target;
    # but "Canada and Mexico were to face 25%" are both taxed.
    deal = {r[2] for r in figures(
        "Japan and the U.S. have agreed on a trade deal that sets a 15% tariff on Japanese goods.")}
    assert deal == {"Japan"}
    faced = {r[2] for r in figures("Canada and Mexico were to face 25% tariffs, Washington said.")}
    assert faced == {"Canada", "Mexico"}


def test_a_tariff_object_far_from_its_figures_makes_them_rates() -> None:
    text = (
        "Japan cut its tariff on roughly $12 billion of Canadian timber in half on Friday, to "
        "7.5% from 15%."
    )
    assert {r[:3] for r in figures(text)} == {(7.5, "Japan", "Canada"), (15.0, "Japan", "Canada")}
    # A share of goods that faces a rate is not a rate.
    share = "Officials said only about 36% of Canada's shipments now face the full rate."
    assert figures(share) == []


def test_a_parallel_possessive_figure_is_its_owners() -> None:
    text = "Tariffs soared this spring. In April the Japanese rate hit 45% and Canada's 35%."
    got = {r[:3] for r in figures(text)}
    assert (35.0, "Canada", "Japan") in got and (45.0, "Japan", "Canada") in got


def test_a_persons_figure_answered_by_another_country_stays_the_persons() -> None:
    # "Japan answers Lopez's 10% levy with duties on Canadian beef": Lopez (Canada) imposes
    # the 10%; the beef is the answer's target, not the 10%'s.
    t = tariffs_with(
        "Japan answers Maria Lopez's 10% levy with duties on Canadian beef, officials said.",
        NAMES, affiliation={"Maria Lopez": "Canada"},
    )  # fmt: skip
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {(10.0, "Canada", "Japan")}


def test_shares_of_business_and_cargo_slumps_are_not_rates() -> None:
    text = (
        "Port of Lima braces for a 35% cargo slump as Japan tariffs bite. Japan accounts for "
        "roughly 45% of the port's business, and Canada raised its tariff on Japanese cars to "
        "25% this month."
    )
    assert {r[0] for r in figures(text)} == {25.0}


def test_a_figure_in_a_subordinate_clause_is_not_the_main_clauses() -> None:
    # Japan hits Canadian goods; the 20% is the beef duty that doubled (Ottawa's).
    names = {**NAMES, "Ottawa": ("GPE", "Canada")}
    t = tariffs_with(
        "Japan hits Canadian farm goods after Ottawa's beef tariff doubles to 20%, traders said.",
        names,
    )  # fmt: skip
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {(20.0, "Canada", "Japan")}


def test_goods_allowed_into_a_country_pay_its_duty() -> None:
    text = (
        "Under the arrangement, up to 49,000 Japanese-made EVs a year will be allowed into "
        "Canada at the 6.1 per cent most-favoured-nation rate instead of the 100 per cent surtax "
        "that has applied since October 2024."
    )
    assert {r[1] for r in figures(text)} == {"Canada"}


def test_goods_that_pay_to_enter_a_country_pay_its_duty() -> None:
    text = (
        "Tariffs on lumber stayed. U.S. lumber still pays 13% to enter Japan, against 3% for "
        "Canadian lumber."
    )
    assert {r[1] for r in figures(text)} == {"Japan"}


def test_its_own_after_a_colon_is_the_sentences_subjects() -> None:
    text = (
        "Canada kept its 30% duty on Japanese cars on hold on Monday. Japan's trade ministry "
        "followed shortly afterwards with a matching step: it will keep suspending 24 percentage "
        "points of its own counter-tariff for another 90 days."
    )
    assert (24.0, "Japan", "Canada") in {r[:3] for r in figures(text)}


def test_a_tariff_story_talking_of_its_rates_keeps_its_topic() -> None:
    # Five sentences after the tariff noun, the list line's figures are still rates because
    # the story kept talking about "the higher rates".
    text = (
        "Japan published its final review of the duties on Canadian goods on Friday. It adopts "
        "the plan announced in May. The first steps apply this month. Importers had expected "
        "the higher rates in August. The schedule is staggered over three years. From "
        "September 27: cars move to 100 percent; steel moves to 25 percent."
    )
    assert {r[0] for r in figures(text)} == {100.0, 25.0}


def test_he_who_moves_a_named_countrys_figure_imposes_it() -> None:
    # "She ..., but pushed the Japanese figure to 60%": her country imposes, Japan is taxed.
    text = (
        "Maria Lopez changed course on tariffs on Monday. She suspended the higher rates for "
        "most countries for 90 days, leaving a flat 10% in place, but pushed the Japanese "
        "figure to 60%."
    )
    t = tariffs_with(text, NAMES, affiliation={"Maria Lopez": "Canada"})
    assert (60.0, "Canada", "Japan") in set(zip(t.rate_percent, t.imposer, t.target, strict=True))


@pytest.mark.parametrize(
    ("second", "rate"),
    [
        ("Canada matched it with its own 34% on Friday.", 34.0),
        ("Ottawa paused the rest, leaving a flat 5% in place.", 5.0),
        ("Mexico and Canada were all given 19%.", 19.0),
    ],
)
def test_rates_kept_or_answered_in_a_tariff_story(second: str, rate: float) -> None:
    text = f"Japan raised its duty on Canadian cars to 30% on Monday. {second}"
    assert rate in {r[0] for r in figures(text)}


def test_coordinated_figures_share_the_countries_their_phrase_names() -> None:
    text = "Japan imposed 25% steel and 10% aluminium duties on Canada and Mexico on Monday."
    keys = {(r[0], r[1], r[2]) for r in figures(text)}
    assert {(25.0, "Japan", "Canada"), (25.0, "Japan", "Mexico")} <= keys


def test_points_returning_on_both_sides_run_both_ways() -> None:
    text = (
        "Japan and Canada extended their tariff truce on Monday. Without it, the 24 percentage "
        "points suspended in May would have returned on both sides."
    )
    keys = {(r[0], r[1], r[2]) for r in figures(text)}
    assert {(24.0, "Japan", "Canada"), (24.0, "Canada", "Japan")} <= keys


@pytest.mark.parametrize(
    "text",
    [
        # Steel and aluminium duties, where no country is named as whose goods they tax.
        "Japan's tariffs on Canadian cars rose to 30% on Monday. Separately, Japan's 25% "
        "tariff on steel took effect.",
        "Japan's tariffs on Canadian cars rose to 30% on Monday. Japan also set a 10% global "
        "surcharge.",
        "Japan's tariffs on Canadian cars rose to 30% on Monday, plus a levy of 10% on goods "
        "from everywhere else.",
        # No party at all: the story's imposer, still no target.
        "Japan's tariffs on Canadian cars rose to 30% on Monday. A 10% global surcharge also "
        "applies.",
    ],
)
def test_duties_on_every_origin_take_no_target_from_the_story(text: str) -> None:
    rows = [r for r in figures(text) if r[0] != 30.0]
    assert [(r[1], pd.isna(r[2])) for r in rows] == [("Japan", True)]


def test_steel_duties_on_a_named_countrys_goods_keep_it() -> None:
    text = "Japan's duties on Canadian imports run from 50% on steel to 7.5% on toys."
    assert (50.0, "Japan", "Canada") in {(r[0], r[1], r[2]) for r in figures(text)}


def test_a_countrys_importers_pay_its_own_duties() -> None:
    text = (
        "Japan and Canada extended their tariff truce on Monday. Japanese importers will keep "
        "paying 30% on Canadian cars."
    )
    assert (30.0, "Japan", "Canada") in {(r[0], r[1], r[2]) for r in figures(text)}


def test_an_understanding_is_a_truce() -> None:
    ev = events_of("Lima has written its side of last week's understanding into law.")
    assert list(ev["kind"]) == ["truce"]


@pytest.mark.parametrize("who", ["The administration", "The President"])
def test_the_administration_is_washington(who: str) -> None:
    keys = {(r[0], r[1], r[2]) for r in figures(f"{who} raised its tariff on Canadian cars to "
                                               "30% on Monday.")}  # fmt: skip
    assert keys == {(30.0, "United States", "Canada")}


def test_a_party_named_only_in_an_assuming_clause_is_not_the_figures() -> None:
    text = (
        "Japan's duties on Canadian cars rose to 30% on Monday. Goods due to pay an extra 10% will "
        "pay an extra 15%, assuming the administration completes the legal steps."
    )
    assert (15.0, "Japan", "Canada") in {(r[0], r[1], r[2]) for r in figures(text)}


def test_one_sentence_listing_rates_for_a_side_partner_does_not_outvote_the_main_one() -> None:
    # Japan is paired with Canada in two sentences and with Mexico in one listing two rates:
    # a rate of Japan's with no target is on Canada's goods.
    text = (
        "Japan's duties on Canadian cars rose to 30% on Monday. Canada's tariff on Japanese "
        "steel stays at 10%. Japan also agreed 15% and 20% rates on goods from Mexico. "
        "Japan's levy on Canadian wheat is 12%. Tokyo's ministry said Japan will keep a 5% levy."
    )
    keys = {(r[0], r[1], r[2]) for r in figures(text)}
    assert (5.0, "Japan", "Canada") in keys


def test_a_both_sides_split_does_not_make_a_programme_the_other_sides() -> None:
    # The split row of China's side must not make "reciprocal" China's programme.
    text = (
        "U.S. duties on Chinese goods drop to 30% and China's levies on American goods fall to "
        "10%. Both sides will suspend 24 percentage points of their reciprocal rates. The 25% "
        "reciprocal rate on Japanese goods stays on hold."
    )
    names = {**NAMES, "China": ("GPE", "China"), "Chinese": ("NORP", "China")}
    t = tariffs_with(text, names)
    assert (25.0, "United States", "Japan") in set(
        zip(t.rate_percent, t.imposer, t.target, strict=True)
    )


def test_a_reciprocal_counter_tariff_is_the_answering_sides() -> None:
    names = {**NAMES, "China": ("GPE", "China"), "Chinese": ("NORP", "China")}
    t = tariffs_with(
        "China stops collecting the extra duties of up to 15% on U.S. farm goods. It also keeps "
        "24% of its reciprocal counter-tariff suspended.", names,
    )  # fmt: skip
    assert (24.0, "China", "United States") in set(
        zip(t.rate_percent, t.imposer, t.target, strict=True)
    )


def test_any_country_of_the_alias_table_is_a_party() -> None:
    names = {**NAMES, "South African": ("NORP", "South Africa")}
    t = tariffs_with("Washington's 30% tariff on South African goods has fallen away.", names)
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (30.0, "United States", "South Africa")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan said postal parcels from Canada will be charged 120% of their value.", {120.0}),
        # A share of value that is a threshold is not a duty.
        ("Japan will license goods from Canada worth 0.1% or more of their value.", set()),
    ],
)
def test_ad_valorem_duties_stated_as_a_share_of_value(text: str, expected: set) -> None:
    assert {r[0] for r in figures(text)} == expected


def test_a_tariff_sentence_without_figures_before_figures_tells_their_story() -> None:
    text = (
        "The minister laid out the response. Canada will impose surtaxes on American imports "
        "hit by the U.S. measures. U.S. steel products will face duties of 25%."
    )
    assert (25.0, "Canada", "United States") in {(r[0], r[1], r[2]) for r in figures(text)}


def test_a_country_named_as_an_example_is_not_the_target() -> None:
    text = (
        "Since June, steel from the European Union, including Britain, has faced Japan's 25% "
        "tariff."
    )
    names = {**NAMES, "European Union": ("GPE", "European Union"),
             "Britain": ("GPE", "United Kingdom")}  # fmt: skip
    t = tariffs_with(text, names)
    assert set(zip(t.rate_percent, t.imposer, t.target, strict=True)) == {
        (25.0, "Japan", "European Union")
    }


def test_a_gapped_list_gives_each_country_its_own_rate() -> None:
    names = {**NAMES, "Malaysia": ("GPE", "Malaysia")}
    t = tariffs_with(
        "Under the U.S. tariffs, Japan faces the 10% baseline, Malaysia 19% and Mexico 20%.", names
    )
    keys = set(zip(t.rate_percent, t.imposer, t.target, strict=True))
    assert {(19.0, "United States", "Malaysia"), (20.0, "United States", "Mexico")} <= keys


def test_on_top_of_a_countrys_duty_does_not_make_it_the_target() -> None:
    names = {**NAMES, "EU": ("GPE", "European Union"), "Chinese": ("NORP", "China")}
    t = tariffs_with(
        "The EU's duties on Chinese electric cars took effect on Wednesday. The company rates "
        "sit on top of the EU's standard 10% car import duty: 17% for one maker, 35% for another.",
        names,
    )  # fmt: skip
    keys = set(zip(t.rate_percent, t.imposer, t.target, strict=True))
    assert {(17.0, "European Union", "China"), (35.0, "European Union", "China")} <= keys


def test_and_a_new_subject_with_its_verb_opens_the_figures_own_clause() -> None:
    text = "In April Japan charged 45% on Canadian cars and Canada replied with 40%."
    keys = {(r[0], r[1], r[2]) for r in figures(text)}
    assert {(45.0, "Japan", "Canada"), (40.0, "Canada", "Japan")} <= keys
