"""The contract's value: amounts cued as the value ("estimated value", "budget"), not the demands and
conditions money also appears in (turnover, insurance, "contracts over £1M"); then currency and VAT."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis import Sentence
from ..quantities import Quantity
from .facts import FOUND, Fact, short_quote

# --- Value cues: strong ones name the value, weak ones only bound or qualify an amount ---
_STRONG_VALUE = (
    r"estimated (?:total |contract |annual |overall )?(?:value|cost|price)"
    r"|(?:total|overall|annual|aggregate|approximate|maximum|assessed) (?:contract )?value|contract value"
    r"|value of (?:the|this) (?:current |existing |previous |prior |incumbent )?(?:contract|framework|call-off|agreement|lot|requirement|opportunity|project)"
    # the budget for the work, not a programme's allocation, a funding gap or the budget year
    r"|\bbudget\b(?!\s(?:allocations?|gaps?|deficits?|cycles?|years?|process|holders?)\b)"
    r"|(?:expected|anticipated|estimated|projected) (?:total |annual )?(?:value|spend|spending|volume of purchases|purchases|expenditure)"
    # US ordering vehicles: "the Government estimates the value of all orders ... will total $61,000,000",
    # "the Government's Good Faith Estimate for funded call orders ... is between $5M and $10M"
    r"|estimates? the (?:total |overall )?value|value of all (?:orders|call orders|task orders|purchases)|good[ -]faith estimate"
)
_WEAK_VALUE = (
    r"up to|ceiling|not to exceed|(?:should|must|shall|will|may) not exceed|maximum of|per annum|over the (?:contract )?term|per lot|valued at"
    r"|over the (?:life|lifetime|duration) of|during the (?:life|term) of the (?:contract|agreement)"
    # past awards given as a guide to the size of the coming ones (catalogue item 60)
    r"|(?:contract |project )?awards? (?:ranging|ranged|range) from"
)
_VALUE_CUE = re.compile(rf"(?P<strong>{_STRONG_VALUE})|(?P<weak>{_WEAK_VALUE})", re.I)
# Money in these sentences is a demand on the supplier or a remedy, not the contract's value.
_DEMAND = re.compile(
    r"turnover|insurance|indemnit|liabilit|liable|penalt|liquidated damages|service credits?|\bfines?\b"
    r"|\bbonds?\b|threshold|similar (?:value|size|contracts?)|experience|\bclaims?\b",
    re.I,
)
# "the total estimated contract price of another proposal is $105": a bid's price in the price formula
_BID_PRICE = re.compile(
    r"(?:price|cost)s? of (?:all |each |the |another |a |every |any )?(?:other )?(?:lowest |highest )?"
    r"(?:proposals?|bids?|tenders?|quotes?|quotations?|offers?|proposers?|bidders?|offerors?)\b",
    re.I,
)
_EXAMPLE = re.compile(r"\bfor (?:example|instance)\b|\be\.\s?g\.|\bby way of example\b|\bexample\s*:", re.I)
# "for work packages under £1M": a condition on some other amount, not the value.
_CONDITION_BEFORE = re.compile(
    r"(?:\bunder|below|over|above|exceed(?:s|ing)?|less than|more than|greater than|at least|minimum of|\bor)\s*[<>\u2264\u2265]?\s*$",
    re.I,
)
# "contracts valued at $100,000 or more": a threshold of a rule, not this contract's value
_CONDITION_AFTER = re.compile(r"^\s*(?:\.00)?\s*(?:or|and)\s+(?:more|greater|above|over|higher|less|under|below|lower|up)\b", re.I)
# "$1,500/household", "$1,000 per occasion", "£450 per day": a rate for one unit, not the contract's value
# (an annual, monthly or per-lot amount is read as such by `_value_kind`)
_UNIT = (
    r"(?:hour|hr|day|week|night|visit|occasion|household|person|head|unit|item|user|seat|licen[cs]e|page|word"
    r"|mile|km|call|transaction|case|participant|student|pupil|meal|claim|sq\.?\s?ft|square)s?\b"
)
_UNIT_RATE_AFTER = re.compile(rf"^\s*(?:/\s?|per\s|an?\s|each\s){_UNIT}", re.I)
_CEILING_BEFORE = re.compile(r"(?:(?:not to|shall not|will not|must not|is not to|cannot|may not) exceed|up to)\s*$", re.I)
_GAP_BREAK = re.compile(r"\bor\b|whichever|%|;", re.I)
_FIGURE_BETWEEN = re.compile(r"\d")
_ANNUAL = re.compile(r"per annum|\bp\.?a\.?(?!\w)|a year|per year|each year|annual|annually", re.I)
_PER_LOT = re.compile(r"per lot|each lot|for (?:each )?lot\b|lot value", re.I)
_VAT_INC = re.compile(r"(?:including|inclusive of|incl?\.?|inc\.?)\s+(?:of\s+)?VAT|VAT[\s-]inclusive", re.I)
_VAT_EXC = re.compile(r"(?:excluding|exclusive of|excl?\.?|net of|plus|\+)\s*VAT|VAT[\s-]exclusive", re.I)


_VALUE_WORDS = ("value", "budget", "up to", "ceiling", "exceed", "maximum", "per annum", "per lot", "term", "estimate", "spend", "purchases", "expenditure", "life of", "anticipated", "expected", "projected", "awards rang", "award rang")

@dataclass(frozen=True)
class ValueCandidate:
    name: str  # value_total / value_annual / value_per_lot
    amount: Quantity
    strength: int
    sentence: Sentence


def value_cued(text: str, low: str) -> bool:
    """Cheap substring tests first, so the cue regex sees few sentences."""
    return any(w in low for w in _VALUE_WORDS) and bool(_VALUE_CUE.search(text))


def value_candidates(sentence: Sentence, quantities: list[Quantity]) -> list[ValueCandidate]:
    text = sentence.text
    if _DEMAND.search(text) or _BID_PRICE.search(text):
        return []
    cues = list(_VALUE_CUE.finditer(text))
    money = [q for q in quantities if q.kind == "money" and q.value]
    out = []
    previous_end = 0
    for q in money:
        if _EXAMPLE.search(text, 0, q.start):
            continue  # a worked example of the price formula ("For example, if the lowest price is $100, ...")
        before = text[max(previous_end, q.start - 80) : q.start]  # back to the previous amount at most
        strength = _cue_strength(text, q, cues, previous_end)
        previous_end = q.end
        if strength:
            out.append(ValueCandidate(_value_kind(text, q, before), q, strength, sentence))
    return out


_WEAK_REACH = 80  # characters from the end of a cue to the amount it names
_STRONG_REACH = 140


def _cue_strength(text: str, q: Quantity, cues: list[re.Match[str]], previous_end: int) -> int:
    """2 for a strong cue shortly before the amount, 1 for a weak one; 0 for a condition."""
    before = text[max(previous_end, q.start - 80) : q.start]
    if _CONDITION_BEFORE.search(before[-25:]) and not _CEILING_BEFORE.search(before):
        return 0
    if _CONDITION_AFTER.match(text[q.end : q.end + 20]) or _UNIT_RATE_AFTER.match(text[q.end : q.end + 30]):
        return 0
    best = 0
    for cue in cues:
        # a strong cue may stand further back ("Good Faith Estimate for funded call orders over the life
        # of the BPA (if all options are exercised) is between ..."); no other amount comes between
        reach = _STRONG_REACH if cue["strong"] else _WEAK_REACH
        if previous_end <= cue.start() and cue.end() <= q.start and q.start - cue.end() <= reach:
            gap = text[cue.end() : q.start]
            # a weak cue names the figure right after it: "up to 2038, ... is estimated at USD 110 billion"
            if not _GAP_BREAK.search(gap) and (cue["strong"] or not _FIGURE_BETWEEN.search(gap)):
                best = max(best, 2 if cue["strong"] else 1)
        elif q.end <= cue.start() <= q.end + 25 and cue["weak"]:
            best = max(best, 1)
    return best


def _value_kind(text: str, q: Quantity, before: str) -> str:
    """Per lot or annual when the words around the amount say so ("£40,000 per lot", "annual value of")."""
    after = text[q.end : q.end + 30]
    if _PER_LOT.search(after) or _PER_LOT.search(before):
        return "value_per_lot"
    if _ANNUAL.search(q.text) or _ANNUAL.search(after) or _ANNUAL.search(before):
        return "value_annual"
    return "value_total"


def value_facts(candidates: list[ValueCandidate]) -> list[Fact]:
    """Per value kind the strongest-cued amount, earliest on ties; then its currency and VAT basis."""
    facts: list[Fact] = []
    chosen: dict[str, ValueCandidate] = {}
    for c in candidates:
        if c.name not in chosen or c.strength > chosen[c.name].strength:
            chosen[c.name] = c
    for name in ("value_total", "value_annual", "value_per_lot"):
        best = chosen.get(name)
        if best is None:
            continue
        quote, start = short_quote(best.sentence.text), best.sentence.start_char
        facts.append(Fact(name, float(best.amount.value or 0), FOUND, quote, start))
        facts.append(Fact("currency", best.amount.unit or "GBP", FOUND, quote, start))
        vat = best.amount.vat or _vat(best.sentence.text)
        if vat:
            facts.append(Fact("vat_basis", vat, FOUND, quote, start))
    return facts


def _vat(text: str) -> str | None:
    if _VAT_EXC.search(text):
        return "exc"
    if _VAT_INC.search(text):
        return "inc"
    return None
