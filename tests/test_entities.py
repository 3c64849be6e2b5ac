"""Entity stage: aliases, partial names, roles, capitals, fixes, missing model, escaping.

Every sentence here is made up for the tests and is not in the sample corpus.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import config, entities


@pytest.fixture(scope="session")
def nlp():
    """The real model with the stage's pipeline, loaded once."""
    return entities.load_model(config.DEFAULT_MODEL)


@pytest.fixture(scope="session")
def run(nlp):
    """Entity table of one made-up article text."""

    def _run(text: str) -> pd.DataFrame:
        chunk = pd.DataFrame({"article_id": ["t1"], "text": [text]})
        return entities.process_batch(chunk, model=config.DEFAULT_MODEL, batch_size=8)["entities"]

    return _run


def rows_for(table: pd.DataFrame, text: str) -> pd.DataFrame:
    return table[table["text"] == text]


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("U.S.", None, "United States"),
        ("US", "GPE", "United States"),
        ("the USA", None, "United States"),
        ("America's", "GPE", "United States"),
        ("PRC", None, "China"),
        ("the E.U.", None, "European Union"),
        ("AP", "ORG", "Associated Press"),
        ("MOFCOM", None, "Ministry of Commerce of China"),
        ("President Trump", "PERSON", "Donald Trump"),
        ("Mr. Xi", None, "Xi Jinping"),
        ("Beijing", "GPE", "China"),
        ("Chinese", "NORP", "China"),
        ("Ingrid Solberg", "PERSON", "Ingrid Solberg"),  # unknown names pass through
    ],
)
def test_canonicalize_alias_table(name, label, expected):
    assert entities.canonicalize(name, label) == expected


def test_acronyms_match_case_sensitively():
    # "us" the pronoun and "ap" are not the United States or the Associated Press.
    assert entities.canonicalize("us") == "us"
    assert entities.canonicalize("ap") == "ap"


def test_split_title_gives_office_and_country():
    assert entities.split_title("Japanese Finance Minister Kenji Arata") == (
        "Japan", "Finance Minister", "Kenji Arata",
    )  # fmt: skip
    assert entities.split_title("Indian Kenji Arata") == (None, None, "Indian Kenji Arata")


def test_offsets_point_into_the_text(run):
    text = "Canadian Trade Minister Marit Olsen flew to Ottawa. Olsen's team stayed in Toronto."
    table = run(text)
    assert len(table) > 3
    for start, end, surface in zip(
        table["start_char"], table["end_char"], table["text"], strict=True
    ):
        assert text[start:end] == surface
    assert list(table.columns[:7]) == [
        "article_id", "sentence_id", "start_char", "end_char", "text", "label", "canonical",
    ]  # fmt: skip
    assert table.loc[table["text"] == "Toronto", "sentence_id"].item() == 1


def test_later_surname_and_possessive_resolve_to_full_name(run):
    text = (
        "Swedish Trade Minister Marit Olsen met exporters in Gothenburg on Friday. "
        "Olsen said the levies would hurt steelmakers. Olsen's ministry later "
        "published a list of affected goods."
    )
    table = run(text)
    persons = table[table["label"] == "PERSON"]
    assert len(persons) == 3
    assert set(persons["canonical"]) == {"Marit Olsen"}
    assert "Olsen" in set(persons["text"])  # the possessive is cut off the mention


def test_known_person_table_applies_without_full_name(run):
    table = run("Trump said on Tuesday that the duties on Brazilian coffee would stay.")
    assert rows_for(table, "Trump")["canonical"].tolist() == ["Donald Trump"]


def test_role_and_affiliation_before_name_and_in_apposition(run):
    table = run(
        "Japanese Finance Minister Kenji Arata spoke after lunch. Later, Sofia Brandt, "
        "the German Finance Minister, answered questions. Arata left at noon."
    )
    persons = table[table["label"] == "PERSON"].set_index("canonical")
    assert persons.loc["Kenji Arata", "role"].tolist() == ["Finance Minister"] * 2
    assert persons.loc["Kenji Arata", "affiliation"].tolist() == ["Japan"] * 2
    assert persons.loc[["Sofia Brandt"], "role"].tolist() == ["Finance Minister"]
    assert persons.loc[["Sofia Brandt"], "affiliation"].tolist() == ["Germany"]
    roles = table[table["label"] == "ROLE"]
    assert set(roles["canonical"]) == {"Finance Minister"}


def test_name_after_office_is_a_person_even_when_the_model_misses_it(run):
    table = run(
        "Delegates waited for hours. Then Commerce Secretary Okonkwo and Trade Minister "
        "Lindqvist signed the memorandum."
    )
    persons = table[table["label"] == "PERSON"]
    assert {"Okonkwo", "Lindqvist"} <= set(persons["canonical"])
    assert not table["text"].str.contains(" and ").any()


@pytest.mark.parametrize(
    ("text", "capital", "expected"),
    [
        ("Beijing vowed to retaliate against the new duties on Monday.", "Beijing", "China"),
        ("The ministers flew to Beijing for a second round of talks.", "Beijing", "Beijing"),
        ("Negotiators met in Washington for three days in March.", "Washington", "Washington"),
        ("Washington and Beijing traded accusations over chip exports.", "Beijing", "China"),
        ("Washington and Beijing traded accusations over chip exports.", "Washington",
         "United States"),
        ("The new levies were aimed at Beijing, officials said.", "Beijing", "China"),
        ("Farm groups in Ottawa and Washington welcomed the pause.", "Washington", "Washington"),
    ],
)  # fmt: skip
def test_capital_is_government_unless_locative(run, text, capital, expected):
    assert rows_for(run(text), capital)["canonical"].tolist() == [expected]


def test_hyphenated_country_pair_becomes_two_places(run):
    table = run("Analysts expect U.S.-Japan relations to cool after the vote.")
    places = table[table["label"] == "GPE"]
    assert places["canonical"].tolist() == ["United States", "Japan"]
    assert places["text"].tolist() == ["U.S.", "Japan"]


def test_ministry_takes_the_country_from_the_text(run):
    table = run("Japan's finance ministry said the yen had weakened sharply.")
    orgs = table[table["label"] == "ORG"]
    assert orgs["canonical"].tolist() == ["Ministry of Finance of Japan"]


def test_domain_patterns_label_trade_terms(run):
    table = run(
        "The complaint under Section 232 mentioned IEEPA, rare-earth magnets and new "
        "export controls on lithium."
    )
    got = dict(zip(table["canonical"], table["label"], strict=True))
    assert got["Section 232"] == "LAW"
    assert got["International Emergency Economic Powers Act"] == "LAW"
    assert got["rare earths"] == "TRADE_TERM"
    assert got["export controls"] == "TRADE_TERM"


def test_empty_chunk_has_the_schema():
    empty = pd.DataFrame({"article_id": pd.Series(dtype="string"), "text": []})
    table = entities.process_batch(empty)["entities"]
    assert table.empty
    assert list(table.columns) == list(entities.COLUMNS)
    assert str(table["start_char"].dtype) == "int64"


def test_missing_model_names_the_install_command():
    chunk = pd.DataFrame({"article_id": ["x"], "text": ["Tariffs rose."]})
    with pytest.raises(entities.ModelNotFoundError) as err:
        entities.process_batch(chunk, model="no_such_spacy_model_tt")
    assert config.MODEL_INSTALL_HINT in str(err.value)
    assert "no_such_spacy_model_tt" in str(err.value)


def test_rendered_html_escapes_article_markup():
    text = 'Hello <script>alert("x")</script> from Oslo <b>today</b>.'
    start = text.index("Oslo")
    mentions = pd.DataFrame(
        {"start_char": [start], "end_char": [start + 4], "label": ["GPE<img src=x>"]}
    )
    page = entities.render_entities_html(text, mentions, title="<i>t</i>")
    assert "<script>" not in page and "<b>" not in page and "<img" not in page
    assert "<i>" not in page
    assert "&lt;script&gt;" in page and "Oslo" in page


def test_cooccurrence_counts_articles_not_mentions():
    table = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "a", "b", "b"],
            "label": ["PERSON", "PERSON", "GPE", "GPE", "PERSON", "GPE"],
            "canonical": ["Ann Lee", "Ann Lee", "Japan", "Osaka", "Ann Lee", "Japan"],
        }
    )
    pairs = entities.cooccurrence(table)
    # A city is a venue, not an actor: Osaka pairs with no one.
    assert pairs.to_dict("records") == [{"actor": "Ann Lee", "with": "Japan", "articles": 2}]


# Wire-style sentences written for these tests (none is in the corpus), with the canonical
# persons, organisations and places the gold conventions (tests/gold/README.md) would list:
# stock indexes and Wall Street are not organisations, products and job titles are not names,
# nationality adjectives are not places, White House rooms are places.
WIRE_SENTENCES = [
    ("Nvidia chief executive Jensen Huang told reporters in Taipei that the company had not yet "
     "received licences to ship its H20 chips to China.",
     {"Jensen Huang"}, {"Nvidia"}, {"Taipei", "China"}),
    ("Shares of Advanced Micro Devices rose 4% after the Commerce Department said it would "
     "approve sales of AMD's MI308 processors.",
     set(), {"Advanced Micro Devices", "United States Department of Commerce"}, set()),
    ("The Bureau of Industry and Security added 12 Chinese entities to the Entity List in a "
     "notice posted to the Federal Register on Tuesday.",
     # The government's journal is a publication, not an organisation (gold of eval 106).
     set(), {"Bureau of Industry and Security"}, set()),
    ("China's Ministry of Commerce said it would place U.S. drone makers on its Unreliable "
     "Entity List, according to Xinhua.",
     set(), {"Ministry of Commerce of China", "Xinhua"}, {"China", "United States"}),
    ("The Customs Tariff Commission of the State Council said the extra duties would take "
     "effect on Thursday.",
     set(), {"State Council Tariff Commission"}, set()),
    ("White House press secretary Karoline Leavitt said the president would speak with Xi by "
     "phone later this week.",
     {"Karoline Leavitt", "Xi Jinping"}, {"White House"}, set()),
    ("The S&P 500 fell 2.7% and the Nasdaq Composite lost 3.6%, while the Dow Jones "
     "Industrial Average shed 900 points.",
     set(), set(), set()),
    ("Hong Kong's Hang Seng index slid 3% in early trade as investors digested the news from "
     "Washington.",
     set(), set(), {"Hong Kong", "United States"}),
    ("Huawei unveiled new Ascend chips on Wednesday, a day after SMIC reported a jump in "
     "quarterly revenue.",
     set(), {"Huawei", "Semiconductor Manufacturing International Corporation"}, set()),
    ("Beijing imposed sanctions on five U.S.-linked subsidiaries of South Korean shipbuilder "
     "Hanwha Ocean, the Ministry of Commerce said.",
     set(), {"Hanwha Ocean", "Ministry of Commerce of China"}, {"China"}),
    ("COSCO Shipping said its vessels calling at U.S. ports would face the new fees from "
     "Oct. 14.",
     set(), {"China COSCO Shipping"}, {"United States"}),
    ("Boeing has delivered no new jets to Chinese airlines since April, the Global Times "
     "reported, citing industry sources.",
     set(), {"Boeing", "Global Times"}, set()),
    ("Micron said the Cyberspace Administration of China had barred its chips from critical "
     "infrastructure projects.",
     set(), {"Micron Technology", "Cyberspace Administration of China"}, set()),
    ("A spokesperson for China's Ministry of Foreign Affairs, Lin Jian, said Washington should "
     "stop politicising trade.",
     {"Lin Jian"}, {"Ministry of Foreign Affairs of China"}, {"China", "United States"}),
    ("The US Trade Representative's office said the port fees on Chinese-built ships would be "
     "suspended for a year.",
     set(), {"Office of the United States Trade Representative"}, set()),
    ("Trump spoke to reporters aboard Air Force One on his way back from Kuala Lumpur.",
     {"Donald Trump"}, set(), {"Kuala Lumpur"}),
    ("State broadcaster CCTV said Vice Premier He Lifeng would lead the delegation to the talks "
     "in Geneva.",
     {"He Lifeng"}, {"CCTV"}, {"Geneva"}),
    ("Wall Street stocks tumbled after the announcement, with the S&P 500 posting its worst "
     "day since April.",
     set(), set(), set()),
    ("European and Japanese carmakers have warned that the export controls would disrupt "
     "supply chains.",
     set(), set(), set()),
    ("Lutnick said on Fox Business that Nvidia's Blackwell chips would not be sold to China.",
     {"Howard Lutnick"}, {"Fox Business", "Nvidia"}, {"China"}),
    ("Speaking at a news conference in Beijing, foreign ministry spokesperson Mao Ning urged "
     "the U.S. to correct its mistakes.",
     {"Mao Ning"}, {"Ministry of Foreign Affairs of China"}, {"Beijing", "United States"}),
    ("Port fees of $50 per net ton on Chinese-owned vessels took effect on Tuesday, the USTR "
     "said in a statement.",
     set(), {"Office of the United States Trade Representative"}, set()),
    ("Asked whether the truce would hold, Leavitt said Trump was optimistic.",
     {"Karoline Leavitt", "Donald Trump"}, set(), set()),
    ("The Shanghai Composite Index closed 0.8% lower, while Japan's Nikkei 225 rose 1.2%.",
     set(), set(), {"Japan"}),
    ("Huang, who met Trump at the White House last week, said the H20 was no longer "
     "competitive in China.",
     {"Huang", "Donald Trump"}, {"White House"}, {"China"}),
    ("Officials from the Office of the U.S. Trade Representative met with delegates from the "
     "Ministry of Commerce in Stockholm.",
     set(), {"Office of the United States Trade Representative", "Ministry of Commerce of China"},
     {"Stockholm"}),
    ("Greer told reporters outside the West Wing that the fees on Chinese ships were working.",
     {"Jamieson Greer"}, set(), {"West Wing"}),
    ("Lutnick and Bessent both appeared on Sunday talk shows to defend the levies.",
     {"Howard Lutnick", "Scott Bessent"}, set(), set()),
    ("The Dow fell 1,200 points, or 2.9%, its biggest drop since April, as the Nasdaq slid 4%.",
     set(), set(), set()),
    ("Huawei founder Ren Zhengfei said the company's Ascend chips were a generation behind.",
     {"Ren Zhengfei"}, {"Huawei"}, set()),
    ("Semiconductor Manufacturing International Corp, China's largest chipmaker, said demand "
     "remained strong.",
     set(), {"Semiconductor Manufacturing International Corporation"}, {"China"}),
    ("Bessent, speaking from the Oval Office, said a deal with Beijing was close.",
     {"Scott Bessent"}, set(), {"Oval Office", "China"}),
    ("The Commerce Department's Bureau of Industry and Security said it had revoked the "
     "licences.",
     set(), {"United States Department of Commerce", "Bureau of Industry and Security"}, set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "persons", "orgs", "places"), WIRE_SENTENCES)
def test_wire_sentences_give_the_gold_names(run, text, persons, orgs, places):
    got = entities.name_sets(run(text)).get("t1", {c: set() for c in entities.NAME_CATEGORIES})
    assert (got["persons"], got["organizations"], got["places"]) == (persons, orgs, places)


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        ("Engineers said the B30A would be slower than the Blackwell parts.", "B30A", "PRODUCT"),
        ("Cambricon said its new Siyuan chips were selling well.", "Siyuan", "PRODUCT"),
        ("The Dow closed at a record on Friday.", "Dow", "MARKET"),
    ],
)
def test_products_and_indexes_are_not_organisations(run, text, word, label):
    assert rows_for(run(text), word)["label"].tolist() == [label]


def test_untagged_surname_joins_the_full_name_but_not_another_person(run):
    table = run(
        "Trade envoy Liesel Marwick arrived on Monday. Marwick told reporters the deal was "
        "close. Dana Marwick Foods, a food company, declined to comment."
    )
    persons = table[table["label"] == "PERSON"]
    assert set(persons["canonical"]) == {"Liesel Marwick"}
    assert (persons["canonical"] == "Liesel Marwick").sum() == 2


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # The model leaves the names in the second half of a Title-Case line untagged.
        ("Seoul Weighs Chip Curbs As Trump Presses Japan Over Export Rules\n\n"
         "Officials met on Monday.", {("Trump", "Donald Trump"), ("Japan", "Japan")}),
        # A person named in full in the body is found by surname in the headline.
        ("Exporters Brace As Marwick Signals Wider Levies On Steel\n\n"
         "Trade envoy Liesel Marwick spoke on Monday.", {("Marwick", "Liesel Marwick")}),
    ],
)  # fmt: skip
def test_title_case_headline_names_are_tagged(run, headline, expected):
    table = run(headline)
    head_end = headline.index("\n")
    in_head = table[table["end_char"] <= head_end]
    assert expected <= set(zip(in_head["text"], in_head["canonical"], strict=True))


def test_title_case_headline_does_not_tag_plain_words(run):
    table = run("Markets Slide As New Levies Hit Farm Goods Across The Region\n\nPrices fell.")
    assert table[table["end_char"] <= 60]["label"].isin(["PERSON", "ORG", "GPE"]).sum() == 0


def test_known_office_holder_gets_the_country_of_the_reference_table(run):
    table = run("President Donald Trump spoke in Ohio. Lighthizer later briefed reporters.")
    persons = table[table["label"] == "PERSON"].set_index("canonical")
    assert persons.loc[["Donald Trump"], "affiliation"].tolist() == ["United States"]
    assert persons.loc[["Robert Lighthizer"], "affiliation"].tolist() == ["United States"]
    # Persons outside the table get no country from it.
    table = run("Economist Liesel Marwick spoke in Ohio.")
    assert table[table["label"] == "PERSON"]["affiliation"].isna().all()


def test_summit_forums_have_one_canonical_name(run):
    table = run("Leaders met at the G20 in Osaka; the G-20 summit ended on Saturday.")
    assert set(table[table["text"].isin(["G20", "G-20"])]["canonical"]) == {"Group of 20"}


# Other outlets' layouts: British money amounts, kickers, newsletter run-in heads, live-blog
# time stamps, bullet lists of goods, datelines in capitals, bond yields, time zones.
LAYOUT_SENTENCES = [
    ("Ministers in Canberra weighed duties on a further $75bn (£59bn) of imports.",
     set(), set(), {"Canberra"}),
    ("Analysis: Why the soybean truce may not last\n\nFarmers in Iowa waited for news.",
     set(), set(), {"Iowa"}),
    ("THE NUMBERS. Exporters shipped less steel in March than a year earlier.",
     set(), set(), set()),
    ("3:15 p.m. – Mnuchin leaves the room without taking questions.",
     {"Steven Mnuchin"}, set(), set()),
    ("The new duties cover:\n\nLithium batteries: from 7.5% to 25% in 2026.\n\n"
     "Steel cranes: 25% from next year.",
     set(), set(), set()),
    ("SAN DIEGO – Port operators braced for fewer container ships on Tuesday.",
     set(), set(), {"San Diego"}),
    ("Treasury yields climbed as shares of Best Buy and Apple slid in New York.",
     set(), {"Best Buy", "Apple"}, {"New York"}),
    ("All times Eastern. The commerce minister arrives in Osaka later today.",
     set(), set(), {"Osaka"}),
    ("The rules will appear in the Federal Register on Friday, a notice on Twitter said.",
     set(), {"Twitter"}, set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "persons", "orgs", "places"), LAYOUT_SENTENCES)
def test_other_outlets_layouts_give_the_gold_names(run, text, persons, orgs, places):
    got = entities.name_sets(run(text)).get("t1", {c: set() for c in entities.NAME_CATEGORIES})
    assert (got["persons"], got["organizations"], got["places"]) == (persons, orgs, places)


def test_money_amount_and_broken_span_are_not_names(run):
    table = run(
        'The president promised "a Big Tariff of 40%" on $90bn of goods, aides in Ottawa said.'
    )
    assert not table["label"].isin(["PERSON", "ORG"]).any()
    assert rows_for(table, "90bn")["label"].tolist() in ([], ["MONEY"])


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # A dateline names the city, even a capital; in the body the capital is the government.
        ("BEIJING, June 3 (Staff) – Beijing vowed to answer the duties.", {"Beijing", "China"}),
        ("WASHINGTON/TOKYO, Oct 2 – Officials met again.", {"Washington", "Tokyo"}),
        ("LIMA – Ministers gathered for the forum.", {"Lima"}),
        # A capital opening an all-capitals run-in head is no dateline.
        ("WASHINGTON WAITS. Officials declined to comment on Tuesday.", {"United States"}),
    ],
)
def test_datelines_name_the_city(run, text, places):
    got = entities.name_sets(run(text)).get("t1", {c: set() for c in entities.NAME_CATEGORIES})
    assert got["places"] == places


def test_a_name_whose_shares_move_is_a_company(run):
    table = run("Dorrit Vance shares slid 3 per cent after the tariff news.")
    assert rows_for(table, "Dorrit Vance")["label"].tolist() == ["ORG"]
    # The same name doing something else stays a person.
    table = run("Dorrit Vance rose to speak at the podium.")
    assert rows_for(table, "Dorrit Vance")["label"].tolist() == ["PERSON"]


@pytest.mark.parametrize(
    "name",
    ["Korea Development and Investment Commission", "Ontario Customs and Excise Board"],
)
def test_an_institution_with_and_is_one_organisation(run, name):
    table = run(f"Officials of the {name} said they would study the duties.")
    assert rows_for(table, name)["label"].tolist() == ["ORG"]
    assert not (table["label"] == "PERSON").any()


@pytest.mark.parametrize(
    ("text", "persons", "orgs"),
    [
        # Known office holders and agencies of the 2018-2024 rounds.
        ("Mr Liu met reporters after Fed Chair Jerome Powell spoke.", {"Liu He", "Jerome Powell"},
         set()),
        ("9:40 a.m. ET – The Agriculture Department and the NDRC issued statements.", set(),
         {"United States Department of Agriculture", "National Development and Reform Commission"}),
        ("Shares of Tencent and ZTE fell as the US-China Business Council urged calm.", set(),
         {"Tencent", "ZTE", "US-China Business Council"}),
    ],
)  # fmt: skip
def test_reference_names_of_earlier_rounds(run, text, persons, orgs):
    got = entities.name_sets(run(text)).get("t1", {c: set() for c in entities.NAME_CATEGORIES})
    assert (got["persons"], got["organizations"]) == (persons, orgs)


@pytest.mark.parametrize(
    ("text", "persons", "orgs", "places"),
    [
        # Fact-check and client-alert layouts: a verdict or a section head is no name.
        ("Verdict: Mostly false. Exporters in Ohio shipped less.", set(), set(), {"Ohio"}),
        ("Background. Importers in Texas filed the entries in ACE.", set(), set(), {"Texas"}),
        ("The ad valorem rate rises to 40% for farm goods from the Midwest.", set(), set(),
         {"Midwest"}),
        ("The Economic and Trade Agreement took effect, Xinhua said.", set(), {"Xinhua"}, set()),
        # A wire dateline with a double hyphen.
        ("SPOKANE -- Wheat growers waited for orders.", set(), set(), {"Spokane"}),
        # A name before ', <job> at ...' is a person whatever the model said of its words.
        ("Marisol Okonkwo-Reyes, senior grains economist at a Chicago brokerage, said bids fell.",
         {"Marisol Okonkwo-Reyes"}, set(), {"Chicago"}),
    ],
)  # fmt: skip
def test_fact_check_and_alert_layouts(run, text, persons, orgs, places):
    got = entities.name_sets(run(text)).get("t1", {c: set() for c in entities.NAME_CATEGORIES})
    assert (got["persons"], got["organizations"], got["places"]) == (persons, orgs, places)


@pytest.mark.parametrize(
    ("text", "persons", "orgs", "places"),
    [
        ("Walmart and Alibaba reported higher sales.", set(), {"Walmart", "Alibaba"}, set()),
        ("The European Commission proposed duties on steel. The Commission will vote in June.",
         set(), {"European Commission"}, set()),
        ("Freighters sailed from Penang to Kuantan on Monday.", set(), set(),
         {"Penang", "Kuantan"}),
        ("Welders in Sarnia said the duties would help. In Sarnia, plants run around the clock.",
         set(), set(), {"Sarnia"}),
        ("Under the Clean Freight Availability Standard, carriers must report emissions.",
         set(), set(), set()),
        ("Background\n\nThe rate rose twice in Peru.", set(), set(), {"Peru"}),
        ("Speaking on Fox News Sunday, Kudlow said the duties would stay.", {"Larry Kudlow"},
         set(), set()),
        ("The White House National Economic Council said growth was strong.", set(),
         {"National Economic Council"}, set()),
    ],
)  # fmt: skip
def test_one_name_one_kind_in_an_article(run, text, persons, orgs, places):
    got = entities.name_sets(run(text)).get("t1", {c: set() for c in entities.NAME_CATEGORIES})
    assert (got["persons"], got["organizations"], got["places"]) == (persons, orgs, places)


def test_known_companies_joined_by_and_are_split():
    text = "Retailers including Amazon and Best Buy gained."
    start = text.index("Amazon")
    merged = entities.Mention(start, text.index(" gained"), "ORG", "model", model_label="ORG")
    parts = entities._split_coordinated_persons(text, [merged], {})
    assert [(text[m.start : m.end], m.label) for m in parts] == [
        ("Amazon", "ORG"),
        ("Best Buy", "ORG"),
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The U.S. Trade Representative will publish a list of goods next week.", "ORG"),
        ("The U.S. Trade Representative, Ona Pruitt, said talks went well.", "ROLE"),
        ("Pruitt, the U.S. Trade Representative, said talks went well.", "ROLE"),
        ("U.S. Trade Representative Ona Pruitt said talks went well.", "ROLE"),
    ],
)
def test_the_trade_representative_without_a_holder_is_the_agency(run, text, label):
    table = run(text)
    rows = rows_for(table, "Trade Representative")
    assert rows["label"].tolist() == [label]
    if label == "ORG":
        assert rows["canonical"].tolist() == ["Office of the United States Trade Representative"]


def test_reference_names_of_the_biden_rounds(run):
    got = entities.name_sets(
        run("Tai's deputies met Jay Powell's staff before a signing on the South Lawn.")
    ).get("t1", {c: set() for c in entities.NAME_CATEGORIES})
    assert got["persons"] == {"Katherine Tai", "Jerome Powell"}
    assert got["places"] == {"South Lawn"}


@pytest.mark.parametrize(("figure", "label"), [("4,500", "CARDINAL"), ("80bn", "MONEY")])
def test_figures_the_model_took_for_names_are_numbers(figure, label):
    text = f"Dockworkers counted {figure} containers."
    start = text.index(figure)
    m = entities.Mention(start, start + len(figure), "ORG", "model", model_label="ORG")
    assert [x.label for x in entities._drop_non_names(text, [m])] == [label]
