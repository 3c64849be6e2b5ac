"""Stage 03: dated events, tariff figures and the merged cross-article timeline.

`process_batch` reads a chunk of articles with their entity mentions and returns the `events`
and `tariffs` tables of contract.md; `merge_timeline` joins what several articles report into
one row per event or figure, listing every source. Dates are resolved by `helpers.dates`.

Sentences come from a blank English pipeline with a sentencizer (cheap); only sentences that
hold a date expression, a percentage or an event word go through the model's tagger and parser,
which the tense rules need.
"""

from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import pandas as pd

from helpers import config, dates, incremental, known_events
from helpers.entities import ALIASES_PATH

# Any edit to the rules or to the alias table they read invalidates cached results.
STAGE_VERSION = incremental.source_version(
    "facts", __file__, dates.__file__, known_events.__file__, ALIASES_PATH,
    known_events.CALENDAR_PATH,
)  # fmt: skip

EVENT_COLUMNS = [
    "article_id", "event_id", "kind", "date", "date_end", "date_text", "date_rule",
    "date_end_rule", "date_bound", "description", "place", "actors", "quote", "is_background",
    "start_char",
]  # fmt: skip
TARIFF_COLUMNS = [
    "article_id", "imposer", "target", "rate_percent", "approximate", "action", "rate_role",
    "product_scope", "scope", "measure", "effective_date", "until_date", "quote", "rate_text",
    "start_char",
]  # fmt: skip
TIMELINE_COLUMNS = [
    "record", "kind", "date", "date_end", "description", "place", "actors", "imposer", "target",
    "rate_percent", "approximate", "action", "rate_role", "effective_date", "until_date",
    "is_background", "date_rules", "date_texts", "conflicting_rates", "sources", "n_sources",
    "first_reported", "quotes",
]  # fmt: skip

# ------------------------------------------------------------------ vocabularies (why: tariff
# prose uses a small closed set of nouns and verbs; everything else is context)
_PERCENT = re.compile(
    r"(?P<approx>\b(?:about|around|roughly|approximately|nearly|almost|some|close to)\s+)?"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|percent\b|per cent\b|-percent\b"
    r"|percentage[-\s]points?\b|-percentage-point\b)",
    re.I,
)
# "the rate on roughly $200 billion of Chinese goods": a rate that is a tariff by its object.
_RATE_ON_GOODS_WORDS = (
    r"rates?\s+(?:on|against)\s+(?:[\w.$,-]+\s+){0,6}?(?:goods|imports|products|exports)"
)
_RATE_ON_GOODS = re.compile(rf"(?i)\b{_RATE_ON_GOODS_WORDS}\b")
_TARIFF_NOUN = re.compile(
    r"(?i)\b(?:tariffs?|duty|duties|levy|levies|charges?|surcharges?|retaliat\w*"
    r"|countermeasures?|(?:import\s+|sur)tax(?:es)?|counter-tariffs?"
    rf"|{_RATE_ON_GOODS_WORDS}"
    r"|(?:reciprocal|retaliatory|fentanyl|tariff)\s+rates?)\b"
)
# Not "1,160 points" (an index move) nor a digit group's tail.
_POINTS = re.compile(r"(?P<approx>(?!))?(?<![\d,.])(?P<num>\d+(?:\.\d+)?)\s+(?P<unit>points)\b")
# Among tariff sentences, a party's rate that moves to a figure: "China goes to 84%".
_MOVES_TO = re.compile(
    r"(?i)\b(?:[A-Z][\w.]*|its|their)(?:['’]s)?\s+(?:rate\s+)?(?:go(?:es)?|went|moves?|moved"
    r"|rises?|rose|climbs?|climbed|jumps?|jumped|falls?|fell|drops?|dropped)\s+(?:back\s+)?to\s+$"
)
_FROM_FIGURE_TO = re.compile(
    r"(?i)\bfrom\s+(?:about\s+)?(?:zero|\d+(?:\.\d+)?\s*(?:%|per\s?cent|percent))\s+to\s+$"
)
_ALL_ORIGINS = re.compile(
    r"(?i)\ball\s+(?:[\w-]+\s+){0,3}?imports\b(?!\s+(?:from|of)\b)"
    r"|\bimported\s+(?:[\w-]+\s+){0,2}?(?:goods|vehicles|cars|products|steel|aluminium|aluminum)\b"
    r"(?!\s+from\b)"
    r"|\b(?:standard|most[- ]favou?red[- ]nation|MFN)\b|\bimport\s+(?:duty|duties|tariffs?|tax)\b"
    # "a 10% tariff on imports from almost all countries"
    r"|\b(?:from|on)\s+(?:almost\s+|nearly\s+|virtually\s+)?(?:all|every|most)\s+(?:other\s+)?"
    r"(?:countries|country|nations|trading\s+partners)\b"
    # "a flat 10% on imports from countries that had not retaliated": a class, not a country
    r"|\b(?:from|on)\s+(?:the\s+)?(?:countries|nations|trading\s+partners)\s+"
    r"(?:that|which|who|with|where)\b"
    # "a 10% global surcharge", "10% to 20% on goods from everywhere else", "for dozens of
    # other countries": no one country
    r"|\bglobal\s+(?:[\w-]+\s+)?(?:tariffs?|surcharges?|levy|levies|duty|duties)\b"
    r"|\beverywhere\b|\bsection\s+122\b"
    r"|\b(?:dozens\s+of\s+(?:other\s+)?|\d+\s+(?:other\s+)?|other\s+)countries\b"
)
# Steel and aluminium duties (the US's Section 232) apply to every origin unless one is named.
_EVERY_ORIGIN_GOODS = re.compile(r"(?i)^(?:[\w-]+\s+)?(?:steel|alumin(?:i)?um)(?:\s+and\s+"
                                 r"(?:steel|alumin(?:i)?um))?(?:\s+imports)?$")
# Goods that bear an added rate: "eight products will pay an extra 25%", "face an additional 15%".
_BEARS_EXTRA = re.compile(
    r"(?i)\b(?:pay|pays|paid|paying|face|faces|faced|facing|carry|carries|carried|bear|bears)"
    r"\s+(?:an?\s+)?(?:extra|additional|further|added|new)\s+$"
)
# A rate charged on goods with no tariff noun: "has charged 25% on $250 billion of imports",
# "the 25% already levied on Chinese goods".
_TAX_VERB_BEFORE = re.compile(
    r"(?i)\b(?:charg|levi|levy|impos|slapp?|put|plac|add|appl|collect)\w*\s+"
    r"(?:(?:an?|extra|additional|another|a\s+further)\s+)*$"
)
_TAX_VERB_AFTER = re.compile(
    r"(?i)\s+(?:\w+\s+)?(?:charged|levied|imposed|collected|applied|slapped)\s+(?:on|to|against)\b"
)
# Weak nouns count only where tariffs are already the topic ("a combined 20% rate").
_WEAK_TARIFF_NOUN = re.compile(r"(?i)\b(?:rates?|measures|response)\b")
# Percentages of other things: growth, shares, polls, thresholds.
_NON_TARIFF_AFTER = re.compile(
    r"(?i)^\s*(?:of\s+(?:the\s+)?(?:its\s+|their\s+)?)?(?:[\w'’]+\s+){0,2}?(?:growth|gdp|stake"
    r"|share|shares|chance|probability|majority|respondents|voters|approval|inflation"
    r"|unemployment|value|threshold|market|economy|population|households|margin|discount|yield"
    r"|interest"
    # "roughly 45% of the port's business", "a 35% cargo slump"
    r"|business|volumes?|cargo|traffic|sales|revenues?|slump|plunge|contraction)\b"
)
_NON_TARIFF_BEFORE = re.compile(
    r"(?i)\b(?:growth|gdp|economy|inflation|unemployment|approval|poll\w*|stake|share|stocks?"
    r"|index|yields?|profits?|revenues?|sales|output|exports?|imports?|shipments|prices?"
    r"|S&P|Nasdaq|Dow|composite|futures|yuan|renminbi|currency"
    r"|surveyed|respondents)\b[^%]{0,40}$"
)
_MOVEMENT = re.compile(
    r"(?i)\b(?:rose|rise[sn]?|fell|fall(?:s|en)?|grew|grow[sn]?|dropped|declined|jumped"
    r"|slumped|plunged|surged|gained|lost|shrank|expanded|contracted|slid|climbed)"
    r"(?:\s+by)?\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?$"
)

# Action lexicon: (regex, action); the nearest match before a figure decides.
_ACTIONS: list[tuple[str, str]] = [
    (
        r"stop(?:s|ped)? applying|lift(?:s|ed)?(?!\s+(?:\w+\s+){0,3}to\b)|remov\w*|scrap\w*"
        r"|eliminat\w*|abolish\w*|revok\w*|rescind\w*|withdr[ae]w\w*",
        "removed",
    ),
    (
        r"suspen\w*|paus\w*|delay\w*|postpon\w*|halt\w*|waiv\w*|exempt\w*|set(?:s|ting)? aside",
        "suspended",
    ),
    (r"extend\w*|extension|prolong\w*|renew\w*", "extended"),
    (
        r"cut\w*|lower\w*|reduc\w*|slash\w*|halv\w*|fall(?:s|ing)?|fell|drop\w*|eas(?:e|es|ed|ing)"
        r"|trim\w*|decreas\w*|roll\w* back",
        "cut",
    ),
    (
        r"rais\w*|hik\w*|doubl\w*|tripl\w*|increas\w*|climb\w*|ris(?:e|es|ing)|rose|jump\w*"
        r"|escalat\w*|boost\w*|return\w* to|go(?:es)? up",
        "raised",
    ),
    (r"threat\w*|warn\w*|vow\w*", "threatened"),
    (
        r"stand\w*|stood|remain\w*|current\w*|existing|keep\w*|kept|retain\w*|maintain\w*"
        r"|stay\w*|in place|in effect|still",
        "in_force",
    ),
    (
        r"impos\w*|slap\w*|levied|levying|introduc\w*|announc\w*|plac(?:e|es|ed|ing)|add\w*"
        r"|hit\w*|retaliat\w*|took effect|take[sn]? effect|went into effect|kick\w* in",
        "imposed",
    ),
    (r"fac(?:e|es|ed|ing)|carr(?:y|ies|ied)|pa(?:y|ys|id|ying)|charged", "faced"),
]
_ACTION_RES = [(re.compile(rf"(?i)\b(?:{p})\b"), a) for p, a in _ACTIONS]
_THREAT_CUE = re.compile(r"(?i)\b(?:could|might|may|threat\w*|threaten\w*|warn\w*|vow\w*)\b")
_AVOIDED_CUE = re.compile(r"(?i)\b(?:instead of|rather than|avoid\w*|prevent\w*)\b")
_NEW_CUE = re.compile(r"(?i)\b(?:additional|extra|new|further|more)\b")
_STATE_CUE = re.compile(r"(?i)\b(?:combined|overall|total|current\w*|still|existing)\b")
_MEASURES = re.compile(
    r"(?i)\b(?P<m>fentanyl(?:-related)?|reciprocal|retaliatory|section \d+|baseline"
    r"|across-the-board)\b"
)
_CLAUSE_BREAK = re.compile(
    # (not "while keeping ...": a participle shares the main clause's subject)
    # (not the colon of a clock time: "at 12:01 pm on Dec 15 on US goods" is one clause)
    r"(?i)(?:;|(?<!\d):(?!\d)|,? while\b(?!\s+(?-i:[a-z]+ing)\b)|, whereas\b|\bwhereas\b|, and\b"
    r"|, as (?:do|does|did|will)\b"
    r"|—|–"
    # "... to 30% and China's from 125% to 10%": an elliptic clause of another party
    r"|\band\s+(?=[A-Z][\w.]*['’]s\s+(?:own\s+|on\s+(?:[\w.-]+\s+){1,3}?)?"
    r"(?:from|to|toward|towards|at)\s+(?:about\s+)?\d)"
    r"|\band\s+(?=[A-Z][\w.]*['’]s\s+(?:about\s+)?\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)"
    r"\s*(?:[.,;]|$)))"
)
# Where a date stops belonging to a figure: a subordinate or contrasting clause ("..., after
# Trump doubled his levy to 20%") has its own time. ", which" only separates a date that comes
# before it; a relative clause after the figure describes the figure's own tariff.
_DATE_BREAK = re.compile(r"(?i)(?:;|, (?:after|before|while|whereas|but|as|when|since)\b|—|–)")
_DATE_BREAK_BEFORE = re.compile(r"(?i), which\b")
# Title-Case headlines join two clauses with a conjunction or punctuation ("Beijing Targets US
# Farm Goods As Trump Doubles China Tariff To 20%"); each figure belongs to its own clause.
# "As Much As", "As High As" compare, they do not join clauses.
_HEADLINE_BREAK = re.compile(
    r"(?i)(?:,|(?<!\d):(?!\d)|;|\s(?:as|after|while|amid|whereas)\s(?!(?:much|high|many|well|part|low)\b))"
)

# Words that make a country a target or an imposer of the nearby tariff.
_TARGET_BEFORE = re.compile(
    r"(?i)\b(?:on(?!\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d|the\s+same\s+day|the\s+[\w-]+\s+side|top\s+of)\b)"
    # ("On Tuesday the ..." dates; "On the Chinese side, ..." names an actor; "on top of the
    # EU's duty" adds to a duty)
    r"|against|at|targeting|from(?!\s+(?:mid-|early\s|late\s|the\s+(?:start|end)\b)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|next|last|this|then|now)\w*)|for)"
    r"\s+(?:[\w,-]+\s+){0,5}?$"
    # "products of the People's Republic of China", "imports originating in China"
    r"|\b(?:goods|products|imports|shipments|exports|articles)\s+(?:of|originating\s+in)"
    r"\s+(?:the\s+)?$"
    # "added 15% to U.S. chicken": a rate added to goods
    r"|\d\s*(?:%|per\s*cent|percent)\s+to\s+(?:the\s+)?$"
    # "vehicles made in China", "the rate faced by Brazil": where goods come from, who bears it
    r"|\b(?:made|produced|manufactured|assembled|built|grown|sourced)\s+in\s+(?:the\s+)?$"
    r"|\b(?:faced|paid|borne|incurred)\s+by\s+(?:the\s+)?$"
)
_GOODS_AFTER = re.compile(
    # (not "China's on American goods": goods after a preposition are someone else's)
    r"(?i)^(?:['’]s)?\s*(?:(?!(?:on|against|for)\b)[\w-]+\s+){0,2}?(?:goods|imports|products|exports|shipments|cargoes"
    r"|companies|firms|items|commodities|coal|steel|cars|vehicles|chips|farm|exporters"
    r"|manufacturers|producers|makers|farmers|growers|suppliers|shippers)\b"
)
# "American importers will keep paying 30%": a country's importers and buyers pay its duties.
_PAYERS_AFTER = re.compile(r"(?i)^\s*(?:[\w-]+\s+)?(?:importers|buyers|consumers)\b")
_IMPOSER_AFTER = re.compile(
    r"(?i)^(?:['’]s?)?\s*(?:[\w.-]+\s+|\d+(?:\.\d+)?\s*%\s*){0,4}?"
    r"(?:tariffs?|duty|duties|levy|levies|charges?|surtax(?:es)?|retaliat\w*|countermeasures?"
    r"|response"
    r"|measures|rates?|figure|threat)\b"
    # elliptic possessive: "the U.S. rate falls to 30% and China's to 10%"
    # (also "... and China's on American goods to 10%", "the US rate hit 145% and China's 125%")
    r"|^['’]s\s+(?:\w+\s+|on\s+(?:[\w.-]+\s+){1,3}?)?(?:to|at|from|toward|towards)\s+"
    r"(?:about\s+)?\d"
    r"|^['’]s\s+(?:about\s+)?\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s*(?:[.,;]|$)"
)
_SUBJECT_VERB = re.compile(
    r"(?i)^\s*(?:(?:has|have|had|will|would|could|also|then|first|on \w+|\w+ly)\s+){0,3}"
    r"(?:impos|rais|hik|slap|levi|cut|lower|reduc|suspend|paus|extend|keep|kept|retain|threat"
    r"|retaliat|doubl|increas|announc|plac|hit|lift|scrap|remov|halv|slash|stop|said|says|agreed"
    r"|repl|answer|respond|match|counter)"
)
_PASSIVE_BY = re.compile(r"(?i)\bby\s+(?:the\s+)?$")
# A mention followed by a possessive: "Trump's 10% tariff", "China's tariffs".
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")

# Event vocabularies; a date becomes an event of the kind whose cue is nearest.
_EVENT_CUES: dict[str, re.Pattern[str]] = {
    "deadline": re.compile(
        r"(?i)\b(?:deadline|expir\w*|runs? out|lapse\w*|closes|window|ultimatum|divest\w*)\b"
    ),
    "truce": re.compile(
        r"(?i)\b(?:truce|pauses?|paused|ceasefire|reprieve|standstill|suspen\w*|détente"
        r"|framework|agreement|deal|arrangement|understanding|consensus|accord|pact|agreed)\b"
    ),
    "meeting": re.compile(
        r"(?i)\b(?:talks|meet|meets|met|meeting|meetings|summit|negotiat\w*|sessions?|round"
        r"|gather\w*|call|speak|speaks|spoke|talk|phone|visit\w*|sit-down|consultations"
        r"|conversation)\b"
    ),
    "tariff": re.compile(
        r"(?i)\b(?:tariffs?|dut(?:y|ies)|lev(?:y|ies)|retaliation|countermeasures"
        r"|took effect|take[sn]? effect|go into effect|went into effect|kick\w* in)\b"
    ),
    "announcement": re.compile(
        r"(?i)\b(?:announc\w*|said|says|say|statement|declared|unveil\w*|told|launched|issued"
        r"|signed|ordered|published|confirmed|released|posted|wrote|threaten(?:s|ed|ing)?"
        r"|warned)\b"
    ),
}
_KIND_PRIORITY = ["deadline", "truce", "meeting", "tariff", "announcement"]
_HEAD_AFTER = re.compile(r"(?i)\s*(deadline|talks|meeting|meetings|summit|truce|pause)\b")
_BACKGROUND_CUE = re.compile(
    r"(?i)\b(?:prior|previous|earlier|past|following|after|since|preceding|former)\b"
)
_BACKGROUND_ROUNDS = re.compile(
    r"(?i)\b(?:prior|previous|earlier|past|following|followed|follows|after|since|preceding"
    r"|former)\s+(?:[\w-]+\s+){0,2}?(?:sessions|talks|meetings|rounds|summits|negotiations|session"
    r"|meeting|round)\s+in\s+"
)
# How many sentences after a tariff noun a bare "rate" still means a tariff rate.
_TOPICAL_SENTENCES = 4
# Period rules too vague to make a dated statement an event on their own.
_VAGUE_RULES = frozenset(
    {"recent_period", "coming_period", "this_year", "earlier_this_year", "later_this_year",
     "this_week", "this_month"}
)  # fmt: skip
_START_CUE = re.compile(r"(?i)\b(?:began|begins|start\w*|from|effective|took effect|since)\b")
# Bare "weekend" (as in "weekend talks", "over the weekend") that dates.find_mentions leaves.
_WEEKEND = re.compile(r"(?i)\b(?:over\s+the\s+|the\s+)?weekend\b")
_EVE = re.compile(r"(?i)\bon the eve of\b")


# ------------------------------------------------------------------ models and sentences
@lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=2)
def _parser(model: str):
    import spacy

    # Tagger + parser for tense and governing verbs, lemmas for the action lexicon; NER comes
    # from the entity stage.
    return spacy.load(model, exclude=["ner"])


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of a text; paragraphs never merge."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        doc = _sentencizer()(para.group(0))
        for s in doc.sents:
            if s.text.strip():
                spans.append((para.start() + s.start_char, para.start() + s.end_char))
    return spans


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Canonical names of countries and blocs: what the alias table labels GPE or NORP,
    except rows noted as a `city` or a summit `forum` (they host talks but impose nothing)."""
    from helpers import entities

    rows = entities.load_aliases().rows
    hosts = {r.canonical for r in rows if r.city or r.forum}
    return frozenset(r.canonical for r in rows if r.label in ("GPE", "NORP")) - hosts


def country_of(text: str, canonical: str | None, label: str | None) -> str | None:
    """The country or bloc a mention stands for in trade prose (a capital is its government)."""
    from helpers import entities

    countries = _countries()
    if canonical in countries:
        return canonical
    # Tariffs are not imposed by cities: "aimed at Beijing" is China even where it reads as a
    # place. Only alias rows marked as capitals are mapped this way.
    row = entities.load_aliases().lookup(entities.clean_mention(text))
    if row is not None and row.canonical in countries and (row.capital or label == "NORP"):
        return row.canonical
    return None


# Seats of government that stand for their country in trade prose but name no country.
_GOVERNMENT_SEATS = {
    "White House": "United States",
    "State Council": "China",
    "State Council Tariff Commission": "China",
    "European Commission": "European Union",  # the EU's executive sets the bloc's tariffs
}


def org_country(canonical: str) -> str | None:
    """The government an organisation speaks for: a seat of government ("White House") or a
    body whose canonical name contains a country ("Ministry of Commerce of China")."""
    if canonical in _GOVERNMENT_SEATS:
        return _GOVERNMENT_SEATS[canonical]
    hits = [c for c in _countries() if re.search(rf"\b{re.escape(c)}\b", canonical)]
    return max(hits, key=len) if hits else None


@dataclass
class Mention:
    """An entity mention inside one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    label: str
    canonical: str
    country: str | None  # the country the entity stage named (GPE/NORP), or a person's office
    is_person: bool = False
    party: str | None = None  # the government behind it in trade prose (capitals included)


@dataclass
class _Ctx:
    """Per-article state carried from sentence to sentence."""

    article_id: str
    published: date
    affiliation: dict[str, str]
    last_tariff: dict[str, Any] | None = None
    last_tariff_sentence: int = -10
    pairs: Counter = field(default_factory=Counter)
    seen_points: bool = False
    lead_place: str | None = None  # the city of the title/lead, for "the talks" later on
    anchor_day: str | None = None  # the day of the article's news agreement or meeting
    deal_day: str | None = None  # the day of the article's news signing or announcement
    headline_pair: tuple[str, str] | None = None  # (imposer, target) of a headline without figures
    all_parties: Counter = field(default_factory=Counter)  # parties the whole article names
    opener: tuple[str | None, dict[str, Any] | None] | None = None  # the list line's opener
    programme_owner: dict[str, str] = field(default_factory=dict)  # measure -> its imposer
    last_day: str | None = None  # the day last named, for "two days later"
    last_past_day: str | None = None  # the last named day up to publication: "the same day"
    entry: tuple[int, date] | None = None  # (paragraph start, day) of a chronology entry
    entry_tense: str = "past"  # the direction of that entry's own date
    title_year: int | None = None  # the one year a title names ("the 2025 tariff fight")
    tariff_parties: Counter = field(default_factory=Counter)  # parties named near tariffs
    ents: pd.DataFrame | None = None  # the article's entities, for looking back past a sentence
    spans: list[tuple[int, int]] = field(default_factory=list)  # every sentence of the article
    text: str = ""  # the article's text, for mentions the entity stage does not name


def _mentions(sent_start: int, sent_end: int, ents: pd.DataFrame, ctx: _Ctx) -> list[Mention]:
    rows = ents[(ents["start_char"] >= sent_start) & (ents["end_char"] <= sent_end)]
    out = []
    for r in rows.itertuples(index=False):
        label, canonical = str(r.label), str(r.canonical)
        if label == "PERSON":
            country = ctx.affiliation.get(canonical)
            out.append(
                Mention(r.start_char - sent_start, r.end_char - sent_start, str(r.text), label,
                        canonical, country, True, country)
            )  # fmt: skip
        elif label in ("GPE", "NORP", "LOC", "ORG", "FAC"):
            country = canonical if canonical in _countries() else None
            party = (
                org_country(canonical) if label == "ORG"
                else country_of(str(r.text), canonical, label)
            )  # fmt: skip
            out.append(
                Mention(r.start_char - sent_start, r.end_char - sent_start, str(r.text), label,
                        canonical, country, False, party)
            )  # fmt: skip
    for hit in _ADMINISTRATION.finditer(ctx.text, sent_start, sent_end):
        s, e = hit.start() - sent_start, hit.end() - sent_start
        if not any(o.start < e and s < o.end for o in out):
            out.append(Mention(s, e, hit.group(0), "ORG", "United States", None, False,
                               "United States"))  # fmt: skip
    return sorted(out, key=lambda m: m.start)


# "The administration" and "the president" with no other name are Washington's in the
# English-language press (other governments are "the government", "Beijing", "Ottawa"); "the
# Trump administration" and "President Xi" have their person mentions already.
_ADMINISTRATION = re.compile(
    r"\b[Tt]he\s+(?:(?:US|U\.S\.|American)\s+)?administration\b"
    r"|\b[Tt]he\s+(?:US\s+|U\.S\.\s+|American\s+)?[Pp]resident\b(?!\s+(?:of\b|[A-Z]))"
    # An executive order is the US president's instrument ("a separate executive order cuts
    # the duty on parcels from 120% to 54%"); other governments issue decrees.
    r"|\b[Ee]xecutive\s+[Oo]rders?\b"
)


# ------------------------------------------------------------------ tariffs
# "charged 120% of their value", "cuts the duty ... to 54% of their value" (not "worth 0.1% of
# their value", a threshold).
_AD_VALOREM = re.compile(r"(?i)\s+of\s+(?:their|its|the\s+[\w'’]+)\s+value\b")
_CHARGED_BEFORE = re.compile(
    r"(?i)\b(?:charg\w*|pa(?:y|ys|id|ying)|fac\w+|dut(?:y|ies)|tariffs?|lev(?:y|ies)|rate)\b"
)


def _is_tariff_percent(sent: str, m: re.Match[str], topical: bool) -> bool:
    before, after = sent[max(0, m.start() - 70) : m.start()], sent[m.end() : m.end() + 70]
    if _AD_VALOREM.match(after) and _CHARGED_BEFORE.search(before[-60:]):
        return True  # "parcels will be charged 120% of their value": an ad valorem duty
    if _NON_TARIFF_AFTER.search(after[:40]):
        return False
    if _MOVEMENT.search(before) and "to" not in before[-6:]:
        # "exports fell 20%": a change of some quantity, unless tariffs are the subject.
        verb = _MOVEMENT.search(before)
        if not _TARIFF_NOUN.search(before[max(0, verb.start() - 40) : verb.start()]):
            return False
    near = (
        _TARIFF_NOUN.search(before[-60:]) or _TARIFF_NOUN.search(after[:45])
        or _TAX_VERB_BEFORE.search(before[-30:]) and re.match(r"\s+(?:on|against)\b", after)
        or topical and re.search(r"(?i)\badd(?:s|ed|ing)?\s+$", before[-8:])
        and re.match(r"\s+to\s+(?:[\w.-]+\s+){0,3}?(?:goods|imports|products|exports|[A-Z])", after)
        or _TAX_VERB_AFTER.match(after)
        or _BEARS_EXTRA.search(before[-40:])
        or re.search(r"(?i)\btax(?:ed|es)?\s+at\s+$", before[-12:])
        # "including 20% on goods from Vietnam": a rate laid on goods
        or re.match(r"(?i)\s+on\s+(?:[\w.$,-]+\s+){0,3}?(?:goods|imports|products|items"
                    r"|shipments)\b", after)
    )  # fmt: skip
    if not near and topical:
        near = (
            _WEAK_TARIFF_NOUN.search(before[-30:]) or _WEAK_TARIFF_NOUN.search(after[:30])
            or _MOVES_TO.search(before[-40:])
            or re.search(r"(?i)\bfrom\s+$", before[-6:]) and re.match(r"\s+to\s+\d", after)
            or _FROM_FIGURE_TO.search(before[-30:])
            # a list line that labels its figure: "BYD: 17.0 per cent"
            or re.fullmatch(r"[^.;:]{1,80}:\s*(?:about\s+|up\s+to\s+)?", before)
            # "24 percentage points of the April increases remain suspended": in a tariff
            # story, points are a tariff's
            or m.group("unit").lower().startswith("percentage")
            # goods that pay a rate, a rate that starts at a level: "List 4A has paid 15%",
            # "is scheduled to start at 15%"
            or re.search(r"(?i)\b(?:pa(?:y|ys|id|ying)|fac(?:e|es|ed|ing))\s+(?:an?\s+)?"
                         r"(?:extra\s+|additional\s+|further\s+)?$", before[-30:])
            or re.search(r"(?i)\b(?:start|begin|set|stand|settle)(?:s|ed|ing)?\s+at\s+$",
                         before[-20:])
            # "leaving a flat 10% in place", "pushed the Chinese figure to 125%", "matched it
            # with its own 34%": rates kept, moved or answered
            or re.match(r"(?i)\s+(?:in\s+place|in\s+force)\b", after)
            or re.search(r"(?i)\b(?:push|pushed|pushing|lift|lifted|lifting|took|taking|brought"
                         r"|bringing)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?to\s+$",
                         before[-45:])
            or re.search(r"(?i)\b(?:its|their)\s+own\s+$", before[-12:])
            # "were all given 19%", "had been handed a 46% rate"
            or re.search(r"(?i)\b(?:given|handed|assigned)\s+(?:an?\s+)?$", before[-20:])
            # "piled on another 50%", "tacked on an extra 10%": a rate laid on top
            or re.search(r"(?i)\b(?:pil|tack)(?:e|es|ed|ing)?\s+on\s+(?:an?\s+)?(?:another\s+"
                         r"|extra\s+|additional\s+|further\s+)?$", before[-35:])

        )  # fmt: skip
    if near and _NON_TARIFF_BEFORE.search(before) and not _TARIFF_NOUN.search(before[-25:]):
        # A closer non-tariff quantity ("sales rose ... tariffs"): trust the tariff noun only
        # if it sits right before the figure.
        nt = _NON_TARIFF_BEFORE.search(before)
        # "the tariff on Chinese imports to 145%", "imports have faced a 20% tariff": goods
        # that are taxed or bear a rate, not a quantity that moved.
        goods = nt and (
            re.search(r"(?i)\b(?:on|against)\s+(?:[\w.$,-]+\s+){0,4}$", before[: nt.start()])
            or re.search(r"(?i)\b(?:fac|pa(?:y|id)|carr(?:y|ie)|incur)\w*", before[nt.start() :])
        )  # fmt: skip
        if (
            nt
            and not goods
            and not _TARIFF_NOUN.search(before[nt.start() :])
            and not _TARIFF_NOUN.search(after[:20])
        ):
            return False
    return bool(near)


def _clause_window(sent: str, pos: int, back: int = 90) -> int:
    """Start of the stretch before `pos` that belongs to the same clause."""
    start = max(0, pos - back)
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(sent, start, pos)]
    return breaks[-1] if breaks else start


def _action(sent: str, m: re.Match[str], role: str | None, until: str | None) -> str:
    lo = _clause_window(sent, m.start())
    window = sent[lo : m.start()]
    found: tuple[int, str, re.Match[str]] | None = None
    for rx, action in _ACTION_RES:
        for hit in rx.finditer(window):
            if found is None or hit.end() > found[0]:
                found = (hit.end(), action, hit)
    after = sent[m.end() : m.end() + 60]
    after = after[: (b.start() if (b := _CLAUSE_BREAK.search(after)) else len(after))]
    if found is None:
        for rx, action in _ACTION_RES:
            hit = rx.search(after)
            if hit and (found is None or hit.start() < found[0]):
                found = (hit.start(), action, hit)
    action = found[1] if found else ("imposed" if _NEW_CUE.search(window[-25:]) else "in_force")
    head = window[: found[2].start()] if found and found[2].string is window else window
    if action == "faced":
        near = window[-30:] + " " + after[:20]
        state = _STATE_CUE.search(near)
        action = "imposed" if _NEW_CUE.search(near) and not state else "in_force"
    if action in ("raised", "imposed", "in_force") and _THREAT_CUE.search(window[-70:]):
        if not (action == "in_force" and found and _STATE_CUE.search(found[2].group(0))):
            action = "threatened"
    if action in ("raised", "imposed") and _AVOIDED_CUE.search(head[-40:]):
        action = "suspended"  # "instead of letting it rise to 34%": an increase called off
    if action == "in_force" and found and re.match(r"(?i)kee|kep|ret|mai", found[2].group(0)):
        if re.search(r"(?i)\b(?:suspended|paused)\b", after):
            action = "suspended"  # "keep 24 points ... suspended"
        elif until:
            action = "extended"  # "keep the rate at 10% until 2026"
    if action == "threatened" and role == "from":
        action = "in_force"  # the starting point of a possible change is today's rate
    return action


def _role(sent: str, m: re.Match[str], figures: list[re.Match[str]]) -> str | None:
    before = sent[max(0, m.start() - 25) : m.start()]
    if re.search(r"(?i)\bfrom\s+(?:the\s+)?(?:current\s+|existing\s+)?$", before):
        return "from"
    if re.search(r"(?i)\bfrom\s+(?:zero|nothing|0%?)\s+to\s+$", before):
        return "to"  # "from zero to 50%": a new duty's level
    after = sent[m.end() : m.end() + 20]
    if re.match(r"(?i),?\s+(?:up|down)\s+from\s+(?:the\s+)?\d", after):
        return "to"  # "100%, up from 25%": the new level of a change
    if re.search(r"(?i)\b(?:to|toward|towards|at)\s+$", before):
        # Only a change with a starting figure has a "to" side.
        others = [f for f in figures if f is not m]
        if any(
            re.search(r"(?i)\bfrom\s+(?:the\s+)?(?:current\s+|existing\s+)?$",
                      sent[max(0, f.start() - 25) : f.start()])
            and abs(f.start() - m.start()) < 40
            for f in others
        ):  # fmt: skip
            return "to"
    return None


# Verbs whose subject bears a tariff rather than sets it ("Chinese exporters face 30%").
_BEARER_VERBS = {
    "face", "pay", "carry", "incur", "attract", "suffer", "bear", "get", "receive", "accept",
}
# Passives whose subject is the doer of the infinitive that follows ("was set to impose").
_RAISING_PASSIVE_WORDS = "set schedule slate expect due poise suppose plan prepare allow require"
_RAISING_PASSIVES = set(_RAISING_PASSIVE_WORDS.split())


def is_headline(sent: str) -> bool:
    """Whether a sentence is set in Title Case (a headline), where the parse is unreliable."""
    words = re.findall(r"[A-Za-z][\w'’-]*", sent)
    if len(words) < 4:
        return False
    lower = [w for w in words if w[0].islower()]
    return len(lower) <= len(words) // 5


# Verbs whose object is the country a duty aims at.
_AIM_VERBS = set("charge hit slap punish target tax penalize penalise threaten".split())
# Who pays a duty at home rather than being its target: "American importers pay 25%".
_PAYING_BUYERS = set(
    "importer consumer buyer household shopper retailer customer taxpayer family".split()
)


def _parse_role(doc: Any, sent_offset: int, men: Mention, verb: Any) -> str | None:
    """'imposer' or 'target' from the parse: the subject of the verb governing the figure (or
    of the verb it is an infinitive of: "China decided to impose"), the agent of a passive."""
    if doc is None or verb is None:
        return None
    toks = [t for t in doc if men.start <= t.idx - sent_offset < men.end]
    if not toks:
        return None
    root = next((t for t in toks if not men.start <= t.head.idx - sent_offset < men.end), None)
    if root is None:
        return None
    # Subjects of the governing verb and of the verbs it shares its subject with (xcomp).
    chain, v = [verb], verb
    while v.dep_ in ("xcomp", "conj") and v.head != v:
        v = v.head
        chain.append(v)
    if v.dep_ == "acl" and v.tag_ == "VBN":
        # "the order ... trims the duty on parcels sent by post from 120% to 54%": a participle
        # describing goods leaves the acting to the clause's own verb.
        chain += [a for a in _ancestors(v) if _is_verb(a)][:1]
    head = root.head
    if root.dep_ == "nsubj" and head in chain:
        # "Canada and Mexico were to face 25%": the subject of "were" bears what "face" says.
        bears = head.lemma_.lower() in _BEARER_VERBS or head.lemma_.lower() == "be" and any(
            v.lemma_.lower() in _BEARER_VERBS for v in chain[: chain.index(head)]
        )
        return "target" if bears else "imposer"
    if (
        root.dep_ == "amod" and head.dep_ == "nsubj" and head.head in chain
        and head.head.lemma_.lower() in _BEARER_VERBS
        and head.lemma_.lower() not in _PAYING_BUYERS
    ):  # fmt: skip
        return "target"  # "American soybeans have paid an extra 10%": the goods' origin
    if root.dep_ == "nsubjpass" and head in chain:
        if head != verb and head.lemma_.lower() in _RAISING_PASSIVES:
            return "imposer"  # "the U.S. was set to slap 15% tariffs": it is the slapper
        return "target"  # "China was hit with 34% duties"
    if (
        root.dep_ in ("compound", "amod") and head.lemma_.lower() == "side"
        and head.dep_ == "nsubj" and head.head in chain
    ):  # fmt: skip
        return "imposer"  # "the U.S. side would keep the 24% tariff suspended"
    if root.dep_ in ("dobj", "dative") and head in chain and head.lemma_.lower() in _AIM_VERBS:
        return "target"  # "charge Mexico a 25% tariff", "hit China with 34% duties"
    if root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent" and head.head in chain:
        return "imposer"  # "duties were imposed by Beijing"
    return None


def _assign_parties(
    sent: str, m: re.Match[str], prev_end: int, next_start: int, mentions: list[Mention],
    doc: Any = None, verb: Any = None,
) -> tuple[str | None, str | None]:  # fmt: skip
    """(imposer, target) of one figure: the governing verb's subject or agent first, then the
    nearest mention whose surrounding words mark it ("Beijing's", "on Chinese goods")."""
    # Title-Case headlines mis-tag verbs as proper nouns: there the words decide, not the parse.
    parse_ok = doc is not None and not is_headline(sent)
    offset = doc[0].idx if doc is not None and len(doc) else 0
    imposers: list[tuple[int, str]] = []
    targets: list[tuple[int, str]] = []
    # Parties are looked for in the figure's own clause ("..., while China's duty ...").
    back_lo = _clause_window(sent, m.start(), back=len(sent))
    for men in mentions:
        if back_lo <= men.start < m.start() and _opens_clause(sent, men):
            back_lo = men.start
    # "Beijing targets US farm goods after fentanyl tariff doubles to 20%": a figure inside a
    # subordinate clause with a subject of its own is not the main clause's.
    # (A comma closes the subordinate clause: "after a month's grace, with ... 10%".)
    sub_open = [
        h for h in _SUBORDINATOR.finditer(sent, back_lo, m.start())
        if re.search(r"[a-z]{3,}", sent[h.end() : m.start()])
        and "," not in sent[h.end() : m.start()]
    ]  # fmt: skip
    if sub_open:
        back_lo = sub_open[-1].start()
    brk = _CLAUSE_BREAK.search(sent, m.end())
    front_hi = brk.start() if brk else len(sent)
    # "... was lifted by 50 points after Beijing refused ...": a clause with its own subject.
    sub = _SUBORDINATE.search(sent, m.end(), front_hi)
    front_hi = sub.start() if sub else front_hi
    head_lo, headline = 0, not parse_ok and is_headline(sent)
    if headline:
        head_lo = max([0, *(b.end() for b in _HEADLINE_BREAK.finditer(sent, 0, m.start()))])
        hb = _HEADLINE_BREAK.search(sent, m.end())
        back_lo, front_hi = max(back_lo, head_lo), min(front_hi, hb.start() if hb else len(sent))
    owner = _relative_possessor(verb) if parse_ok else None
    owner_party: str | None = None
    for men in mentions:
        country = men.party
        if not country:
            continue
        # Marker words count within the mention's own clause only ("on Canadian steel stays,
        # as do Canada's duties": the "on" does not reach past the clause break).
        before = sent[_clause_window(sent, men.start, back=45) : men.start]
        after = sent[men.end : men.end + 45]
        # A government body is never whose goods are taxed: "posted on the website of the
        # Ministry of Finance" places no duty on China.
        is_target = not men.is_person and men.label != "ORG" and (
            bool(_TARGET_BEFORE.search(before)) or bool(_GOODS_AFTER.match(after))
        )
        if (
            men.label == "GPE" and men.party != "United States"
            and not _POSSESSIVE_AFTER.match(after)
            and re.match(r"(?i)\s+(?:tariffs?|dut(?:y|ies)|lev(?:y|ies)|charges|rates?)\b"
                         r"(?!\s+(?:on|against)\b)",
                         after)
        ):  # fmt: skip
            # "25% China Tariffs", "the Section 301 China tariffs", "Mexico duties": a country
            # name (not "Chinese", not "China's") before the noun is whose goods are taxed.
            # Not "U.S. tariffs": the English-language press names its own government's
            # tariffs that way.
            is_target = True
        if re.match(r"(?i)\s+side\b", after):
            is_target = False  # "On the Chinese side, the commission said ...": an actor
        if is_target and _opens_clause(sent, men):
            is_target = False  # a new clause's subject, not one more country of the "on" phrase
        payers = _PAYERS_AFTER.match(after) is not None and not men.is_person
        if not men.is_person and (
            re.match(r"(?i)\s*(?:border|customs|ports?)\b", after)
            or re.search(r"(?i)\bfrom\s+[\w .'’-]{2,30}?\s+(?:to|into)\s+(?:the\s+)?$", before)
            # "EVs a year will be allowed into Canada at 6.1%", "exports to the US face 25%"
            or re.search(r"(?i)(?:\binto|\b(?:exports|shipments|sales)\s+to|\benter(?:s|ing)?)"
                         r"\s+(?:the\s+)?$", before)  # fmt: skip
        ):
            # "pay 15% at the Chinese border", "cars shipped from China to the EU": the
            # country whose border the goods cross imposes the duty.
            is_target = False
            is_imposer = True
        else:
            is_imposer = payers or not is_target and (
                bool(_IMPOSER_AFTER.match(after))
                or bool(_SUBJECT_VERB.match(after))
                or bool(_PASSIVE_BY.search(before))
            )
        if men.is_person and _POSSESSIVE_AFTER.match(after):
            is_imposer = True  # "Trump's 10% tariff"
        if headline and is_imposer and not _POSSESSIVE_AFTER.match(after) and any(
            head_lo <= o.start < men.start and o.party not in (None, country)
            and (_SUBJECT_VERB.match(sent[o.end : o.end + 45])
                 or _POSSESSIVE_AFTER.match(sent, o.end))
            for o in mentions
        ):  # fmt: skip
            # "Trump Doubles China Tariff", "Trump's China Tariff": after the clause's acting
            # subject or owner, a country naming the tariff is whose goods it hits.
            is_target, is_imposer = True, False
        in_back = max(prev_end, back_lo) <= men.end <= m.start()
        in_front = m.end() <= men.start < min(next_start, front_hi)
        parsed = _parse_role(doc, offset, men, verb) if parse_ok else None
        if owner is not None and men.start <= owner.idx - offset < men.end:
            parsed = "imposer"  # "Beijing's retaliation, which placed 15% on ..."
        if parsed is None and not (in_back or in_front):
            continue
        dist = m.start() - men.end if in_back else abs(men.start - m.end()) + 1000
        if re.search(r"(?i)\b(?:including|such\s+as|notably|especially)\s+$", before):
            dist += 500  # "from the European Union, including Britain": an example, not the whole
        owns = men.is_person and re.match(
            r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:about\s+)?$", sent[men.end : m.start()]
        )  # "China answers Trump's 10% levy": the person who owns the figure imposes it
        if owns:
            is_target, is_imposer, dist = False, True, dist - 20000
            owner_party = country
        elif parsed:
            # The governing verb's own subject outranks words that merely sit nearer.
            is_target, is_imposer, dist = parsed == "target", parsed == "imposer", dist - 10000
        if is_target:
            targets.append((dist, country))
        elif is_imposer:
            imposers.append((dist, country))
    if not imposers and not headline:
        # "China's commerce ministry followed with a matching step: it will keep suspending 24
        # points of its own counter-tariff": "its own" is the antecedent's, the sentence's
        # first-named party (its subject, as a rule).
        own = bool(
            re.search(r"(?i)\bits\s+own\s+(?:[\w-]+\s+){0,3}$", sent[back_lo : m.start()])
            # "24 percentage points of its own counter-tariff"
            or re.search(r"(?i)\bits\s+own\b", sent[m.end() : m.end() + 40])
        )
        named = [x for x in mentions if x.party and not x.is_person and x.end <= back_lo]
        if own and named:
            imposers.append((10**6, named[0].party))
    # An owned figure is not on its owner's goods ("answers Trump's 10% levy with duties on
    # US coal": the coal is the answer's target).
    targets = [t for t in targets if t[1] != owner_party]
    target = min(targets)[1] if targets else None
    # A country does not tariff itself: "Beijing matched the U.S. rate with a 34% levy on
    # American goods" has the U.S. as target, so the nearer "U.S. rate" is not the imposer.
    imposer = next((c for _, c in sorted(imposers) if c != target), None)
    return imposer, target


def _opens_clause(sent: str, men: Mention) -> bool:
    """"... on Chinese imports and China replied with 125%": "and" + a country and its verb
    opens a clause of its own."""
    return bool(
        re.search(r"(?i)\band\s+$", sent[max(0, men.start - 6) : men.start])
        and _SUBJECT_VERB.match(sent[men.end : men.end + 45])
    )


# Nouns for a package of measures: its possessor is who imposed what its relative clause says.
_MEASURE_HEADS = set(
    "retaliation response measures measure countermeasures package round tariffs duties levies"
    " action actions plan list move salvo wave batch set".split()
)


def _relative_possessor(verb: Any) -> Any:
    """The possessor of the antecedent when the figure's verb sits in a relative clause on a
    package of measures: "Beijing's first round of retaliation, which began on February 10
    and placed tariffs of 15% ..." makes Beijing the imposer (the relative pronoun is the
    subject, so the antecedent's owner acts). Coordinated verbs share that subject."""
    if verb is None:
        return None
    v = verb
    while v.dep_ == "conj" and v.head != v:
        v = v.head
    if v.dep_ != "relcl" or not any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that") for c in v.children
    ):
        return None
    noun = v.head
    nouns = [noun]
    if noun.head.dep_ == "prep" and noun.head.lower_ == "of":
        nouns.append(noun.head.head)  # "round of retaliation, which ...": round's owner
    nouns += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    if not any(n.lemma_.lower() in _MEASURE_HEADS or n.lower_ in _MEASURE_HEADS for n in nouns):
        return None
    for n in nouns:
        poss = next((c for c in n.children if c.dep_ == "poss"), None)
        if poss is not None and poss.lower_ not in ("its", "their", "his", "her"):
            return poss
    return None


# ------------------------------------------------------------------ tariff grammar (why: the
# verb that governs a figure and its modality decide what happened to the rate; word windows
# pick up the wrong verb as soon as a sentence holds two clauses)
_VERB_ACTIONS: dict[str, str] = {
    **dict.fromkeys(
        "raise hike increase double triple quadruple boost climb rise jump escalate ramp bump"
        " soar reach adjust revise change modify go move".split(), "raised"),
    **dict.fromkeys(
        "cut lower reduce halve slash trim ease decrease fall drop decline lessen shrink"
        " narrow".split(), "cut"),
    **dict.fromkeys(
        "threaten warn vow propose consider mull weigh floated float".split(), "threatened"),
    **dict.fromkeys(
        "suspend pause delay postpone halt waive exempt defer freeze".split(), "suspended"),
    **dict.fromkeys("extend prolong renew".split(), "extended"),
    **dict.fromkeys(
        "impose slap levy introduce announce place add hit retaliate apply unveil enact"
        " order set match mirror charge respond counter put restore reimpose answer reply pile tack"
        " slam".split(), "imposed"),
    **dict.fromkeys(
        "stand remain keep retain maintain stay face carry pay be hold sit total incur"
        " attract".split(), "in_force"),
    **dict.fromkeys(
        "remove lift scrap eliminate abolish revoke rescind withdraw end terminate cancel"
        " repeal drop_".split(), "removed"),
}  # fmt: skip
# Nouns that name the change itself ("a 25% hike", "the suspension of the 24% tariff").
_NOUN_ACTIONS: dict[str, str] = {
    **dict.fromkeys("threat warning ultimatum".split(), "threatened"),
    **dict.fromkeys("hike increase rise escalation increment".split(), "raised"),
    **dict.fromkeys("cut reduction cuts rollback".split(), "cut"),
    **dict.fromkeys("suspension pause reprieve waiver exemption".split(), "suspended"),
    **dict.fromkeys("extension renewal".split(), "extended"),
    **dict.fromkeys("removal repeal elimination".split(), "removed"),
    **dict.fromkeys("retaliation countermeasure countermeasures".split(), "imposed"),
}  # fmt: skip
# Heads of an infinitive that make it a plan or a threat ("plans to raise", "vowed to impose").
_THREAT_HEADS = set(
    "threaten warn vow plan consider propose weigh mull seek want intend aim prepare".split()
)
_TENTATIVE_AUX = {"would", "could", "might", "may", "should", "'d"}
# Verbs that flip what follows: "stop applying", "end", "avoid raising".
_STOP_HEADS = {"stop", "cease", "end", "quit", "halt"}
_AVOID_HEADS = {"avoid", "prevent", "forestall", "avert", "block"}
_TARIFF_LEMMAS = set(
    "tariff duty levy charge surcharge rate tax retaliation countermeasure measure".split()
)
_GENERIC_GOODS = set(
    "good goods import imports product products export exports shipment shipments item items"
    " merchandise purchase purchases commodity commodities cargo cargoes".split()
)
# Function words a title-case headline gets tagged as proper nouns ("... On US Coal After ...").
_PHRASE_STOP = set(
    "after before with over as amid from to for in by at into under since until while"
    " despite against".split()
)
_QUANTITY_NOUNS = {"range", "variety", "list", "host", "number", "array", "raft", "basket"}
_OVERALL_CUE = re.compile(
    r"(?i)\b(?:combined|overall|total|cumulative|average|all-in|effective rate|in all"
    r"|headline|blanket)\b"
)
_COMPONENT_CUE = re.compile(
    r"(?i)\b(?:additional|extra|further|another|new|layer|on top of|baseline|surcharge)\b"
)
_MEASURE_NAMES: list[tuple[str, str]] = [
    (r"fentanyl(?:-related)?|opioid|drug-related", "fentanyl"),
    (r"reciprocal", "reciprocal"),
    (r"retaliat\w*|counter-?measures?|counter-tariffs?", "retaliatory"),
    (r"section\s+301", "section 301"),
    (r"section\s+232", "section 232"),
    (r"baseline|universal", "baseline"),
    (r"anti-?dumping", "anti-dumping"),
    (r"countervailing|anti-subsidy", "countervailing"),
    (r"ieepa|emergency", "ieepa"),
    (r"across-the-board", "across-the-board"),
]
_MEASURE_RES = [(re.compile(rf"(?i)\b(?:{p})\b"), name) for p, name in _MEASURE_NAMES]
# Programmes only one government runs: US statutes (Sections 301 and 232, the emergency-powers
# act) and the 2025 US layers. A figure of one of these with no stated imposer is the US's.
_PROGRAMME_IMPOSER = dict.fromkeys(
    ("section 301", "section 232", "ieepa", "fentanyl", "reciprocal", "baseline"),
    "United States",
)
_EFFECT_CUE = re.compile(
    r"(?i)\b(?:take[sn]?\s+effect|took\s+effect|taking\s+effect|(?:come|came|comes|coming|go"
    r"|goes|went|going|enter\w*)\s+into\s+(?:force|effect)|kick(?:s|ed)?\s+in|effective"
    r"|start(?:s|ed|ing)?|begin(?:s|ning)?|began|applies|apply|from|as of)\W+(?:\w+\W+){0,2}$"
)
_DURATION_FOR = re.compile(
    r"(?i)\bfor\s+(?:another\s+|a\s+further\s+|an\s+additional\s+)?(?P<d>(?:\d+|a|an|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[-\s](?:day|week|month|year)s?)\b"
)
_UNTIL_TO = re.compile(
    r"(?i)\b(?:run(?:s|ning)?|ran|extend(?:s|ed|ing)?|last(?:s|ed|ing)?|push(?:es|ed|ing)?"
    r"|delay(?:s|ed|ing)?|postpon\w*|prolong\w*)\b[^,;.]{0,40}?\bto\s+$"
)


def _unit_token(doc: Any, start: int, end: int) -> Any:
    """The token that stands for a figure: its unit (%, percent, points), else its number."""
    toks = [t for t in doc if start <= t.idx < end]
    if not toks:
        return None
    for t in toks:
        if t.text == "%" or t.lower_.startswith(("percent", "point")):
            return t
    return toks[-1]


def _ancestors(tok: Any, limit: int = 12) -> list[Any]:
    """The head chain of a token, nearest first (without the token)."""
    out = []
    while tok.head != tok and len(out) < limit:
        tok = tok.head
        out.append(tok)
    return out


def _is_verb(tok: Any) -> bool:
    """A clause verb (not "combined"/"related" used as an adjective)."""
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound")


def _verb_action(verb: Any) -> str | None:
    """The action a verb names, with its particles ("set aside", "roll back", "take effect")."""
    lemma = verb.lemma_.lower()
    parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "dobj", "advmod")}
    objs = {g.lower_ for c in verb.children if c.dep_ == "prep" for g in c.children}
    if lemma == "take" and "effect" in parts or lemma in ("come", "go", "enter") and (
        objs & {"force", "effect"}
    ) or lemma == "kick" and "in" in parts:  # fmt: skip
        return "imposed"
    if lemma == "set" and "aside" in parts:
        return "suspended"
    if lemma in ("roll", "bring", "scale") and parts & {"back", "down"}:
        return "cut"
    if lemma in ("go", "push", "ramp", "jack") and "up" in parts:
        return "raised"
    if lemma == "lift":
        # "lifted the tariff to 25%" raises it; "lifted the tariff" removes it.
        return "raised" if "to" in parts else "removed"
    if lemma == "drop":
        return "cut" if parts & {"to", "from", "by"} else "removed"
    if lemma == "return" and "to" in parts:
        return "raised"
    if lemma in ("bring", "take", "push") and "to" in parts:
        return "raised"  # "bringing the total to 145%"
    return _VERB_ACTIONS.get(lemma)


def _modal_action(verb: Any, action: str) -> str:
    """Escalations under would/could or a plan/threat head are threats, not facts."""
    if action not in ("raised", "imposed", "in_force"):
        return action
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _TENTATIVE_AUX:
        return "threatened"
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in _THREAT_HEADS:
        return "threatened"
    return action


def _verb_of_tariff(doc: Any, start: int, end: int, topical: bool) -> bool:
    """Whether the figure's verb has a tariff noun for subject or object, however far away:
    "the additional tariff China charges on all goods ... will be adjusted from 84% to 125%",
    "cut its tariff on roughly $120 billion of imports in half on Friday, to 7.5%"."""
    unit = _unit_token(doc, start, end)
    if unit is None or _NON_TARIFF_AFTER.search(doc.text[end : end + 40]):
        return False
    verb = next((a for a in _ancestors(unit) if _is_verb(a)), None)
    if verb is None:
        return False
    nouns = {"rate"} if topical or _RATE_ON_GOODS.search(doc.text[:start]) else set()
    nouns |= _TARIFF_LEMMAS - {"rate", "measure", "charge"}
    # The subject's whole phrase: a misparsed relative clause can bury the noun in it.
    if any(
        c.dep_ in ("nsubj", "nsubjpass") and any(t.lemma_.lower() in nouns for t in c.subtree)
        for c in verb.children
    ):
        return True
    # "cut its tariff ... to 7.5%": a tariff object (the noun itself, not a relative clause on
    # it), unless the figure is the subject ("36% of shipments face the full rate").
    in_subject = any(
        c.dep_ in ("nsubj", "nsubjpass") and unit in c.subtree for c in verb.children
    )
    return not in_subject and any(
        c.dep_ == "dobj" and c.lemma_.lower() in nouns for c in verb.children
    )


def _governor(doc: Any, start: int, end: int) -> tuple[str | None, Any]:
    """(action, governing verb) of the figure at [start, end) from the parse; (None, None)
    when no word on its head chain names an action."""
    unit = _unit_token(doc, start, end)
    if unit is None:
        return None, None
    fallback: tuple[str | None, Any] | None = None
    # "matching the extra 50% Washington had added": a relative clause without a pronoun
    # whose own subject acts on the figure governs it, not the verb the phrase is object of.
    for noun in (unit, unit.head) if unit.head.pos_ == "NOUN" else (unit,):
        for child in noun.children:
            if (
                child.dep_ == "relcl" and _is_verb(child) and child.i > unit.i
                and any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in child.children)
                and not any(c.dep_ == "dobj" for c in child.children)
            ):  # fmt: skip
                act = _verb_action(child)
                if act:
                    return _modal_action(child, act), child
    for node in [unit, *_ancestors(unit)]:
        if node is not unit and node.pos_ in ("NOUN", "PROPN"):
            noun_action = _NOUN_ACTIONS.get(node.lower_) or _NOUN_ACTIONS.get(node.lemma_.lower())
            if noun_action:
                verb = next((a for a in _ancestors(node) if _is_verb(a)), None)
                if noun_action == "raised" and verb is not None:
                    noun_action = _modal_action(verb, noun_action)
                return noun_action, verb
            # "a 10% rate, which stays in place": the relative clause describes the tariff;
            # used only when the main clause has no action word ("is made up of ...").
            if node.lemma_.lower() in _TARIFF_LEMMAS and fallback is None:
                for child in node.children:
                    if child.dep_ in ("relcl", "acl") and _is_verb(child) and child.i > unit.i:
                        act = _verb_action(child)
                        if act and child.tag_ != "VBN":
                            fallback = (_modal_action(child, act), child)
        if not _is_verb(node):
            continue
        action = _verb_action(node)
        verb = node
        if action is None and node.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl"):
            continue  # "signed orders that cut ...": keep climbing past verbs of no action
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in _STOP_HEADS:
            return "removed", node.head  # "stop applying the 15% tariffs"
        if action is None:
            return fallback or (None, node)
        if action in ("raised", "imposed") and (
            node.head.lemma_.lower() in _AVOID_HEADS
            or _AVOIDED_CUE.search(doc.text[max(0, node.idx - 40) : node.idx])
        ):
            return "suspended", node  # "instead of letting it rise to 34%": called off
        if action == "in_force" and re.match(
            r"(?i)\s+(?:\w+ly\s+)?(?:suspended|paused|frozen|on hold|deferred)\b",
            doc.text[node.idx + len(node.text) :],
        ):
            return "suspended", node  # "will remain suspended", "stays on hold"
        if action == "in_force" and node.lemma_.lower() in ("face", "carry", "pay", "attract"):
            nominal = " ".join(t.lower_ for t in doc if abs(t.i - unit.i) <= 3)
            if _NEW_CUE.search(nominal) and not _STATE_CUE.search(nominal):
                action = "imposed"  # "will face an additional 15% tariff": a new charge
        return _modal_action(verb, action), verb
    return fallback or (None, None)


def _phrase_after(doc: Any, first: Any) -> str | None:
    """A noun phrase starting at token `first`: determiners, adjectives, nouns, conjunctions."""
    toks: list[Any] = []
    i = first.i
    while i < len(doc):
        t = doc[i]
        ok = (
            t.lower_ not in _PHRASE_STOP
            and (t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "CCONJ") or t.text in (",", "-"))
            or (t.tag_ == "VBN" and t.dep_ in ("amod", "compound"))
            or (t.lower_ == "of" and toks and toks[-1].lemma_.lower() in _QUANTITY_NOUNS)
        )
        such_as = t.lower_ in ("such", "other") and i + 1 < len(doc) and doc[i + 1].lower_ == "as"
        if not ok or such_as:
            break
        toks.append(t)
        i += 1
    while toks and (toks[-1].pos_ in ("CCONJ", "DET", "PUNCT") or toks[-1].lower_ == "of"):
        toks.pop()
    while toks and toks[0].lower_ in ("the", "a", "an"):
        toks.pop(0)
    # "a wide range of American farm products": the goods, not the quantity.
    for j, t in enumerate(toks):
        if t.lower_ == "of" and j and toks[j - 1].lemma_.lower() in _QUANTITY_NOUNS:
            toks = toks[j + 1 :]
            break
    if not toks or not any(t.pos_ in ("NOUN", "PROPN") for t in toks):
        return None
    return doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


def _product_scope(
    doc: Any, sent: str, f: re.Match[str], lo: int, hi: int, verb: Any
) -> str | None:
    """The goods a figure applies to: the noun phrase after its "on"/"against" (after the
    figure, else earlier in its clause), or the subject of "face"/"carry"; None if none."""
    ons = [t for t in doc if t.lower_ in ("on", "against") and lo <= t.idx < hi]
    # An "on" right after the figure is its own; a far one may open another clause ("as
    # Beijing pledges action on fentanyl").
    after = [
        t for t in ons if f.end() <= t.idx <= f.end() + 30
        and not any(_is_verb(w) or w.pos_ == "SCONJ" or w.lower_ in _PHRASE_STOP
                    for w in doc if f.end() <= w.idx < t.idx)
    ][:1]  # fmt: skip
    before = [t for t in ons if t.idx < f.start()][-1:]
    for prep in after + before:
        nxt = doc[prep.i + 1] if prep.i + 1 < len(doc) else None
        if nxt is None or nxt.lower_ in ("top", "behalf", "average", "hold", "track"):
            continue
        if prep.i + 2 < len(doc) and doc[prep.i + 2].lower_ == "of" and nxt.lower_ in ("top",):
            continue
        phrase = _phrase_after(doc, nxt)
        if phrase and _names_goods(phrase) and not _is_date_phrase(phrase):
            return phrase
    if verb is not None and verb.lemma_.lower() in ("face", "carry", "pay", "attract", "incur"):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                left = min(child.subtree, key=lambda t: t.i)
                phrase = _phrase_after(doc, left)
                if phrase and _names_goods(phrase):
                    return phrase
    return None


def _is_date_phrase(phrase: str) -> bool:
    """Whether a phrase is a date ("on Monday", "on May 14"), not goods."""
    found = dates.find_mentions(phrase)
    return bool(found) and found[0].start <= 4


def _names_goods(phrase: str) -> bool:
    """Whether a phrase says more than a country ("on China" is the target, not goods)."""
    words = [w.strip(".,") for w in re.findall(r"[\w.'’-]+", phrase)]
    return any(w not in _country_words() and w.lower() not in ("and", "the") for w in words)


def _is_specific(phrase: str | None, countries: frozenset[str]) -> bool:
    """Whether a goods phrase names particular products (coal, farm products), not all goods."""
    if not phrase:
        return False
    words = re.findall(r"[A-Za-z][\w.'’-]*", phrase)
    rest = [
        w for w in words
        if w.lower() not in _GENERIC_GOODS and w.lower() not in (
            "all", "most", "the", "a", "an", "of", "and", "or", "its", "their", "other", "many",
            "some", "every", "virtually", "nearly", "almost", "u.s.", "us", "from", "imported",
            "goods-", "made", "foreign")
        and w.strip(".") not in countries
    ]  # fmt: skip
    return bool(rest)


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Surface forms (GPE and NORP aliases) that name a country rather than a product."""
    from helpers import entities

    out: set[str] = set()
    for r in entities.load_aliases().rows:
        if r.label in ("GPE", "NORP"):
            out.update({r.alias, r.alias.replace(".", ""), r.canonical})
    return frozenset(out)


def _measure(sent: str, f: re.Match[str], lo: int, hi: int) -> str | None:
    """The named tariff programme of a figure (fentanyl, reciprocal, ...): a name in the two
    words after it ("20% fentanyl-related tariff"), else the nearest earlier in its clause."""
    after = re.match(r"\s*(?:(?!and\b)[\w.-]+\s+){0,2}", sent[f.end() : hi])
    tail = sent[f.end() : f.end() + (after.end() if after else 0) + 30]
    for rx, name in _MEASURE_RES:
        hit = rx.search(tail)
        if hit and hit.start() <= (after.end() if after else 0) + 1:
            if name == "reciprocal" and re.match(r"\s+counter", tail[hit.end() :]):
                return "retaliatory"  # "its reciprocal counter-tariff": the answer to it
            return name
    best: tuple[int, str] | None = None
    for rx, name in _MEASURE_RES:
        for hit in rx.finditer(sent, lo, f.start()):
            dist = f.start() - hit.end()
            if dist <= 60 and (best is None or dist < best[0]):
                best = (dist, name)
    return best[1] if best else None


def _scope_kind(
    sent: str, f: re.Match[str], lo: int, hi: int, product: str | None, measure: str | None,
    action: str,
) -> str:  # fmt: skip
    """overall / component / product / unspecified for one figure (see `TARIFF_SCOPES`)."""
    near = sent[max(lo, f.start() - 45) : min(hi, f.end() + 45)]
    if _is_specific(product, _country_words()):
        return "product"
    if _OVERALL_CUE.search(near):
        return "overall"
    unit = f.group("unit").lower()
    if measure or "point" in unit:
        return "component"
    if _COMPONENT_CUE.search(sent[max(lo, f.start() - 30) : f.end() + 15]) and action in (
        "imposed", "threatened", "raised",
    ):  # fmt: skip
        return "component"  # a layer added on top of what is there
    if product:
        return "overall"  # every good of the target ("tariffs on Chinese goods")
    return "unspecified"


def _date_separated(sent: str, s: int, e: int, f: re.Match[str]) -> bool:
    """Whether a clause boundary stands between a date at [s, e) and the figure `f`."""
    if e <= f.start():
        between = sent[e : f.start()]
        return bool(_DATE_BREAK.search(between) or _DATE_BREAK_BEFORE.search(between))
    return bool(_DATE_BREAK.search(sent, f.end(), s))


def _figure_dates(
    doc: Any, sent: str, sent_start: int, f: re.Match[str], lo: int, hi: int, verb: Any,
    resolved: list[dates.ResolvedDate],
) -> tuple[str | None, str | None]:  # fmt: skip
    """(effective_date, until_date) of a figure from the date expressions of its own clause:
    none of `_DATE_BREAK` between date and figure, or the date governed by the figure's verb
    ("a 25% duty on pork and a 10% duty on wheat from July 1" dates both)."""
    effective = until = None
    for r in resolved:
        s, e = r.start - sent_start, r.end - sent_start
        gov = None
        toks = [t for t in doc if s <= t.idx < e]
        if toks:
            gov = next((a for a in [toks[0], *_ancestors(toks[0])] if _is_verb(a)), None)
        same_verb = verb is not None and gov is not None and gov.i == verb.i
        if not same_verb and (s < lo or s >= hi or _date_separated(sent, s, e, f)):
            continue
        before = sent[max(lo, s - 40) : s]
        if r.bound in ("until", "at_least") or r.bound == "" and _UNTIL_TO.search(before):
            until = until or (r.date_end if r.date_end and r.bound == "until" else r.date)
            continue
        if r.bound == "by" or r.rule in _VAGUE_RULES:
            continue  # "this year's measures" dates nothing
        if r.bound == "from" or _EFFECT_CUE.search(before):
            effective = effective or r.date
            continue
        if same_verb and r.date_end is None:
            effective = effective or r.date  # "were lowered to 30% on May 14"
    dur = _DURATION_FOR.search(sent, lo, hi)
    if dur and until is None and effective and len(effective) == 10:
        n, unit = dates.parse_duration(dur.group("d")) or (0, "day")
        until = dates.add_duration(effective, n, unit) if n else None
    return effective, until


def extract_tariffs(
    sent: str, sent_start: int, mentions: list[Mention], resolved: list[dates.ResolvedDate],
    ctx: _Ctx, topical: bool, sent_index: int, doc: Any = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Tariff figures stated in one sentence, with parties, action, role, scope and dates."""
    figures = list(_PERCENT.finditer(sent))
    if re.search(r"(?i)percentage[-\s]points?", sent):
        ctx.seen_points = True  # also for a bare "points" later in this same sentence
    if ctx.seen_points:
        # "the same 24 points" after "24 percentage points": the unit is understood.
        figures += [p for p in _POINTS.finditer(sent) if not any(
            f.start() <= p.start() < f.end() for f in figures)]  # fmt: skip
        figures.sort(key=lambda f: f.start())
    if not figures:
        return []
    # Bare "points" only follow "percentage points" of a tariff: they need no noun of their own.
    accepted = [
        f for f in figures
        if f.group("unit") == "points" or _is_tariff_percent(sent, f, topical)
        or doc is not None and _verb_of_tariff(doc, f.start(), f.end(), topical)
    ]  # fmt: skip
    if accepted:
        # Figures chained to an accepted one ("from 145% to 30%", "... while ... an extra 10%")
        # share its topic unless they are plainly something else.
        accepted = [
            f for f in figures
            if f in accepted or not _NON_TARIFF_AFTER.search(sent[f.end() : f.end() + 40])
            and not _MOVEMENT.search(sent[max(0, f.start() - 40) : f.start()])
        ]  # fmt: skip
    rows: list[dict[str, Any]] = []
    countries_here = {x.party for x in mentions if x.party}
    for i, f in enumerate(accepted):
        prev_end = accepted[i - 1].end() if i else 0
        next_start = accepted[i + 1].start() if i + 1 < len(accepted) else len(sent)
        action, verb = _governor(doc, f.start(), f.end()) if doc is not None else (None, None)
        imposer, target = _assign_parties(sent, f, prev_end, next_start, mentions, doc, verb)
        he = _pronoun_subject(sent, verb)
        if imposer is None and he is not None:
            # "He signs the proclamations: 25% on steel": the person last named acts ("Trump
            # said that he would cut ...": named before the pronoun, in its sentence too).
            imposer = _last_person_party(sent_start + he, ctx)
            imposer = None if imposer == target else imposer
        elif action and target is None and (
            he := _pronoun_subject(sent, verb, shared=True)
        ) is not None:
            # "He ... pushed the Chinese figure to 125%": when "he" does what happens to the
            # figure, his country imposes it and the country it names is the one taxed.
            who = _last_person_party(sent_start + he, ctx)
            v_at = verb.idx - doc[0].idx
            if who and who != imposer and any(
                x.party == imposer and v_at < x.start < f.start() for x in mentions
            ):
                imposer, target = who, imposer
        role = _role(sent, f, accepted)
        lo = _clause_window(sent, f.start(), back=200)
        brk = _CLAUSE_BREAK.search(sent, f.end())
        hi = min(brk.start() if brk else len(sent), next_start)
        effective, until = (
            _figure_dates(doc, sent, sent_start, f, lo, hi, verb, resolved)
            if doc is not None else (None, None)
        )  # fmt: skip
        if action is None:
            action = _action(sent, f, role, until)  # no parse or no governing word: cue words
        if role == "to" and action in ("in_force", "imposed") and re.search(
            r"(?i)\bfrom\s+(?:zero|nothing|0%?)\s+to\s+$", sent[max(0, f.start() - 25) : f.start()]
        ):  # fmt: skip
            action = "raised"  # from no duty up to one
        elif action == "in_force" and verb is not None:
            aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
            state = _STATE_CUE.search(sent[lo:hi])
            if verb.lemma_.lower() == "face" and aux & {"will", "shall"} and effective:
                # "will face a 20% duty from August 1": a new charge, not a standing one
                action = "in_force" if state else "imposed"
            if verb.lemma_.lower() in ("keep", "retain", "maintain"):
                if re.search(r"(?i)\b(?:suspended|paused)\b", sent[f.end() : f.end() + 60]):
                    action = "suspended"  # "keep 24 points ... suspended"
                elif until:
                    action = "extended"  # "keep the rate at 10% until 2026"
        product = _product_scope(doc, sent, f, lo, hi, verb) if doc is not None else None
        measure = _measure(sent, f, lo, next_start)
        # "25% on all steel imports", "the standard 10% import duty on cars": a duty on every
        # origin has no target, whatever the article's other figures say.
        own = _ALL_ORIGINS.search(sent, f.end(), f.end() + 40)
        # (not across a colon: "the EU's standard 10% duty: 17.0% for BYD" lists other rates)
        own_lo = max(lo, sent.rfind(":", 0, f.start()) + 1, sent.rfind(";", 0, f.start()) + 1)
        on_all = (target is None and bool(_ALL_ORIGINS.search(sent[own_lo:hi]))
                  or own is not None and not sent[f.end() : own.start()].strip()
                  or target is None and (measure == "section 232" or bool(
                      product and _EVERY_ORIGIN_GOODS.match(product)))
                  and not _names_a_target(sent, mentions))  # fmt: skip
        rows.append(
            {
                "_all_origins": on_all,
                "article_id": ctx.article_id,
                "imposer": imposer,
                "target": target,
                "rate_percent": float(f.group("num")),
                "approximate": bool(f.group("approx")),
                "action": action,
                "rate_role": role,
                "product_scope": product,
                "scope": _scope_kind(sent, f, lo, hi, product, measure, action),
                "measure": measure,
                "effective_date": effective,
                "until_date": until,
                "quote": sent.strip(),
                "rate_text": f.group(0),
                "start_char": sent_start + f.start(),
            }
        )
    _pair_from_to(rows)
    if ctx.opener and ctx.opener[0]:
        for row in rows:
            # A list item ("- passenger cars: 40%") is of its opener's programme, whatever
            # the figure before the list was.
            row["measure"] = row["measure"] or ctx.opener[0]
    at = {sent_start + f.start(): f for f in accepted}
    rows = _split_both(rows, sent, sent_start, at, ctx)
    _share_coordinated_figures(rows, sent, at)
    rows = _split_coordinated(rows, sent, at, mentions)
    rows = _split_reciprocal(rows, sent, at, mentions, ctx)
    for row in rows:
        # A figure of a named programme takes the programme's government before borrowing
        # a neighbour's parties (unless the article gave the programme another owner).
        owner = ctx.programme_owner.get(row["measure"] or "")
        if owner and not row["imposer"] and row["target"] != owner:
            row["imposer"] = owner
        elif not owner:
            _programme_imposer(row)
    _gapped_list(rows, sent, at, mentions)
    # Within a sentence, a figure without parties shares those of its neighbour.
    for i, row in enumerate(rows):
        for j in sorted(range(len(rows)), key=lambda j: abs(j - i)):
            if j == i:
                continue
            if (
                row["imposer"] is None
                and rows[j]["imposer"]
                and (row["target"] in (None, rows[j]["target"]))
            ):
                row["imposer"] = rows[j]["imposer"]
            if row["target"] is None and rows[j]["target"] and row["imposer"] in (
                None, rows[j]["imposer"]
            ):  # fmt: skip
                row["target"] = rows[j]["target"]
    for row in rows:
        # Two parties named in the sentence: the one not yet used is the other side (but not
        # one named only in a subordinate clause after the figure: "... after Beijing refused").
        at = row["start_char"] - sent_start
        ends = [b.start() for b in (_SUBORDINATE.search(sent, at), _CLAUSE_BREAK.search(sent, at))
                if b is not None]  # fmt: skip
        named = {x.party for x in mentions if x.party and x.start < min(ends, default=len(sent))}
        others = named - {row["imposer"], row["target"]} - row.get("_cotargets", set())
        if row["imposer"] and not row["target"] and len(others) == 1:
            row["target"] = next(iter(others))
        elif row["target"] and not row["imposer"] and len(others) == 1:
            row["imposer"] = next(iter(others))
        last = ctx.last_tariff if sent_index - ctx.last_tariff_sentence <= 2 else None
        if last and not countries_here:
            # A sentence naming no country continues the previous figure's story; a figure
            # whose programme makes the story's target its imposer hits the story's imposer.
            row["imposer"] = row["imposer"] or last["imposer"]
            if not row["target"]:
                row["target"] = (
                    last["imposer"] if last["target"] == row["imposer"] else last["target"]
                )
        elif (
            last and row["target"] and not row["imposer"] and last["target"] == row["target"]
        ):  # fmt: skip
            # "Those measures ... added 15% to U.S. chicken", "Canada will impose surtaxes on
            # American imports. U.S. steel will face 25%": the same story, its imposer.
            row["imposer"] = last["imposer"]
    _mark_sides(rows, sent, sent_start)
    return rows


_ONE_SIDE = re.compile(r"(?i)\b(?:on|for)\s+one\s+side\b")
_OTHER_SIDE = re.compile(r"(?i)\b(?:on|for)\s+the\s+other(?:\s+side)?\b")


def _mark_sides(rows: list[dict[str, Any]], sent: str, sent_start: int) -> None:
    """"Duties fall from 145% to 30% on one side and from 125% to 10% on the other": the
    figures of "the other" side run the opposite way (settled once parties are known)."""
    one = _ONE_SIDE.search(sent)
    other = _OTHER_SIDE.search(sent, one.end()) if one else None
    if one is None or other is None:
        return
    at = [row["start_char"] - sent_start for row in rows]
    if any(a < one.start() for a in at):  # the phrase follows its figures
        first, second = (0, one.start()), (one.end(), other.start())
    else:  # "On one side, ...; on the other, ..."
        first, second = (one.end(), other.start()), (other.end(), len(sent))
    for row, a in zip(rows, at, strict=True):
        row["_side"] = 1 if first[0] <= a < first[1] else 2 if second[0] <= a < second[1] else 0


def _settle_sides(rows: list[dict[str, Any]]) -> None:
    """The second side of "on one side ... on the other" is the first side's pair reversed."""
    for row in rows:
        if row.get("_side") != 2:
            continue
        first = next((r for r in rows if r.get("_side") == 1 and r["quote"] == row["quote"]
                      and r["imposer"] and r["target"]), None)  # fmt: skip
        if first is not None:
            row["imposer"], row["target"] = first["target"], first["imposer"]
    for row in rows:
        row.pop("_side", None)


_BOTH = re.compile(r"(?i)\b(?:on|from|against|of)\s+(?:goods\s+from\s+)?both\b(?!\s+sides)")


def _split_both(
    rows: list[dict[str, Any]], sent: str, sent_start: int, at: dict[int, re.Match[str]],
    ctx: _Ctx,
) -> list[dict[str, Any]]:  # fmt: skip
    """"Trump's 25% tariffs on both" after "Canada and Mexico ...": one row per country, the
    last two named (other than the imposer) in this sentence before the figure or in the two
    sentences before it."""
    if ctx.ents is None or not _BOTH.search(sent):
        return rows
    here = next((k for k, (a, b) in enumerate(ctx.spans) if a <= sent_start < b), None)
    if here is None:
        return rows
    out: list[dict[str, Any]] = []
    for row in rows:
        f = at[row["start_char"]]
        hit = _BOTH.search(sent, f.end(), f.end() + 60) or _BOTH.search(
            sent, max(0, f.start() - 60), f.start()
        )
        if row["target"] is not None or hit is None:
            out.append(row)
            continue
        lo = ctx.spans[max(0, here - 2)][0]
        named = [m.party for m in _mentions(lo, sent_start + f.start(), ctx.ents, ctx)
                 if m.party and m.party != row["imposer"]]  # fmt: skip
        last_two = list(dict.fromkeys(reversed(named)))[:2]
        if len(last_two) < 2:
            out.append(row)
            continue
        out.extend({**row, "target": c} for c in reversed(last_two))
    return out


_FIGURE_AND = re.compile(r"(?i)\s*(?:[\w-]+\s+){0,2}?(?:and|or)\s+(?:an?\s+)?$")


def _gapped_list(
    rows: list[dict[str, Any]], sent: str, at: dict[int, re.Match[str]], mentions: list[Mention]
) -> None:
    """"Singapore faces the 10% baseline, Malaysia 19% and Vietnam 20%": a country right
    before a later figure of the list stands where the first item's taxed country stood."""
    lead = rows[0]["target"] if rows else None
    for prev, row in zip(rows, rows[1:], strict=False):
        # (the parse gives every item the first one's subject: "faces" governs them all)
        if row["target"] not in (None, prev["target"], lead) or not prev["target"]:
            continue
        if row["start_char"] == prev["start_char"]:
            continue
        f = at[row["start_char"]]
        adj = next(
            (m for m in mentions if m.party and not m.is_person and m.end <= f.start()
             and _RIGHT_BEFORE.fullmatch(sent[m.end : f.start()])),
            None,
        )  # fmt: skip
        if adj is None or adj.party in (prev["target"], prev["imposer"]):
            continue
        row["target"] = adj.party
        if row["imposer"] in (None, adj.party):
            row["imposer"] = prev["imposer"]


_RIGHT_BEFORE = re.compile(r"(?i)\s*(?:at\s+)?(?:about\s+|around\s+)?")


def _names_a_target(sent: str, mentions: list[Mention]) -> bool:
    """Whether a sentence marks some country as whose goods are taxed ("on Chinese imports")."""
    return any(
        m.party and not m.is_person and (
            _TARGET_BEFORE.search(sent[_clause_window(sent, m.start, back=45) : m.start])
            or _GOODS_AFTER.match(sent[m.end : m.end + 45])
        )
        for m in mentions
    )  # fmt: skip


def _share_coordinated_figures(
    rows: list[dict[str, Any]], sent: str, at: dict[int, re.Match[str]]
) -> None:
    """"25% steel and 10% aluminum duties on Canada and Mexico": a figure coordinated with
    the next one shares the parties that figure's phrase names."""
    for row, nxt in zip(rows, rows[1:], strict=False):
        f, g = at[row["start_char"]], at[nxt["start_char"]]
        between = sent[f.end() : g.start()]
        if row["target"] or not nxt["target"] or not _FIGURE_AND.fullmatch(between):
            continue
        if row["imposer"] in (None, nxt["imposer"]):
            row["imposer"], row["target"] = nxt["imposer"], nxt["target"]


_COORDINATION = re.compile(
    r"(?i)\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|as\s+well\s+as\s+)(?:the\s+)?$"
)


def _split_coordinated(
    rows: list[dict[str, Any]], sent: str, at: dict[int, re.Match[str]], mentions: list[Mention]
) -> list[dict[str, Any]]:
    """"charge Mexico and Canada a 25% tariff", "on goods from Canada and Mexico": a target
    coordinated with another country in the figure's clause gives one row per country."""
    out: list[dict[str, Any]] = []
    for row in rows:
        out.append(row)
        f = at[row["start_char"]]
        if not row["target"]:
            continue
        lo = _clause_window(sent, f.start(), back=120)
        brk = _CLAUSE_BREAK.search(sent, f.end())
        hi = min(brk.start() if brk else len(sent), f.end() + 120)
        near = [m for m in mentions if m.party and not m.is_person and lo <= m.start < hi]
        group = {row["target"]}
        for a, b in zip(near, near[1:], strict=False):
            after = sent[b.end : b.end + 45]
            if (_SUBJECT_VERB.match(after) or re.match(
                r"\s+(?:have|has|had|will|would|are|were|is|was|agreed|reached|struck)\b", after
            )) and not re.search(r"(?i)\b(?:fac\w*|pa(?:y|ys|id|ying)|bear\w*|hit|charged)\b",
                                 after[:30]):  # fmt: skip
                continue  # "Japan and the United States have agreed ...": the deal's parties
            if {a.party, b.party} & group and _COORDINATION.fullmatch(sent[a.end : b.start]):
                group |= {a.party, b.party}
        if len(group) < 2:
            continue
        # The coordinated countries are all targets: none of them imposes this duty.
        if row["imposer"] in group:
            row["imposer"] = None
        row["_cotargets"] = group
        out.extend({**row, "target": c} for c in sorted(group - {row["target"]}))
    return out


_RECIPROCAL = re.compile(
    r"(?i)\b(?:each\s+(?:side|country|government)|both\s+sides|the\s+two\s+(?:sides|countries"
    r"|governments)|both\s+(?:countries|governments))\b"
)


_SIDES_AFTER = re.compile(r"(?i)\b(?:on|by|for|from|to)\s+(?:both\s+sides|each\s+side)\b")


def _split_reciprocal(
    rows: list[dict[str, Any]], sent: str, at: dict[int, re.Match[str]],
    mentions: list[Mention], ctx: _Ctx,
) -> list[dict[str, Any]]:  # fmt: skip
    """"each side suspended 24 percentage points": a figure whose clause has the two sides as
    its subject and names no party is one row in each direction of the article's pair."""
    pair = ctx.headline_pair or _main_pair(ctx)
    out: list[dict[str, Any]] = []
    for row in rows:
        f = at[row["start_char"]]
        # "each side suspended 24 points", "24 points of each side's increases"
        before = list(_RECIPROCAL.finditer(sent, 0, f.start()))
        of = re.compile(r"\s*of\s+").match(sent, f.end())
        hit = before[-1] if before else (_RECIPROCAL.match(sent, of.end()) if of else None)
        if hit is None:
            # "the 24 points suspended in May would have returned on both sides"
            brk = _CLAUSE_BREAK.search(sent, f.end())
            hit = _SIDES_AFTER.search(sent, f.end(), brk.start() if brk else len(sent))
        if (
            pair is None or hit is None or row["imposer"] or row["target"]
            or any(m.party for m in mentions if hit.end() <= m.start < f.start())
            and hit.start() < f.start()
        ):  # fmt: skip
            out.append(row)
            continue
        a, b = pair
        out.extend([{**row, "imposer": a, "target": b, "_sides": True},
                    {**row, "imposer": b, "target": a, "_sides": True}])  # fmt: skip
    return out


def _main_pair(ctx: _Ctx) -> tuple[str, str] | None:
    """The two parties the article's tariff sentences name most so far (else the article
    names most anywhere)."""
    counts = ctx.tariff_parties if len(ctx.tariff_parties) >= 2 else ctx.all_parties
    top = [c for c, _ in counts.most_common(2)]
    return (top[0], top[1]) if len(top) == 2 else None


_SUBORDINATORS = "after|because|unless|although|though|whereas"
# A subordinate clause opening before a figure ("... after fentanyl tariff doubles to 20%").
_SUBORDINATOR = re.compile(rf"(?i)\b(?:{_SUBORDINATORS})\s+(?!\d)")
# A subordinate clause with a subject of its own after a figure.
_SUBORDINATE = re.compile(
    rf"(?:,\s*|\s)(?:{_SUBORDINATORS}|when|assuming|provided)\s+"
    r"(?=(?:[A-Z][\w.]*|the|its|his|her|their)\b)"
)
# A sentence that opens by pointing back at measures just described.
_ANAPHORIC_OPENING = re.compile(
    r"(?i)\s*(?:(?:those|these|such|the)\s+(?:\w+\s+)?(?:measures|tariffs|duties|levies|steps"
    r"|countermeasures|surcharges)|they|it)\b"
)


def _list_openers(
    text: str, spans: list[tuple[int, int]], ents: pd.DataFrame, ctx: _Ctx, nlp: Any
) -> dict[int, tuple[str | None, dict[str, Any] | None]]:
    """For each list item (by sentence index), the programme and parties of the line that
    opened its list, when that line names either."""
    out: dict[int, tuple[str | None, dict[str, Any] | None]] = {}
    opener: tuple[str | None, dict[str, Any] | None] | None = None
    for i, (s, e) in enumerate(spans):
        sent = text[s:e]
        if opener and i and _list_item(text, (s, e), spans[i - 1]):
            out[i] = opener
        elif sent.rstrip().endswith(":") and (_TARIFF_NOUN.search(sent) or _named_measure(sent)):
            measure = _named_measure(sent)
            mentions = _mentions(s, e, ents, ctx)
            parties = _story_parties(sent, mentions, nlp(sent)) if mentions else None
            opener = (measure, parties) if measure or parties else None
        else:
            opener = None
    return out


def _pronoun_subject(sent: str, verb: Any, shared: bool = False) -> int | None:
    """Where in the sentence "he"/"she" stands as subject of the figure's verb (or, failing a
    verb, opens the sentence), else None; `shared` also looks through coordinated and
    participle clauses to their subject."""
    if verb is not None:
        # "He suspended ..., but pushed ...", "He suspended ..., leaving ...": coordinated and
        # participle clauses share the subject of the verb they hang on.
        node = verb
        while (
            shared
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
            and (node.dep_ == "conj" or node.dep_ == "advcl" and node.tag_ == "VBG")
            and node.head != node
        ):
            node = node.head
        he = next((c for c in node.children if c.dep_ == "nsubj" and c.lower_ in ("he", "she")),
                  None)  # fmt: skip
        return None if he is None else he.idx - verb.doc[0].idx
    return 0 if re.match(r"\s*(?:He|She)\b", sent) else None


def _last_person_party(before: int, ctx: _Ctx) -> str | None:
    """The country of the person named last before a character offset of the article."""
    if ctx.ents is None or ctx.ents.empty:
        return None
    people = ctx.ents[(ctx.ents["label"] == "PERSON") & (ctx.ents["end_char"] <= before)]
    if people.empty:
        return None
    return ctx.affiliation.get(str(people.sort_values("end_char").iloc[-1]["canonical"]))


def _programme_imposer(row: dict[str, Any]) -> None:
    """A figure of a programme only one government runs, with no stated imposer, is its."""
    owner = _PROGRAMME_IMPOSER.get(row["measure"] or "")
    if owner and not row["imposer"] and row["target"] != owner:
        row["imposer"] = owner


def _named_measure(sent: str) -> str | None:
    """The one programme a sentence names ("the following Section 301 rates:"), if any."""
    names = {name for rx, name in _MEASURE_RES if rx.search(sent)}
    return next(iter(names)) if len(names) == 1 else None


def _from_list_opener(rows: list[dict[str, Any]], parties: dict[str, Any]) -> None:
    """Items of a list ("- electric vehicles: 100%") naming no party take those of the line
    that opened it (its programme is taken in extract_tariffs)."""
    for row in rows:
        if not row["imposer"] and not row["target"]:
            row["imposer"], row["target"] = parties["imposer"], parties["target"]


def _story_parties(sent: str, mentions: list[Mention], doc: Any) -> dict[str, Any] | None:
    """Who imposes on whom in a tariff sentence that states no figure, as the parties a
    figure would have at the tariff noun; None unless an imposer is clear."""
    noun = _TARIFF_NOUN.search(sent)
    if noun is None or doc is None or not any(m.party for m in mentions):
        return None
    verb = _governor(doc, noun.start(), noun.end())[1]
    imposer, target = _assign_parties(sent, noun, 0, len(sent), mentions, doc, verb)
    owner = _PROGRAMME_IMPOSER.get(_named_measure(sent) or "")
    if imposer is None and owner and owner != target:
        imposer = owner  # "Higher Section 301 Duties on Chinese EVs": a US programme
    return {"imposer": imposer, "target": target} if imposer else None


def _pair_from_to(rows: list[dict[str, Any]]) -> None:
    """Both ends of "from X% to Y%" describe one change: they share action, scope, measure
    and dates (the "to" side's verb governs the pair; a threatened change starts in force)."""
    for row in rows:
        if row["rate_role"] != "from":
            continue
        partners = [r for r in rows if r["rate_role"] == "to"]
        if not partners:
            continue
        to = min(partners, key=lambda r: abs(r["start_char"] - row["start_char"]))
        if to["action"] in ("raised", "cut", "imposed", "in_force", None):
            # "adjusted from 84% to 125%", "goes from 10% to 15%": the figures say which way.
            if to["rate_percent"] != row["rate_percent"]:
                to["action"] = "raised" if to["rate_percent"] > row["rate_percent"] else "cut"
        # A change that is only threatened has not happened: its "from" is the rate in force.
        row["action"] = "in_force" if to["action"] == "threatened" else to["action"]
        if to["imposer"] and to["target"] and not (row["imposer"] and row["target"]):
            # "raise its tariff on goods from the U.S. to 125% from 84%": one change, one pair
            # (a "from" figure that found both parties itself keeps them).
            row["imposer"], row["target"] = to["imposer"], to["target"]
        for key in ("measure", "product_scope", "scope", "until_date", "effective_date"):
            if to[key] is None and row[key] is not None:
                to[key] = row[key]
            elif row[key] is None or key == "scope" and row[key] == "unspecified":
                row[key] = to[key]


# "the 10% rate", "its 25 per cent tariffs": a figure the reader has met before.
_DEFINITE = re.compile(r"(?i)\b(?:the|its|their|this|that|these|those)\s+(?:[\w-]+\s+){0,2}$")


def _fill_from_article(
    rows: list[dict[str, Any]], parties: Counter | None = None,
    headline: tuple[str, str] | None = None, everyone: Counter | None = None,
) -> None:  # fmt: skip
    """Parties the sentence leaves unsaid, from the rest of the article.

    An imposer with no stated target gets the one the article pairs it with most (and the
    reverse); failing that, a country's counterpart in the article's one bilateral dispute.
    A figure with neither party takes them from the other end of its own change ("the 10%
    rate would rise to 25%"), from the latest earlier figure of the same named programme
    ("the fentanyl tariff is to be cut to 10%"), or, when it is a definite mention ("the 10%
    rate"), from the latest earlier figure of the same rate.
    """
    everyone = everyone or Counter()
    for row in rows:
        _programme_imposer(row)
    # Counted once per sentence: one sentence listing five rates is one pairing, not five.
    pairs = Counter(
        pair for pair, _ in {((r["imposer"], r["target"]), r["quote"]) for r in rows
                             if r["imposer"] and r["target"]}
    )  # fmt: skip
    named = parties or Counter()
    if headline:
        # The headline's "USTR Locks In Higher Duties on Chinese EVs" names the article's pair.
        pairs[headline] += 2
    countries = {c for pair in pairs for c in pair}
    for row in rows:
        if row["imposer"] and not row["target"]:
            # Ties go to the country the article's tariff sentences name more.
            cands = [(n, named[t], t) for (i, t), n in pairs.items() if i == row["imposer"]]
            if not cands and len(countries) == 2 and row["imposer"] in countries:
                cands = [(0, 0, next(iter(countries - {row["imposer"]})))]
            if not cands:
                # An imposer no figure pairs yet (or no figure names both sides at all): the
                # country the article's tariff sentences name most (ties: the article's most).
                cands = [(0, n, everyone[c], c) for c, n in named.items() if c != row["imposer"]]
            if cands:
                row["target"] = max(cands)[-1]
        elif row["target"] and not row["imposer"]:
            cands = [(n, i) for (i, t), n in pairs.items() if t == row["target"]]
            if not cands and len(countries) == 2 and row["target"] in countries:
                cands = [(0, next(iter(countries - {row["target"]})))]
            if not cands:
                # A target the article pairs with no one: the article's main imposer.
                imposers = Counter(r["imposer"] for r in rows if r["imposer"] and r["target"])
                cands = [(n, i) for i, n in imposers.items() if i != row["target"]]
            if cands:
                row["imposer"] = max(cands)[1]
    placed = sorted(
        (r for r in rows if r["imposer"] and r["target"]), key=lambda r: r["start_char"]
    )
    for row in rows:
        if row["imposer"] or row["target"]:
            continue
        same_change = [
            r for r in placed
            if r["quote"] == row["quote"] and r["rate_role"] and row["rate_role"]
            and r["rate_role"] != row["rate_role"]
        ]  # fmt: skip
        before = [r for r in placed if r["start_char"] < row["start_char"]]
        # A named programme is the same programme wherever the article places it.
        programme = [r for r in placed if row["measure"] and r["measure"] == row["measure"]]
        programme = [r for r in programme if r in before] or programme[:1]
        earlier = [
            r for r in before
            if r["rate_percent"] == row["rate_percent"] and _DEFINITE.search(
                row["quote"][: max(0, row["quote"].find(row["rate_text"]))][-40:])
        ]  # fmt: skip
        source = (same_change or programme[-1:] or earlier[-1:] or [None])[0]
        if source is not None:
            row["imposer"], row["target"] = source["imposer"], source["target"]
            placed.append(row)
    # An article whose every placed figure has one direction gives it to the rest.
    directions = {(r["imposer"], r["target"]) for r in rows if r["imposer"] and r["target"]}
    if not directions and headline:
        directions = {headline}  # no figure names its parties: the headline's pair
    if len(directions) == 1:
        imposer, target = next(iter(directions))
        for row in rows:
            if not row["imposer"] and not row["target"]:
                row["imposer"], row["target"] = imposer, target
    # Figures of one sentence share their parties once one of them has them.
    for row in rows:
        if row["imposer"] or row["target"]:
            continue
        other = next((r for r in rows if r["quote"] == row["quote"] and r["imposer"]
                      and r["target"]), None)  # fmt: skip
        if other is not None:
            row["imposer"], row["target"] = other["imposer"], other["target"]
    # A figure whose sentence names no party at all continues the latest story told before it
    # ("Under the same announcement, the 25% duty ... is slated to rise to 30%").
    for row in rows:
        if row["imposer"] or row["target"]:
            continue
        story = [r for r in placed if r["start_char"] < row["start_char"]]
        if row.get("_all_origins"):
            # A duty on every origin continues the story's imposer only.
            row["imposer"] = story[-1]["imposer"] if story else headline and headline[0]
            continue
        if story:
            row["imposer"], row["target"] = story[-1]["imposer"], story[-1]["target"]
        elif headline:
            row["imposer"], row["target"] = headline  # before any placed figure: the headline's
        else:
            # Before any story is told: the first one the article tells after it.
            later = [r for r in placed if r["start_char"] > row["start_char"]]
            if later:
                row["imposer"], row["target"] = later[0]["imposer"], later[0]["target"]
    # Every stated duty has a government behind it: a target no sentence pairs with anyone is
    # taxed by the other country the article's tariff sentences (else the article) name most.
    for row in rows:
        if row["target"] and not row["imposer"]:
            for counts in (named, everyone):
                cands = [(n, everyone[c], c) for c, n in counts.items() if c != row["target"]]
                if cands:
                    row["imposer"] = max(cands)[2]
                    break


# ------------------------------------------------------------------ events
def _latest_day(iso: str) -> date:
    if len(iso) == 10:
        return date.fromisoformat(iso)
    if len(iso) == 7:
        y, m = int(iso[:4]), int(iso[5:])
        return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return date(int(iso), 12, 31)


def _kind_for(sent: str, start: int, end: int, bound: str, has_tariff: bool) -> str | None:
    if bound in ("until", "at_least"):
        return "deadline"
    # "the August 12 deadline", "the Madrid talks": a cue noun right after the date is its head.
    head = _HEAD_AFTER.match(sent[end : end + 20])
    if head:
        return next(k for k in _KIND_PRIORITY if _EVENT_CUES[k].fullmatch(head.group(1)))
    best: tuple[int, int, str] | None = None
    for kind, rx in _EVENT_CUES.items():
        for hit in rx.finditer(sent):
            # A cue before the date governs it more often than one after ("began on May 2
            # after talks"): words after count as a little farther.
            dist = start - hit.end() if hit.end() <= start else max(0, hit.start() - end) + 15
            key = (dist, _KIND_PRIORITY.index(kind), kind)
            if dist <= 105 and (best is None or key < best):
                best = key
    if best is None:
        return None
    kind = best[2]
    if bound == "from" and has_tariff and kind in ("announcement", "truce"):
        return "tariff"
    return kind


def _places(mentions: list[Mention], sent: str) -> list[Mention]:
    """Mentions used as places: cities after in/at, or a country after in."""
    out = []
    for men in mentions:
        if men.label not in ("GPE", "LOC", "FAC"):
            continue
        before = sent[max(0, men.start - 25) : men.start]
        if (
            re.search(r"(?i)\b(?:in|at|to)\s+(?:the\s+)?$", before)
            or re.search(r"(?i)\bin\s+(?:[A-Z][\w.]*,?\s+(?:and\s+)?)+$", before)
            or _CITY_OF.search(before)
        ):
            out.append(men)
    cities = [m for m in out if m.country is None]
    return cities or out


def _actors(mentions: list[Mention], exclude: set[str]) -> list[str]:
    names = {
        (m.country if m.label == "NORP" and m.country else m.canonical)
        for m in mentions
        if m.label in ("PERSON", "ORG", "NORP") or (m.country and m.label == "GPE")
    }
    return sorted(n for n in names if n and n not in exclude)


def _background_places(
    sent: str, places: list[Mention], date_spans: list[tuple[int, int]] = ()
) -> list[Mention]:  # fmt: skip
    """Cities listed after "prior sessions in", "after meetings in" and the like."""
    hit = _BACKGROUND_ROUNDS.search(sent)
    if not hit:
        return []
    if any(hit.start() <= a < hit.end() for a, _ in date_spans):
        return []  # "after weekend talks in Geneva": dated, so the article's own meeting
    out, pos = [], hit.end()
    for p in places:
        if p.start < hit.end() or p.country is not None:
            continue
        # Only a contiguous list: "London, Geneva, and Stockholm".
        if not re.fullmatch(r"(?:,?\s*(?:and\s+)?)", sent[pos : p.start]):
            break
        out.append(p)
        pos = p.end
    if any(pos <= a <= pos + 12 and not _CLAUSE_BREAK.search(sent, pos, a) for a, _ in date_spans):
        return []  # "after a round in Seoul last weekend": the date makes it a dated meeting
    return out


# ------------------------------------------------------------------ event labels (why: a chart
# needs "US–China talks in Madrid", not the date words; the label is built from the clause's
# parties, its key noun or verb and its place, so it carries over to unseen articles)
_SHORT_NAMES = {"United States": "US", "European Union": "EU", "United Kingdom": "UK"}
# Press order for these countries' names is family name first ("Xi Jinping" -> "Xi").
_FAMILY_FIRST = {"China", "North Korea", "South Korea", "Vietnam", "Taiwan", "Hong Kong"}
_MEETING_NOUNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\b(?:call|phone|spoke|speak|speaks|conversation)\b"), "call"),
    (re.compile(r"(?i)\bsummit\b"), "summit"),
    (re.compile(r"(?i)\bvisit\w*\b"), "visit"),
    (re.compile(r"(?i)\bround\b"), "round"),
    (re.compile(r"(?i)\b(?:meeting|sit-down)\b"), "meeting"),
    (re.compile(r"(?i)\b(?:meet|meets|met)\b"), "talks"),
]
_DEADLINE_TOPICS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\b(?:truce|pause|reprieve|ceasefire|window)\b"), "truce ends"),
    (re.compile(r"(?i)\b(?:divest\w*|sale|sell|ban)\b"), "sale deadline"),
    (re.compile(r"(?i)\bexempt\w*\b"), "exemption ends"),
    (re.compile(r"(?i)\b(?:licen[cs]\w*|rule|controls?)\b"), "rule applies"),
]
_SAY_VERBS = {"say", "tell", "state", "declare", "announce", "confirm", "report", "write"}
_NEWS_ORGS = {"Reuters", "Associated Press", "Bloomberg", "AFP", "Xinhua"}
_TRUCE_VERBS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\bextend\w*|extension\b"), "extended"),
    (re.compile(r"(?i)\b(?:expir\w*|ends?|ended|runs? out|lapse\w*)\b"), "ends"),
    (re.compile(r"(?i)\b(?:agree\w*|reach\w*|struck|strike|sign\w*|announc\w*)\b"), "agreed"),
]
_LABEL_MAX = 60
_TRUCE_SPAN = re.compile(
    r"(?i)\b(?P<n>\d+|one|two|three|six|nine)[-\s](?P<u>day|week|month|year)s?[-\s]"
    r"(?:long\s+)?(?:tariff\s+|trade\s+)?(?:truce|pauses?|reprieve|window|ceasefire|suspension)"
)


def _meeting_noun(sent: str, s: int, e: int) -> str:
    """The meeting word nearest the date ("round", "call", "summit"), "talks" by default."""
    if re.search(r"(?i)\bround\s+of\s+talks\b", sent):
        return "talks"
    best: tuple[int, str] | None = None
    for rx, noun in _MEETING_NOUNS:
        for hit in rx.finditer(sent):
            dist = s - hit.end() if hit.end() <= s else hit.start() - e
            if best is None or abs(dist) < best[0]:
                best = (abs(dist), noun)
    talks = re.search(r"(?i)\b(?:talks|negotiations)\b", sent)
    if talks and best is not None:
        dist = s - talks.end() if talks.end() <= s else talks.start() - e
        if abs(dist) < best[0]:
            return "talks"
    return best[1] if best else "talks"


def short_name(canonical: str, affiliation: str | None = None, person: bool = False) -> str:
    """A chart-sized name: "US" for United States, a person's family name."""
    if person:
        parts = canonical.split()
        return parts[0] if affiliation in _FAMILY_FIRST and len(parts) > 1 else parts[-1]
    return _SHORT_NAMES.get(canonical, canonical)


def _fit(label: str) -> str:
    """A label cut at a word boundary to the chart's limit."""
    label = re.sub(r"\s+", " ", label).strip(" ,;:")
    if len(label) <= _LABEL_MAX:
        return label
    return label[: _LABEL_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _who(mentions: list[Mention], persons_first: bool) -> str:
    """The parties of a clause: "Trump–Xi" for two leaders, else "US–China" (first seen first)."""
    persons = list(dict.fromkeys(
        short_name(m.canonical, m.country, True) for m in mentions if m.is_person
    ))  # fmt: skip
    if persons_first and len(persons) >= 2:
        return "–".join(persons[:2])
    parties = list(dict.fromkeys(
        short_name(m.party) for m in mentions if m.party and not m.is_person
    ))  # fmt: skip
    # The US and China are named in that order in the trade press's "US–China".
    return "–".join(parties[:2]) if parties else ""


def _verb_3sg(lemma: str) -> str:
    """Present tense, third person: "announce" -> "announces" (headline style)."""
    if lemma == "be":
        return "is"
    if lemma == "have":
        return "has"
    if re.search(r"(?:s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _subject_name(
    doc: Any, verb: Any, mentions: list[Mention], lo: int, skip: set[int]
) -> tuple[str, bool]:  # fmt: skip
    """(name, plural) of who acts: the verb's own subject when the parse has one and it is not
    a pronoun, else the nearest party, person or organisation before the verb (two parties
    joined by "and" read "US–China"), else the nearest noun."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.i not in skip:
        named = [m for m in mentions if any(m.start <= t.idx < m.end for t in subj.subtree)
                 and m.canonical not in _NEWS_ORGS]  # fmt: skip
        if named:
            names = list(dict.fromkeys(_mention_name(m) for m in named))[:2]
            return "–".join(names), len(names) > 1
        return _noun_phrase(doc, subj), subj.tag_ in ("NNS", "NNPS")
    before = [m for m in mentions if lo <= m.start and m.end <= verb.idx and m.label != "DATE"
              and m.canonical not in _NEWS_ORGS]  # fmt: skip
    if before:
        last = before[-1]
        prev = before[-2] if len(before) > 1 else None
        if prev and re.fullmatch(r"\s*(?:and|,)\s*(?:the\s+)?", doc.text[prev.end : last.start]):
            names = [_mention_name(prev), _mention_name(last)]
            return "–".join(dict.fromkeys(names)), len(set(names)) > 1
        return _mention_name(last), False
    nouns = [t for t in doc if lo <= t.idx < verb.idx and t.pos_ in ("NOUN", "PROPN")
             and t.i not in skip]  # fmt: skip
    if nouns and nouns[-1].lower_ not in ("%", "percent"):
        noun = nouns[-1]
        return _noun_phrase(doc, noun), noun.tag_ in ("NNS", "NNPS")
    return "", False


def _mention_name(m: Mention) -> str:
    """Chart name of a mention: a person's family name, a country's short name."""
    if m.is_person:
        return short_name(m.canonical, m.country, True)
    if m.party and m.label != "ORG":
        return short_name(m.party)
    return short_name(m.canonical)


def _noun_phrase(doc: Any, noun: Any, limit: int = 5) -> str:
    """A noun with the modifiers just before it ("additional 100% tariff"), no determiner."""
    i = noun.i
    while i > 0 and i > noun.i - limit and (
        doc[i - 1].pos_ in ("ADJ", "NOUN", "PROPN", "NUM") or doc[i - 1].text in ("%", "-")
        # "liquefied natural gas", but not "Trump signed executive orders" (a mis-tag)
        or doc[i - 1].tag_ == "VBN" and doc[i - 1].dep_ == "amod"
        and not (i > 1 and doc[i - 2].pos_ in ("NOUN", "PROPN"))
    ):  # fmt: skip
        i -= 1
    return doc[i : noun.i + 1].text


def _object_after(doc: Any, k: int, skip: set[int]) -> str:
    """The noun phrase after token index k: "most of the steep tariffs" -> "steep tariffs";
    a list stops at its first comma ("holmium, erbium ..." -> "holmium")."""
    while k < len(doc):
        idiom = _OBJECT_SKIP.match(doc[k:].text)
        if idiom:
            # "in principle", "for a year": adverbials between a verb and its object.
            end = doc[k].idx + idiom.end()
            while k < len(doc) and doc[k].idx < end:
                k += 1
        elif k in skip or doc[k].pos_ in ("ADV", "PART", "ADP") and doc[k].lower_ not in (
            "of", "on", "into",
        ):  # fmt: skip
            k += 1
        else:
            break
    if k < len(doc) and doc[k].lower_ in ("on", "into"):
        k += 1  # "agree on a framework", "probe into"
    if k < len(doc) and doc[k].lower_ in ("most", "all", "some", "part", "half", "much", "many"):
        if k + 1 < len(doc) and doc[k + 1].lower_ == "of":
            k += 2
    toks: list[Any] = []
    while k < len(doc) and k not in skip and (
        doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM") or doc[k].text in ("%", "-")
        or doc[k].tag_ == "VBN" and doc[k].dep_ in ("amod", "compound")
    ) and len(toks) < 7:  # fmt: skip
        toks.append(doc[k])
        k += 1
    while toks and toks[0].pos_ in ("DET", "PRON"):
        toks.pop(0)
    while toks and toks[-1].pos_ not in ("NOUN", "PROPN"):
        toks.pop()
    return doc[toks[0].i : toks[-1].i + 1].text if toks else ""


_OBJECT_SKIP = re.compile(
    r"(?i)(?:in principle|in part|in effect|at least|for now|for (?:another |a further )?"
    r"(?:a|an|one|two|three|six|\d+)[-\s](?:day|week|month|year)s?)\b"
)


def _is_finite(t: Any) -> bool:
    """A verb that heads a clause: past/present tense, or after a modal ("would impose")."""
    if t.dep_ in ("aux", "auxpass") or t.pos_ not in ("VERB", "AUX"):
        return False
    if t.tag_ in ("VBD", "VBZ", "VBP"):
        return t.lemma_.lower() not in ("be", "have", "do") or t.dep_ == "ROOT"
    if t.tag_ in ("VBN", "VBG") and any(c.dep_ in ("aux", "auxpass") for c in t.children):
        return True  # "had agreed", "were designed", "is gathering"
    return t.tag_ == "VB" and t.i > 0 and doc_prev_is_modal(t)


def doc_prev_is_modal(t: Any) -> bool:
    """Whether a base-form verb follows a modal ("would impose", "could not raise")."""
    doc = t.doc
    j = t.i - 1
    while j >= 0 and doc[j].pos_ in ("ADV", "PART") and doc[j].lower_ != "to":
        j -= 1
    return j >= 0 and doc[j].tag_ == "MD"


def _clause_summary(doc: Any, s: int, e: int, mentions: list[Mention]) -> str | None:
    """ "Subject verbs object" of the clause a date sits in ("China announces new probes"),
    from part-of-speech tags (robust where the small model's parse is not)."""
    date_toks = {t.i for t in doc if s <= t.idx < e}
    if not date_toks:
        return None
    first = min(date_toks)
    finite = [t for t in doc if _is_finite(t) and t.i not in date_toks]
    if not finite:
        # The small model tags some headline verbs as adjectives ("Ministry on Thursday added").
        finite = [t for t in doc if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBN")
                  and t.i not in date_toks]  # fmt: skip
    if not finite:
        return None
    # "X signed orders on Tuesday that cut ...": the verb before the date governs it more
    # often than one after it.
    verb = min(finite, key=lambda t: (abs(t.i - first) * (1 if t.i < first else 2), t.i))
    lo = 0
    if verb.lemma_.lower() in _SAY_VERBS:
        # "X said on Monday that Y would pause Z" / "Y will pause Z, X said": the news is what
        # was said.
        inner = [t for t in finite if t.i > verb.i and verb in t.ancestors]
        earlier = [t for t in finite if t.i < verb.i and t.lemma_.lower() not in _SAY_VERBS]
        if inner:
            lo, verb = verb.idx + len(verb.text), inner[0]
        elif earlier:
            # The main clause's verb, not one inside a relative clause.
            verb = min(earlier, key=lambda t: (len(list(t.ancestors)), -t.i))
    subject, plural = _subject_name(doc, verb, mentions, lo, date_toks)
    if not subject and lo:
        subject, plural = _subject_name(doc, verb, mentions, 0, date_toks)
    lemma = verb.lemma_.lower()
    action = _verb_action(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)
    )
    if action and _modal_action(verb, action) == "threatened" and action != "threatened":
        verb_text = "threaten" if plural else "threatens"
    elif passive and verb.dep_ != "amod":
        verb_text = verb.lower_  # "pauses agreed", "tariffs lowered"
    else:
        verb_text = lemma if plural else _verb_3sg(lemma)
    k = verb.i + 1
    extra = ""
    if k < len(doc) and doc[k].lower_ in ("back", "up", "down", "off", "out", "aside"):
        extra, k = doc[k].lower_, k + 1
    if k + 1 < len(doc) and doc[k].lower_ == "to" and doc[k + 1].tag_ == "VB":
        extra, k = f"to {doc[k + 1].lower_}", k + 2  # "agreed to pause ..."
    obj = _object_after(doc, k, date_toks)
    if not obj and verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        obj = _noun_phrase(doc, verb.head)  # "the controls it announced on October 9"
    if verb.lemma_.lower() == "be" and not obj:
        return None
    if not subject and not obj:
        return None
    return " ".join(p for p in (subject, verb_text, extra, obj) if p)


def _tariff_label(rows: list[dict[str, Any]], sent: str) -> str | None:
    """ "US fentanyl tariff raised to 20%" from the sentence's first stated figure."""
    if not rows:
        return None
    row = next((r for r in rows if r["rate_role"] != "from"), rows[0])
    who = short_name(row["imposer"]) + " " if row["imposer"] else ""
    measure = f"{row['measure']} " if row["measure"] and row["measure"] != "retaliatory" else ""
    noun = "retaliatory tariff" if row["measure"] == "retaliatory" else "tariff"
    on = ""
    if row["scope"] == "product" and row["product_scope"] and len(row["product_scope"]) <= 28:
        on = f" on {row['product_scope']}"
    elif row["target"]:
        on = f" on {short_name(row['target'])}"
    rate = f"{row['rate_percent']:g}%"
    effect = re.search(r"(?i)\b(?:effect|force|kicks? in|start|begin|from)\b", sent)
    if row["action"] in ("raised", "cut", "in_force"):
        # A change or a level: the rate is the news ("US fentanyl tariff raised to 20%").
        tail = {"raised": "raised to", "cut": "cut to", "in_force": "at"}[row["action"]]
        return f"{who}{measure}{noun}{on} {tail} {rate}"
    verb = {
        "imposed": "takes effect" if effect else "imposed", "threatened": "threatened",
        "suspended": "suspended", "removed": "removed", "extended": "extended",
    }.get(row["action"], row["action"])  # fmt: skip
    return f"{who}{rate} {measure}{noun}{on} {verb}"


# What a deadline ends when its clause names it ("the suspension runs until ...").
_ENDING_NOUN = re.compile(
    r"(?i)\b(?P<noun>suspension|pause|truce|reprieve|exemption|exclusion|waiver|ceasefire"
    r"|moratorium|freeze)s?\b"
)


def _ending_label(
    sent: str, s: int, tariff_rows: list[dict[str, Any]], mentions: list[Mention]
) -> str | None:  # fmt: skip
    """ "24% tariff suspension ends": the suspension/truce/exemption nearest before the date
    in its clause, with the figure it holds back, not an unrelated figure of the sentence."""
    lo = _clause_window(sent, s, back=160)
    hits = list(_ENDING_NOUN.finditer(sent, lo, s))
    if not hits:
        return None
    noun = hits[-1].group("noun").lower()
    if noun in ("truce", "reprieve", "ceasefire"):
        return None  # the truce labels already say "truce ends"
    held = [r for r in tariff_rows if r["action"] in ("suspended", "extended")]
    if not held and noun in ("suspension", "pause", "freeze", "moratorium"):
        # The figure the noun governs: "the suspension of the 24% tariff", "the 24% pause".
        held = [r for r in tariff_rows if abs(_figure_at(r, sent) - hits[-1].start()) <= 40]
    if held:
        row = held[0]
        who = short_name(row["imposer"]) + " " if row["imposer"] else ""
        return f"{who}{row['rate_percent']:g}% tariff {noun} ends"
    who = _who(mentions, False)
    what = "tariff " + noun if _TARIFF_NOUN.search(sent) else noun
    return f"{who} {what} ends".strip()


def _figure_at(row: dict[str, Any], sent: str) -> int:
    """Offset of a row's figure inside its sentence (far away when not found)."""
    pos = sent.find(row["rate_text"]) if row.get("rate_text") else -1
    return pos if pos >= 0 else 10**6


def describe_event(
    kind: str, sent: str, doc: Any, s: int, e: int, mentions: list[Mention], place: str | None,
    tariff_rows: list[dict[str, Any]],
) -> str:  # fmt: skip
    """A short chart label for a dated event, built from its sentence (at most 60 chars)."""
    label: str | None = None
    if kind == "meeting":
        noun = _meeting_noun(sent, s, e)
        who = _who(mentions, persons_first=noun in ("call", "meeting", "summit", "visit"))
        if who:
            label = f"{who} {noun}" + (f" in {place}" if place and noun != "call" else "")
        else:
            label = f"{place} {noun}" if place and noun != "call" else noun
    elif kind == "truce":
        dur = _TRUCE_SPAN.search(sent)
        span = f"{dur.group('n')}-{dur.group('u').lower()} " if dur else ""
        what = "tariff truce" if _TARIFF_NOUN.search(sent) else "truce"
        verb = next((v for rx, v in _TRUCE_VERBS if rx.search(sent)), "")
        label = f"{span}{what} {verb}".strip() + (f" ({place})" if place else "")
    elif kind == "deadline":
        topic = next((t for rx, t in _DEADLINE_TOPICS if rx.search(sent)), None)
        label = _ending_label(sent, s, tariff_rows, mentions)
        if label:
            pass
        elif topic == "sale deadline":
            orgs = [m.canonical for m in mentions if m.label == "ORG" and m.canonical
                    not in _NEWS_ORGS]  # fmt: skip
            label = f"{orgs[0]} sale deadline" if orgs else "sale deadline"
        elif topic:
            label = f"{_who(mentions, False)} {topic}".strip()
        elif tariff_rows:
            label = f"{_tariff_label(tariff_rows, sent)} until then"
    elif kind == "tariff":
        label = _tariff_label(tariff_rows, sent)
        if label is None and doc is not None:
            who = _who(mentions, False)
            effect = re.search(r"(?i)\b(?:effect|force|kicks? in|start|begin)\w*", sent)
            label = f"{who} tariffs take effect".strip() if effect else None
    if label is None and doc is not None:
        label = _clause_summary(doc, s, e, mentions)
    if not label:
        label = kind
    return _fit(label[0].upper() + label[1:] if label[0].islower() else label)


def _meeting_place(
    sent: str, mentions: list[Mention], own: list[Mention], lead_place: str | None,
    listed: set[str] | frozenset[str] = frozenset(),
) -> str | None:  # fmt: skip
    """Where a meeting is: a place after in/at, else a city named in the sentence ("the
    London round"), else the article's lead place when the sentence refers back ("the talks")."""
    if own:
        return own[0].canonical
    cities = [m for m in mentions if m.label in ("GPE", "LOC", "FAC") and m.country is None
              and not m.party and m.canonical not in listed]  # fmt: skip
    if cities:
        return cities[0].canonical
    if lead_place and _ANAPHORIC_MEETING.search(sent):
        return lead_place
    return None


def _places_of_date(
    places: list[Mention], span: tuple[int, int], spans: list[tuple[int, int]]
) -> list[Mention]:  # fmt: skip
    """The places that belong to the date at `span`: none separated from it by another date
    ("a round in A last weekend and the summit in B on Thursday"), nearest first."""
    s, e = span
    mine = []
    for p in places:
        lo, hi = (p.end, s) if p.end <= s else (e, p.start)
        if any(lo <= a and b <= hi for a, b in spans if (a, b) != span):
            continue  # another date stands between: the place is that date's
        mine.append((hi - lo, p))
    return [p for _, p in sorted(mine, key=lambda x: x[0])]


_ANAPHORIC_MEETING = re.compile(
    r"(?i)\b(?:the|these|those|this|that|both)\s+(?:[\w-]+\s+)?(?:talks|meetings?|round"
    r"|negotiations|sessions?|summit|discussions)\b"
)
_CITY_OF = re.compile(r"(?i)\bcity\s+of\s+$")
# "the truce agreed in Osaka", "a ceasefire struck over dinner in Buenos Aires".
_TRUCE_STRUCK_IN = re.compile(
    r"(?i)\b(?:truce|ceasefire|pause|détente)\s+(?:[\w-]+\s+){0,2}?(?:agreed|struck|reached"
    r"|sealed|brokered|announced)\s+(?:[\w-]+\s+){0,4}?(?:in|at)\s+(?:the\s+)?$"
)
_PLACE_TRUCE = re.compile(r"(?i)\s+(?:truce|ceasefire|pause|détente)\b")
_TRUCE_CUE = re.compile(r"(?i)\b(?:truce|pauses?|paused|reprieve|ceasefire|suspension)\b")


def extract_events(
    sent: str, sent_start: int, mentions: list[Mention], resolved: list[dates.ResolvedDate],
    ctx: _Ctx, has_tariff: bool, doc: Any = None,
    tariff_rows: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Dated events of one sentence, plus undated background meetings it recalls."""
    rows: list[dict[str, Any]] = []
    tariff_rows = tariff_rows or []
    places = _places(mentions, sent)
    spans = [(r.start - sent_start, r.end - sent_start) for r in resolved]
    listed = {p.canonical for p in _background_places(sent, places, spans)}
    own = [p for p in places if p.canonical not in listed]
    place = own[0].canonical if own else None
    actors = _actors(mentions, {place} if place else set())
    duration = dates.parse_duration(sent)
    starts = [
        r for r in resolved if len(r.date) == 10 and (
            r.bound == "from" or _START_CUE.search(sent[max(0, r.start - sent_start - 60)
                                                        : r.start - sent_start]))
    ]  # fmt: skip
    meeting_dates = {
        r.date
        for r in resolved
        if _kind_for(sent, r.start - sent_start, r.end - sent_start, r.bound, has_tariff)
        == "meeting"
    }
    for r in resolved:
        s, e = r.start - sent_start, r.end - sent_start
        kind = _kind_for(sent, s, e, r.bound, has_tariff)
        if kind is None and r.rule not in _VAGUE_RULES:
            kind = "announcement"  # a dated statement with no more specific word
        if kind is None:
            continue
        last = _latest_day(r.date_end or r.date)
        background = last < ctx.published - timedelta(days=7) or r.rule in (
            "earlier_this_year", "recent_period", "last_month", "last_year",
        )  # fmt: skip
        # A deadline or a tariff has no venue: a city in its sentence is where something else
        # happened ("the truce reached in Geneva ... until November 10").
        own_r = _places_of_date(own, (s, e), spans)
        # "the talks" borrows the lead's place only when no other meeting date competes here.
        lead = ctx.lead_place if len(meeting_dates) <= 1 else None
        where = (
            _meeting_place(sent, _places_of_date(mentions, (s, e), spans), own_r, lead, listed)
            if kind == "meeting" and _meeting_noun(sent, s, e) != "call"
            else (own_r[0].canonical if own_r else None) if kind in ("truce", "announcement")
            else None
        )  # fmt: skip
        row = _event(ctx, kind, r, where, actors, sent, sent_start + s, background)
        row["description"] = describe_event(kind, sent, doc, s, e, mentions, where, tariff_rows)
        if where and kind == "meeting" and where == lead and where != _meeting_place(
            sent, _places_of_date(mentions, (s, e), spans), own_r, None, listed
        ):  # fmt: skip
            row["_inherited"] = True  # checked against the article's own dated places later
        rows.append(row)
        if kind == "truce" and duration and len(r.date) == 10 and r in starts:
            # "a 90-day pause starting May 14": the truce spans start .. start + duration.
            end = dates.add_duration(r.date, *duration)
            row["date_end"], row["date_end_rule"] = end, "duration_from_start"
            ended = dates.ResolvedDate(r.text, r.start, r.end, end, None, "duration_from_start")
            dl = _event(ctx, "deadline", ended, place, actors, sent, sent_start + s,
                        _latest_day(end) < ctx.published)  # fmt: skip
            dl["description"] = _fit(f"end of {duration[0]}-{duration[1]} truce from {r.date}")
            rows.append(dl)
        elif (
            kind in ("deadline", "truce") and r.bound in ("until", "at_least")
            and _TRUCE_CUE.search(sent) and len(r.date) == 10
        ):  # fmt: skip
            # "extended the truce by 90 days to November 10": a truce span ending that day,
            # starting at a stated start or, failing that, the duration before the end.
            start = next((x.date for x in starts if x is not r and x.date < r.date), None)
            if (
                start is None
                and duration
                and re.search(
                    r"(?i)\bby\s+(?:another\s+)?\S+[-\s]"
                    r"(?:day|week|month|year)",
                    sent,
                )
            ):
                start = dates.add_duration(r.date, -duration[0], duration[1])
            if start:
                span = dates.ResolvedDate(r.text, r.start, r.end, start, r.date, "truce_span")
                tr = _event(ctx, "truce", span, place, actors, sent, sent_start + s,
                            _latest_day(r.date) < ctx.published - timedelta(days=7))  # fmt: skip
                tr["date_end_rule"] = "explicit_end"
                tr["description"] = describe_event("truce", sent, doc, s, e, mentions, place, [])
                rows.append(tr)
    _truce_for_a_period(sent, sent_start, resolved, ctx, rows, actors, place, doc, mentions)
    # Undated earlier rounds: "following prior sessions in London, Geneva, and Stockholm".
    dated = {row["place"] for row in rows}
    # "since the Osaka truce": the city that names a truce is where it was struck.
    named_truces = [
        m for m in mentions
        if m.label in ("GPE", "LOC") and _PLACE_TRUCE.match(sent, m.end)
        and re.search(r"(?i)\bthe\s+$", sent[: m.start])
    ]  # fmt: skip
    for p in places + [m for m in named_truces if m not in places]:
        hit = p in named_truces or _TRUCE_STRUCK_IN.search(sent[max(0, p.start - 80) : p.start])
        if not hit or p.country is not None or p.canonical in dated:
            continue
        if any(p.end <= a <= p.end + 12 for a, _ in spans):
            continue  # "the truce agreed in Geneva in May" is a dated event
        dated.add(p.canonical)
        rows.append(
            {
                "article_id": ctx.article_id, "event_id": "", "kind": "truce",
                "date": None, "date_end": None, "date_text": None, "date_rule": None,
                "date_end_rule": None, "date_bound": None,
                "description": _fit(f"earlier truce agreed in {p.canonical}"),
                "place": p.canonical, "actors": actors, "quote": sent.strip(),
                "is_background": True, "start_char": sent_start + p.start,
            }
        )  # fmt: skip
    for p in _background_places(sent, places, spans):
        if p.canonical in dated:
            continue
        who = _who(mentions, False)
        rows.append(
            {
                "article_id": ctx.article_id, "event_id": "", "kind": "meeting",
                "date": None, "date_end": None, "date_text": None, "date_rule": None,
                "date_end_rule": None, "date_bound": None,
                "description": _fit(f"earlier {who} round in {p.canonical}".replace("  ", " ")),
                "place": p.canonical, "actors": actors, "quote": sent.strip(),
                "is_background": True, "start_char": sent_start + p.start,
            }
        )  # fmt: skip
    return rows


# A suspension or pause said to last a while: "suspended for 90 days", "for another year",
# "a 30-day reprieve", "an initial 90-day period".
_PAUSE_WORD = re.compile(
    r"(?i)\b(?:suspen\w*|paus\w*|truce|reprieve|ceasefire|extension|extend\w*|delay\w*"
    r"|hold\w*\s+off|on\s+hold|postpon\w*|deferr?\w*|exempt\w*|stop\s+\w+ing)\b"
)
# A rate lowered for a while ("fell to 30% from May 14, for 90 days") is a truce too.
_LOWERED = re.compile(r"(?i)\b(?:fell|falls?|fall(?:ing)?|cut|lower\w*|reduc\w*|halv\w*)\b")
_RATE_CUE = re.compile(r"(?i)\brates?\b|%")  # with _TARIFF_NOUN: what was lowered is a tariff
_PAUSE_PERIOD = re.compile(
    r"(?i)\b(?:for\s+(?:another|a\s+further|an\s+additional|the\s+next|the\s+coming|an?|one"
    r"|\d+|two|three|six|nine|twelve)(?:\s+\d+)?\s+(?:days?|weeks?|months?|years?)"
    r"|(?:an?\s+(?:initial\s+|further\s+|new\s+)?)?\d+-(?:day|week|month|year)\s+"
    r"(?:truce|pause|reprieve|extension|period|suspension|window|ceasefire))\b"
)


def _dates_the_pause(doc: Any, start: int, end: int) -> bool:
    """Whether the verb governing a date at [start, end) of the sentence is the pause's own."""
    if doc is None:
        return False
    toks = [t for t in doc if start <= t.idx - doc[0].idx < end]
    verb = next((a for a in (_ancestors(toks[0]) if toks else []) if _is_verb(a)), None)
    return verb is not None and bool(_PAUSE_WORD.fullmatch(verb.text))


def _truce_for_a_period(
    sent: str, sent_start: int, resolved: list[dates.ResolvedDate], ctx: _Ctx,
    rows: list[dict[str, Any]], actors: list[str], place: str | None, doc: Any,
    mentions: list[Mention],
) -> None:  # fmt: skip
    """A pause said to last a period and dated by nothing else in its sentence: a truce from
    the sentence's own day (else the day of the article's news) for that long."""
    temporary = _PAUSE_WORD.search(sent) or _LOWERED.search(sent) and (
        _TARIFF_NOUN.search(sent) or _RATE_CUE.search(sent)
    )
    hit = _PAUSE_PERIOD.search(sent) if temporary else None
    span = dates.parse_duration(hit.group(0)) if hit else None
    if hit is None or span is None:
        return
    truces = [r for r in rows if r["kind"] == "truce"]
    for r in truces:
        if isinstance(r["date"], str) and len(r["date"]) == 10 and not r["date_end"]:
            # "On Wednesday Japan suspended its duties for 90 days": the truce's span.
            r["date_end"] = dates.add_duration(r["date"], *span)
            r["date_end_rule"] = "duration_from_start"
    if truces:
        return
    # Only a day that dates the pause itself starts it: "suspended on Wednesday for 90 days",
    # "from May 14" -- not "the controls it announced on October 9".
    days = [
        r for r in resolved
        if len(r.date) == 10 and r.bound not in ("until", "at_least")
        and (r.bound == "from" or _dates_the_pause(doc, r.start - sent_start, r.end - sent_start))
    ]  # fmt: skip
    start = days[0].date if days else ctx.anchor_day
    if start is None:
        return
    end = dates.add_duration(start, *span)
    period = dates.ResolvedDate(hit.group(0), sent_start + hit.start(), sent_start + hit.end(),
                                start, end, "duration_from_start")  # fmt: skip
    background = _latest_day(end) < ctx.published - timedelta(days=7)
    row = _event(ctx, "truce", period, place, actors, sent, sent_start + hit.start(), background)
    row["description"] = describe_event(
        "truce", sent, doc, hit.start(), hit.end(), mentions, place, []
    )
    rows.append(row)
    # Its end is a deadline, as for "a 90-day pause starting May 14".
    ended = dates.ResolvedDate(period.text, period.start, period.end, end, None,
                               "duration_from_start")  # fmt: skip
    dl = _event(ctx, "deadline", ended, place, actors, sent, sent_start + hit.start(),
                _latest_day(end) < ctx.published)  # fmt: skip
    dl["description"] = _fit(f"end of {span[0]}-{span[1]} truce from {start}")
    rows.append(dl)


def _event(
    ctx: _Ctx, kind: str, r: dates.ResolvedDate, place: str | None, actors: list[str],
    sent: str, start: int, background: bool,
) -> dict[str, Any]:  # fmt: skip
    clause = sent.strip()
    description = f"{kind} ({r.text.strip()})" + (f" in {place}" if place else "")
    return {
        "article_id": ctx.article_id, "event_id": "", "kind": kind, "date": r.date,
        "date_end": r.date_end, "date_text": r.text, "date_rule": r.rule,
        "date_end_rule": "duration_from_start" if r.rule == "duration_from_start" else None,
        "date_bound": r.bound or None, "description": description, "place": place,
        "actors": actors, "quote": clause, "is_background": bool(background),
        "start_char": start,
    }  # fmt: skip


def _extra_mentions(text: str, published: date, doc: Any) -> list[dates.ResolvedDate]:
    """Bare "weekend" that the general patterns leave (they need this/last/next)."""
    out = []
    taken: list[tuple[int, int]] = []
    for m in dates.find_mentions(text):
        taken.append((m.start, m.end))
    for w in _WEEKEND.finditer(text):
        if any(a <= w.start() < b or a < w.end() <= b for a, b in taken):
            continue
        tense = dates.tense_at(doc, w.start(), w.end()) or dates.cue_tense(text, w.start(), w.end())
        delta = 1 if tense == "future" else 0 if published.weekday() >= 5 else -1
        if tense in (None, dates.EITHER) and published.weekday() < 2:
            delta = -1  # early in the week the weekend just past is the one in the news
        d, end = dates._period("weekend", published, delta)  # noqa: SLF001 - same rule set
        out.append(dates.ResolvedDate(w.group(0), w.start(), w.end(), d, end, "weekend_nearest"))
    return out


# "Feb. 4 – A 10% tariff takes effect": a date heading a paragraph of a chronology.
_BULLET = re.compile(r"[-*•·]\s+")
_ENTRY_AHEAD = re.compile(
    r"(?i)\b(?:will|due|is to|are to|set to|scheduled|expected|planned|looms?|upcoming)\b"
)


def _list_item(text: str, span: tuple[int, int], prev: tuple[int, int] | None) -> bool:
    """A short line of a list: a bullet, or a paragraph after a line ending in a colon
    ("The increases are:" / "Semiconductors: from 25% to 50% by 2025.")."""
    line = text[span[0] : span[1]]
    if _BULLET.match(line):
        return True
    if prev is None or len(line.split()) > 30 or text[max(0, span[0] - 1) : span[0]] != "\n":
        return False
    opener = text[prev[0] : prev[1]].rstrip()
    return opener.endswith(":") or bool(re.match(r"[^.]{1,60}:\s", text[prev[0] : prev[1]]))
_ENTRY_DASH = re.compile(r"\s*(?:[–—]|-{1,2}|:)\s")


def _resolve_dates(
    text: str, s: int, sent: str, doc: Any, ctx: _Ctx
) -> list[dates.ResolvedDate]:
    """Dates of one sentence. In a chronology ("Feb. 4 – Beijing answers ...") the entry's
    date is in the past whatever the tense (lists of key dates use the historical present),
    and the other dates of its paragraph are read from that day, not from publication."""
    para = text.rfind("\n", 0, s) + 1
    if ctx.entry and ctx.entry[0] != para:
        ctx.entry = None
    if not text[para:s].strip():
        first = dates.find_mentions(sent[:40])
        bullet = _BULLET.match(sent)
        at = bullet.end() if bullet else 0
        if first and first[0].start == at and _ENTRY_DASH.match(sent, first[0].end):
            # Key dates are history told in the present ("Feb. 4 – A tariff takes effect"),
            # unless the entry says it is still to come ("April 2: reciprocal tariffs due").
            clause = re.split(r"[,;.]", sent[first[0].end :], maxsplit=1)[0]
            ctx.entry_tense = "future" if _ENTRY_AHEAD.search(clause) else "past"
            label = dates.resolve_in_doc(doc, ctx.published, offset=s,
                                         first_tense=ctx.entry_tense)  # fmt: skip
            if label and len(label[0].date) == 10:
                ctx.entry = (para, date.fromisoformat(label[0].date))
    if ctx.entry:
        return dates.resolve_in_doc(doc, ctx.entry[1], offset=s, anchor=ctx.last_day,
                                    first_tense=ctx.entry_tense)  # fmt: skip
    found = dates.resolve_in_doc(
        doc, ctx.published, offset=s, anchor=ctx.last_day, past_anchor=ctx.last_past_day
    )
    if ctx.title_year:
        found = [dates.in_year(r, ctx.title_year) for r in found]
    return found


def _title_year(text: str, published: date) -> int | None:
    """The single year a title names ("Key dates: how the 2025 tariff fight escalated")."""
    title = text.split("\n", 1)[0]
    years = {int(y) for y in re.findall(r"(?<![\d$£€-])((?:19|20)\d\d)(?![\d%])", title)}
    return years.pop() if len(years) == 1 and min(years) <= published.year else None


_AGREEMENT_CUE = re.compile(
    r"(?i)\b(?:truce|pause|ceasefire|deal|agreement|agreed|accord|talks|negotiat\w*|deadline)\b"
)


def _news_anchor(
    events: list[dict[str, Any]], published: date, kinds: tuple[str, ...] = ("meeting", "truce")
) -> str | None:
    """The day of a meeting or truce (or other `kinds`) in the week before publication: the
    article's news."""
    for ev in events:
        day = ev["date"]
        if ev["kind"] in kinds and isinstance(day, str) and len(day) == 10:
            if published - timedelta(days=7) <= date.fromisoformat(day) < published:
                return day
    return None


# A sentence reporting a deal being signed or struck (whatever the event's kind).
_DEAL_SENTENCE = re.compile(
    r"(?i)\b(?:sign(?:ed|s|ing)?|agreed|struck|reached|sealed|concluded)\b[^.;]{0,80}?"
    r"\b(?:deal|agreement|accord|framework|pact)\b"
)
# "30 days after the signing": the article's own deal, not the day last named.
_AFTER_THE_DEAL = re.compile(
    r"(?i)\s+(?:the|its|their)\s+(?:signing|deal|agreement|accord|announcement)\b"
)


def _from_anchor(r: dates.ResolvedDate, sent: str, s: int, ctx: _Ctx) -> dates.ResolvedDate:
    """'within 90 days' of a deal struck the day before publication counts from the deal, and
    so does 'enters into force 30 days after the signing' (not from the day last named)."""
    if (
        r.rule == "offset_from_previous" and ctx.deal_day
        and re.search(r"(?i)\b(?:after|before)$", r.text)
        and _AFTER_THE_DEAL.match(sent, r.end - s)
    ):  # fmt: skip
        n, unit = dates.parse_duration(r.text) or (0, "day")  # "hours after": the same day
        sign = 1 if r.text.lower().endswith("after") else -1
        day = dates.add_duration(ctx.deal_day, sign * n, unit)
        return dates.ResolvedDate(r.text, r.start, r.end, day, None, "offset_from_event", r.bound)
    if r.rule != "offset_future" or not ctx.anchor_day or not _AGREEMENT_CUE.search(sent):
        return r
    span = dates.parse_duration(r.text)
    if span is None:
        return r
    end = dates.add_duration(ctx.anchor_day, *span)
    end = end if span[1] in ("day", "week") else end[:7]
    return dates.ResolvedDate(r.text, r.start, r.end, end, None, "offset_from_event", r.bound)


# ------------------------------------------------------------------ stage
def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _affiliations(ents: pd.DataFrame) -> dict[str, str]:
    if "affiliation" not in ents.columns:
        return {}
    rows = ents[(ents["label"] == "PERSON") & ents["affiliation"].notna()]
    return {str(c): str(a) for c, a in zip(rows["canonical"], rows["affiliation"], strict=True)}


_PERCENT_CUE = re.compile(r"(?i)\d\s*%|\bper\s?cent\b|\bpercent\b")
_CANDIDATE = re.compile(
    r"(?i)(?:\d\s*%|\bpercent|\bper cent|\bpoints\b|\beve\b|\bweekend\b"
    r"|\b(?:sessions|talks|meetings|rounds|truce|ceasefire)\b)"
)


def _is_candidate(sent: str) -> bool:
    """Whether a sentence may hold a date, a figure or an undated round (worth parsing)."""
    return bool(_CANDIDATE.search(sent)) or bool(dates.find_mentions(sent))


def extract_article(
    article_id: str, text: str, published: Any, ents: pd.DataFrame, model: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Events and tariff rows of one article."""
    pub = dates.to_date(published)
    ctx = _Ctx(article_id, pub, _affiliations(ents))
    all_spans = sentences(text)
    ctx.ents, ctx.spans, ctx.text = ents, all_spans, text
    ctx.all_parties.update(m.party for m in _mentions(0, len(text), ents, ctx) if m.party)
    ctx.lead_place = _lead_place(text, all_spans[:3], ents, ctx)
    ctx.title_year = _title_year(text, pub)
    figures = [bool(_PERCENT_CUE.search(text[s:e])) for s, e in all_spans]
    spans = [
        (s, e) for k, (s, e) in enumerate(all_spans)
        if _is_candidate(text[s:e])
        # "Canada will impose surtaxes on American imports. U.S. steel will face 25%": a
        # tariff sentence right before figures tells whose story they continue.
        or any(figures[k + 1 : k + 3]) and _TARIFF_NOUN.search(text[s:e])
    ]  # fmt: skip
    nlp = _parser(model)
    events: list[dict[str, Any]] = []
    tariffs: list[dict[str, Any]] = []
    topical_until = -1
    pending_eve: list[tuple[str, int, list[Mention], re.Match[str], Any]] = []
    index = {span: i for i, span in enumerate(all_spans)}
    for i, s in enumerate(all_spans):
        if _TARIFF_NOUN.search(text[s[0] : s[1]]):
            topical_until = i + _TOPICAL_SENTENCES
        elif i - 1 <= topical_until and _list_item(text, s, all_spans[i - 1] if i else None):
            topical_until = max(topical_until, i)  # a list keeps the topic of its opener
        elif i <= topical_until and _WEAK_TARIFF_NOUN.search(text[s[0] : s[1]]):
            # "Importers had expected the higher rates to apply from August 1": a tariff story
            # still talking about its rates keeps its topic.
            topical_until = i + _TOPICAL_SENTENCES
        index[s] = (i, i <= topical_until)
    openers = _list_openers(text, all_spans, ents, ctx, nlp)
    title = all_spans[0] if all_spans else None
    if title and _TARIFF_NOUN.search(text[title[0] : title[1]]) and not _PERCENT.search(
        text[title[0] : title[1]]
    ):
        story = _story_parties(text[title[0] : title[1]], _mentions(*title, ents, ctx),
                               nlp(text[title[0] : title[1]]))  # fmt: skip
        # "Beijing halves its tariffs": the other side is the country the article names most.
        other = story and (story["target"] or next(
            (c for c, _ in ctx.all_parties.most_common() if c != story["imposer"]), None))
        if story and other:
            ctx.headline_pair = (story["imposer"], other)
    docs = nlp.pipe([text[s:e] for s, e in spans])
    for (s, e), doc in zip(spans, docs, strict=True):
        sent = text[s:e]
        i, topical = index[(s, e)]
        resolved = _resolve_dates(text, s, sent, doc, ctx)
        resolved += [
            dates.ResolvedDate(r.text, r.start + s, r.end + s, r.date, r.date_end, r.rule)
            for r in _extra_mentions(sent, pub, doc)
        ]
        resolved = [_from_anchor(r, sent, s, ctx) for r in resolved]
        days = [r.date for r in resolved if len(r.date) == 10]
        ctx.last_day = days[-1] if days else ctx.last_day
        past = [d for d in days if date.fromisoformat(d) <= pub]
        ctx.last_past_day = past[-1] if past else ctx.last_past_day
        mentions = _mentions(s, e, ents, ctx)
        if _TARIFF_NOUN.search(sent):
            ctx.tariff_parties.update({m.party for m in mentions if m.party})
        ctx.opener = openers.get(i)
        rows = extract_tariffs(sent, s, mentions, resolved, ctx, topical, i, doc)
        if i in openers and openers[i][1]:
            _from_list_opener(rows, openers[i][1])
        if rows:
            ctx.last_tariff, ctx.last_tariff_sentence = rows[-1], i
            # "Both sides will suspend 24 points of their reciprocal rates" names no owner.
            ctx.programme_owner.update(
                {r["measure"]: r["imposer"] for r in rows
                 if r["measure"] and r["imposer"] and not r.get("_sides")}
            )  # fmt: skip
        elif story := _story_parties(sent, mentions, doc):
            # "China will cut the extra tariffs it placed on American goods." then "From
            # February 14, duties of 10% ... will fall to 5%": the figures continue its story.
            ctx.last_tariff, ctx.last_tariff_sentence = story, i

        tariffs.extend(rows)
        found = extract_events(sent, s, mentions, resolved, ctx, bool(rows), doc, rows)
        places = {m.canonical for m in mentions if m.label in ("GPE", "LOC", "FAC")}
        parties = {m.party for m in mentions if m.party}
        for ev in found:
            ev["_sentence"] = (sent, s, places, parties)
        events.extend(found)
        ctx.anchor_day = ctx.anchor_day or _news_anchor(found, pub)
        if not ctx.deal_day and _DEAL_SENTENCE.search(sent):
            ctx.deal_day = _news_anchor(found, pub, ("announcement", "truce", "tariff", "meeting"))
        if hit := _EVE.search(sent):
            pending_eve.append((sent, s, mentions, hit, doc))
    _fill_from_article(tariffs, ctx.tariff_parties, ctx.headline_pair, ctx.all_parties)
    by_figure = {r["start_char"]: r["imposer"] for r in tariffs if r["imposer"]}
    for row in tariffs:
        # The rows of one figure split over "both" targets share the imposer found for one.
        row["imposer"] = row["imposer"] or by_figure.get(row["start_char"])
        if row["imposer"] == row["target"]:
            row["imposer"] = None
    _settle_sides(tariffs)
    for row in tariffs:
        if row.pop("_all_origins", False):
            row["target"] = None  # filled from context above, but the duty hits every origin
    _settle_inherited_places(events)
    _resolve_eve(pending_eve, events, ctx)
    events = _known_event_days(events)
    _link_calendar(events)
    tariffs = _dedupe(tariffs, ["imposer", "target", "rate_percent", "rate_role", "action"])
    _overall_single_layer(tariffs)
    events = _dedupe(events, ["kind", "date", "date_end", "place"])
    for n, ev in enumerate(events):
        ev["event_id"] = f"{article_id}-{n:03d}"
    return events, tariffs


def _settle_inherited_places(events: list[dict[str, Any]]) -> None:
    """A meeting that took the lead's place from "the talks" takes instead the place the article
    names for a meeting on its date; it loses the lead's place when that is stated for a
    meeting on another date only (a preparatory round elsewhere)."""
    named = [ev for ev in events if ev["kind"] == "meeting" and ev["place"] and ev["date"]
             and not ev.get("_inherited")]  # fmt: skip
    for ev in events:
        if not ev.pop("_inherited", False):
            continue
        same = {n["place"] for n in named if n["date"] == ev["date"]}
        if len(same) == 1:
            new = next(iter(same))
        elif not same and any(n["place"] == ev["place"] for n in named):
            new = None
        else:
            continue
        if new != ev["place"]:
            if ev["place"]:
                ev["description"] = _fit(ev["description"].replace(f" in {ev['place']}", ""
                                         if new is None else f" in {new}"))  # fmt: skip
            ev["place"] = new


def _overall_single_layer(rows: list[dict[str, Any]]) -> None:
    """A layer stated "on all <target> goods" is the overall additional rate when the article
    names no other layer or overall figure for that imposer and target -- or only totals no
    higher than the layer ("doubled his fentanyl levy to 20%" beside "a 10% duty on all
    imports ... last month": the layer has been the whole additional rate all along)."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if r["imposer"] and r["target"] and r["scope"] != "product":
            pairs.setdefault((r["imposer"], r["target"]), []).append(r)
    for group in pairs.values():
        if any(r["scope"] not in ("component", "overall") for r in group) or any(
            _OTHER_LAYER.search(r["quote"]) for r in group
        ):  # fmt: skip
            continue  # an unexplained figure or another layer: the layer is not the whole
        if not any(_ALL_GOODS.search(r["quote"]) for r in group):
            continue
        named = [r for r in group if r["measure"]]
        totals = [r for r in group if not r["measure"]]
        if len({r["measure"] for r in group}) == 1:
            if not any(r["scope"] == "overall" for r in group):
                for r in group:
                    r["scope"] = "overall"
        elif len({r["measure"] for r in named}) == 1 and all(
            t["scope"] == "overall" and t["rate_percent"] <= min(n["rate_percent"] for n in named)
            for t in totals
        ):  # fmt: skip
            for r in named:
                r["scope"] = "overall"


# "on all Chinese goods", "on all imports from the US": the layer covers everything.
_ALL_GOODS = re.compile(
    r"(?i)\b(?:on|against|to)\s+all\s+(?:[\w.'’-]+\s+){0,3}?(?:goods|imports|products|exports)\b"
)
# Words that point to a layer beyond the stated one.
_OTHER_LAYER = re.compile(
    r"(?i)\b(?:on top of|stack\w*|existing|other|combined|cumulative|layers?|in addition to)\b"
)


def _lead_place(
    text: str, lead: list[tuple[int, int]], ents: pd.DataFrame, ctx: _Ctx
) -> str | None:  # fmt: skip
    """The first city the title or lead names as a place ("talks in Madrid")."""
    for s, e in lead:
        places = [p for p in _places(_mentions(s, e, ents, ctx), text[s:e]) if p.country is None]
        if places:
            return places[0].canonical
    return None


def _resolve_eve(
    pending: list[tuple[str, int, list[Mention], re.Match[str], Any]],
    events: list[dict[str, Any]],
    ctx: _Ctx,
) -> None:
    """'On the eve of the talks': the day before the article's own (non-background) meeting."""
    meetings = sorted(
        (ev["date_rule"] != "explicit", ev["date"]) for ev in events
        if ev["kind"] == "meeting" and ev["date"] and len(ev["date"]) == 10
        and not ev["is_background"]
    )  # fmt: skip
    if not meetings:
        return
    # A date the article states outright beats one resolved from "this weekend".
    eve = _iso_minus_day(meetings[0][1])
    for sent, start, mentions, hit, doc in pending:
        # The event is what happened on the eve, not the meeting named after "eve of".
        tail = re.match(r"[^,]*", sent[hit.end() :]).end()
        masked = sent[: hit.end()] + " " * tail + sent[hit.end() + tail :]
        kind = _kind_for(masked, hit.start(), hit.end(), "", False) or "announcement"
        r = dates.ResolvedDate(hit.group(0), start + hit.start(), start + hit.end(), eve, None,
                               "eve_of_event")  # fmt: skip
        places = _places(mentions, sent)
        place = places[0].canonical if places else None
        row = _event(ctx, kind, r, place, _actors(mentions, set()), sent, start + hit.start(),
                     False)  # fmt: skip
        row["description"] = describe_event(kind, sent, doc, hit.start(), hit.end(), mentions,
                                            place, [])  # fmt: skip
        events.append(row)


# Dates that name a period ("last week", "in May", "at the weekend"): the article may date the
# same event to the day elsewhere.
_PERIOD_RULES = frozenset(
    {"last_week", "this_week", "next_week", "last_weekend", "this_weekend", "next_weekend",
     "weekend_nearest", "last_month", "this_month", "next_month", "month_no_year_past",
     "month_no_year_future", "month_no_year_nearest", "month_part", "month_relative_year",
     "month_title_year"}
)  # fmt: skip


def _known_event_days(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """'last week's talks', 'in May', 'at the weekend': when the article dates one event of
    the same kind (or at the same place) to a day inside that period, the period is that day
    (an analyst reads "the talks last week" as the talks the article dates on Friday). The
    event then is that dated event, which keeps its own words; the period row goes."""
    same: set[int] = set()
    for ev in events:
        if ev["date_rule"] not in _PERIOD_RULES:
            continue
        bounds = (
            known_events.period_bounds(ev["date"], ev["date_end"])
            if isinstance(ev["date"], str) else None
        )  # fmt: skip
        if bounds is None:
            continue
        days = {
            (o["date"], o["date_end"]) for o in events
            if o is not ev and isinstance(o["date"], str) and len(o["date"]) == 10
            and o["date_rule"] not in _PERIOD_RULES
            and bounds[0] <= o["date"] <= bounds[1]
            and (o["kind"] == ev["kind"] or ev["place"] and o["place"] == ev["place"])
            # "agreed in South Korea last month" is not a truce dated elsewhere without a place
            and (not ev["place"] or o["place"] == ev["place"])
        }  # fmt: skip
        if len(days) == 1:
            ev["date"], ev["date_end"] = next(iter(days))
            ev["date_rule"] = "known_event_day"
            key = (ev["kind"], ev["date"], ev["date_end"], ev["place"])
            if any(
                (o["kind"], o["date"], o["date_end"], o["place"]) == key
                for o in events if o is not ev and o["date_rule"] != "known_event_day"
            ):  # fmt: skip
                same.add(id(ev))
    return [ev for ev in events if id(ev) not in same]


def _link_calendar(events: list[dict[str, Any]]) -> None:
    """A month- or week-dated mention of a well-known event takes the event's day from the
    public calendar (known_events), when its sentence agrees with one calendar event."""
    for ev in events:
        sent, start, places, parties = ev.pop("_sentence", ("", 0, set(), set()))
        d = ev["date"]
        if not isinstance(d, str) or not (len(d) == 7 or ev["date_rule"] in _PERIOD_RULES):
            continue
        bounds = known_events.period_bounds(d, ev["date_end"])
        at = ev["start_char"] - start if isinstance(ev["start_char"], int) else None
        ke = bounds and known_events.link(ev["kind"], bounds, sent, places, parties, at=at)
        if ke:
            ev["date"] = ke.start
            ev["date_end"] = ke.end if ev["kind"] == "meeting" else None
            ev["date_rule"] = known_events.RULE


def _iso_minus_day(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def _dedupe(rows: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    """One row per key, the first; a repeat ("... Doubles China Tariff To 20%" in the title,
    "doubled his fentanyl-related levy ... to 20%" in the body) fills what the first left
    open: dates, programme, goods, and a scope the first could not tell."""
    kept: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        first = kept.setdefault(key, row)
        if first is row:
            continue
        for field_name in ("effective_date", "until_date", "measure", "product_scope", "date_end"):
            if first.get(field_name) is None and row.get(field_name) is not None:
                first[field_name] = row[field_name]
        if first.get("scope") == "unspecified" and row.get("scope") not in (None, "unspecified"):
            first["scope"] = row["scope"]
    return list(kept.values())


def process_batch(
    chunk: pd.DataFrame,
    *,
    entities: pd.DataFrame | None = None,
    model: str = config.DEFAULT_MODEL,
    **_: Any,
) -> dict[str, pd.DataFrame]:
    """Events and tariffs of a chunk of articles (article_id, text, published)."""
    events: list[dict[str, Any]] = []
    tariffs: list[dict[str, Any]] = []
    ents = entities if entities is not None else pd.DataFrame(columns=["article_id"])
    by_article = {str(k): g for k, g in ents.groupby("article_id", sort=False)} if len(ents) else {}
    empty_ents = pd.DataFrame(
        columns=["article_id", "start_char", "end_char", "text", "label", "canonical"]
    )
    for row in chunk.itertuples(index=False):
        aid = str(row.article_id)
        try:
            ev, ta = extract_article(aid, str(row.text), row.published,
                                     by_article.get(aid, empty_ents), model)  # fmt: skip
        except Exception as err:  # noqa: BLE001 - one article's failure must not stop the rest
            warnings.warn(
                f"timeline facts: article {aid} skipped ({type(err).__name__}: {err})",
                stacklevel=2,
            )
            continue
        events.extend(ev)
        tariffs.extend(ta)
    return {"events": _frame(events, EVENT_COLUMNS), "tariffs": _frame(tariffs, TARIFF_COLUMNS)}


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    if not rows:
        return _empty(columns)
    return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------ merged timeline
def _list(values: Any) -> list[Any]:
    """Sorted unique non-null values (a stable cell for parquet and display)."""
    out = set()
    for v in values:
        if isinstance(v, list | tuple) or hasattr(v, "tolist") and not isinstance(v, str):
            out.update(x for x in v if x is not None and x == x)
        elif v is not None and v == v:
            out.add(v)
    return sorted(out, key=str)


def _first(values: pd.Series) -> Any:
    vals = [v for v in values if v is not None and v == v]
    return vals[0] if vals else None


def _published(articles: pd.DataFrame) -> dict[str, str]:
    return {
        str(a): dates.to_date(p).isoformat()
        for a, p in zip(articles["article_id"], articles["published"], strict=True)
    }


def _precision(iso: Any) -> int:
    """10 for a day, 7 for a month, 4 for a year, 0 for undated."""
    return len(iso) if isinstance(iso, str) else 0


def _covers(coarse: Any, coarse_end: Any, fine: Any) -> bool:
    """Whether a (coarser or spanning) date includes a finer one: 2025-05 includes 2025-05-10;
    a 2025-05-10..11 weekend includes 2025-05-11."""
    if not isinstance(fine, str) or not isinstance(coarse, str):
        return False
    if fine.startswith(coarse) and len(coarse) < len(fine):
        return True
    return isinstance(coarse_end, str) and len(fine) == len(coarse) and coarse <= fine <= coarse_end


def _event_groups(ev: pd.DataFrame) -> list[list[int]]:
    """Row positions of the same event reported by several articles.

    Anchors are rows dated to the day, keyed by (kind, date, place). Every other row joins an
    anchor of the same kind when exactly one fits: same place (or none given) and a date that
    includes the anchor's, lies in its span, or is missing (an undated earlier round in the
    same city). Different kinds or places on one day never merge."""
    recs = ev.to_dict("records")
    order = sorted(range(len(recs)), key=lambda i: (-_precision(recs[i]["date"]), i))
    anchors: dict[tuple, list[int]] = {}
    leftovers: list[int] = []
    for i in order:
        r = recs[i]
        if _precision(r["date"]) == 10 and isinstance(r["place"], str):
            key = (r["kind"], r["date"], r["place"])
            # A day inside an anchor's span ("ended on Monday" within a weekend) joins it.
            span = [
                k
                for k in anchors
                if k[0] == r["kind"]
                and k[2] == r["place"]
                and any(
                    _covers(recs[j]["date"], recs[j]["date_end"], r["date"])
                    or _covers(r["date"], r["date_end"], recs[j]["date"])
                    for j in anchors[k]
                )
            ]
            anchors.setdefault(span[0] if len(span) == 1 and key not in anchors else key,
                               []).append(i)  # fmt: skip
        else:
            leftovers.append(i)
    for i in leftovers:
        r = recs[i]
        fits = []
        for key, members in anchors.items():
            if key[0] != r["kind"]:
                continue
            if isinstance(r["place"], str) and r["place"] != key[2]:
                continue
            d = r["date"]
            if d is None or d != d:
                ok = isinstance(r["place"], str)  # undated: only by its city
            else:
                ok = (
                    d == key[1]
                    or _covers(d, r["date_end"], key[1])
                    or any(_covers(recs[j]["date"], recs[j]["date_end"], d) for j in members)
                )
            if ok:
                fits.append(key)
        if len(fits) == 1:
            anchors[fits[0]].append(i)
        else:
            d = r["date"] if isinstance(r["date"], str) else None
            # A bare year ("this year") is too vague to say two articles mean one event.
            vague = r["article_id"] if _precision(d) <= 4 else ""
            anchors.setdefault((r["kind"], d, r["place"] if isinstance(r["place"], str)
                                else None, vague), []).append(i)  # fmt: skip
    return list(anchors.values())


def _merge_events(events: pd.DataFrame, published: dict[str, str]) -> list[dict[str, Any]]:
    """One row per event across articles (see `_event_groups`), listing every source."""
    if events.empty:
        return []
    ev = events.reset_index(drop=True)
    rows = []
    for members in _event_groups(ev):
        g = ev.iloc[members]
        # The most precise report speaks for the event; ties go to the earliest article.
        g = g.assign(_p=[-_precision(d) for d in g["date"]]).sort_values(
            ["_p", "article_id", "start_char"], kind="stable"
        )
        best = g.iloc[0]
        same_day = g[g["date"] == best["date"]]
        sources = _list(g["article_id"])
        # The label comes from the most precise reports (not from undated recollections).
        descriptions = Counter(d for d in same_day["description"] if isinstance(d, str))
        rows.append(
            {
                "record": "event", "kind": best["kind"], "date": _first(g["date"]),
                "date_end": _first(same_day["date_end"]),
                "description": max(descriptions, key=lambda d: (descriptions[d],
                                   d == best["description"])) if descriptions else None,
                "place": _first(g["place"]), "actors": _list(g["actors"]),
                "is_background": bool(g["is_background"].all()),
                "date_rules": _list(g["date_rule"]), "date_texts": _list(g["date_text"]),
                "sources": sources, "n_sources": len(sources),
                "first_reported": min(published.get(s, "") for s in sources) or None,
                "quotes": _list(g["quote"]),
            }
        )  # fmt: skip
    return rows


def _merge_tariffs(tariffs: pd.DataFrame, published: dict[str, str]) -> list[dict[str, Any]]:
    """One row per stated figure; different rates for the same measure stay side by side."""
    if tariffs.empty:
        return []
    ta = tariffs.copy()
    keys = ["imposer", "target", "rate_percent", "action", "rate_role", "effective_date"]
    rows = []
    for _, g in ta.groupby(keys, dropna=False, sort=True):
        sources = _list(g["article_id"])
        first = min(published.get(s, "") for s in sources) or None
        rows.append(
            {
                "record": "tariff", "kind": "tariff",
                # A figure is dated by when it takes effect, else by when it was first reported.
                "date": _first(g["effective_date"]) or first, "date_end": _first(g["until_date"]),
                "description": _tariff_description(g.iloc[0]), "place": None, "actors": [],
                "imposer": _first(g["imposer"]), "target": _first(g["target"]),
                "rate_percent": float(g["rate_percent"].iloc[0]),
                "approximate": bool(g["approximate"].any()), "action": g["action"].iloc[0],
                "rate_role": _first(g["rate_role"]), "effective_date": _first(g["effective_date"]),
                "until_date": _first(g["until_date"]), "is_background": False,
                "date_rules": ["effective_date" if _first(g["effective_date"]) else "reported"],
                "date_texts": _list(g["rate_text"]), "sources": sources,
                "n_sources": len(sources), "first_reported": first, "quotes": _list(g["quote"]),
            }
        )  # fmt: skip
    # Conflicts: the same imposer, target and action in force reported at different rates in
    # the same month by different articles. Both stay; each names the other rates.
    by_measure: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        if row["action"] == "in_force" and row["rate_role"] is None:
            key = (row["imposer"], row["target"], (row["first_reported"] or "")[:7])
            by_measure.setdefault(key, []).append(row)
    for row in rows:
        row["conflicting_rates"] = []
    for group in by_measure.values():
        for row in group:
            others = [
                o["rate_percent"] for o in group
                if o is not row and not set(o["sources"]) & set(row["sources"])
            ]  # fmt: skip
            row["conflicting_rates"] = sorted(set(others))
    return rows


def _tariff_description(row: pd.Series) -> str:
    who = row["imposer"] if isinstance(row["imposer"], str) else "?"
    on = f" on {row['target']}" if isinstance(row["target"], str) else ""
    role = f" ({row['rate_role']})" if isinstance(row["rate_role"], str) else ""
    return f"{who} tariff{on}: {row['rate_percent']:g}% {row['action']}{role}"


def merge_timeline(
    events: pd.DataFrame, tariffs: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    """One row per event or tariff figure across articles, with every source listed."""
    published = _published(articles)
    rows = _merge_events(events, published) + _merge_tariffs(tariffs, published)
    if not rows:
        return _empty(TIMELINE_COLUMNS)
    out = pd.DataFrame(rows)
    for col in TIMELINE_COLUMNS:
        if col not in out:
            out[col] = [[] for _ in range(len(out))] if col == "conflicting_rates" else None
    out["conflicting_rates"] = [v if isinstance(v, list) else [] for v in out["conflicting_rates"]]
    out = out[TIMELINE_COLUMNS]
    # Undated background rounds sort last; ties are broken by every descriptive column.
    out["_undated"] = out["date"].isna()
    out = out.sort_values(
        ["_undated", "date", "record", "kind", "place", "imposer", "target", "rate_percent",
         "action", "rate_role"],
        na_position="last", kind="stable",
    ).drop(columns="_undated")  # fmt: skip
    return out.reset_index(drop=True)


def run_stage(
    articles: pd.DataFrame,
    entity_table: pd.DataFrame,
    out_dir: str | os.PathLike,
    *,
    model: str = config.DEFAULT_MODEL,
    n_process: int = 1,
    scheduler: str | None = None,
    chunk_size: int = 256,
    progress: bool | None = None,
) -> incremental.BatchReport:
    """Extract events and tariffs of every article not already cached; write both tables."""
    return incremental.run_batched(
        "facts",
        articles,
        process_batch,
        params={"model": model},
        version=STAGE_VERSION,
        out_dir=out_dir,
        # An article whose entities changed is redone even if its text did not.
        inputs={"entities": entity_table},
        n_process=n_process,
        scheduler=scheduler or None,
        chunk_size=chunk_size,
        progress=progress,
    )
