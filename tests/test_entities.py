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
