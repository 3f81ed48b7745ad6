"""`weightings`: published award weightings that do not add up, or criteria with no weighting at all.

params:
  trigger: terms that mark a weighting statement ("weighting", "weighted", "of the marks")
  tolerance: allowed slack on 100% (default 0.5)
  min_weights: how many percentages a table column or statement needs before it is judged (2)
  missing: optional {criteria: terms, weights: terms, min_mentions: 2}: fire once per document
           when award criteria are mentioned this often but no weighting, ranking or order of
           importance appears anywhere
           ; also when one sentence lists three or more criteria ("evaluated based on its
           appropriateness, its applicability and its use of resources", or a lead-in ending in ":"
           with its list items) and neither a trigger term anywhere nor a weight term near it appears
  min_words: documents shorter than this are not judged for `missing` (a clause is not an ITT)
  unless, guards

Where the percentages come from:
- a table: each column of a table that mentions a trigger term is read on its own (weights sit in
  one column; scores and weighted scores in others);
- running text: the sentences that hold a trigger term, plus the short list items or paragraphs
  straight after them that each carry one percentage ("Quality - 60%").
A set of weights is consistent when it adds up to 100% (or a multiple of it: several sub-criteria
groups each summing to 100%), or when it reads as criteria with sub-criteria that add up to their
parent, with or without a final "Total 100%" row. Unfilled placeholders ("XX%") mean the weights
are not set yet: not inconsistent (PP-PROC-009 reports the placeholder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Sequence

from ..context import Context
from ..analysis import Analysis, Sentence
from ..matching import TermIndex
from ..model import BlockKind
from ..quantities import Quantity, find_quantities
from ..rulepack.model import Rule
from .base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome, compile_terms
from .params import GUARDS, INTEGER, NUMBER, SKIP_ROLES, TERMS, UNLESS, Param, obj

# A percentage after these words is a pass mark, a cap or a tax rate, not a weight.
_NOT_WEIGHT_BEFORE = re.compile(
    r"(?:\b(?:below|above|under|over|less than|more than|fewer than|at least|minimum(?: of)?|min\.?|maximum(?: of)?|max\.?"
    r"|exceeds?|exceeding|up to|within|pass mark(?: of)?|threshold(?: of)?|scores? of|scoring)\s*|(?:\+/-|±|\+/−|plus or minus)\s*)$",
    re.I,
)
_TAX = re.compile(r"\bVAT\b|\btax\b|discount|retention|interest|inflation|increase|decrease", re.I)
_EACH = re.compile(r"\s*(?:each|apiece|per (?:question|criterion|lot|item|section))\b", re.I)
MAX_WEIGHTS = 30  # beyond this a column is a score sheet, not a weighting scheme
CONTINUATION_WORDS = 25


@dataclass
class _Unit:
    start: int
    end: int
    weights: list[float]
    placeholder: bool = False  # or otherwise not judgeable ("5% each")


def consistent(weights: Sequence[float], tolerance: float = 0.5) -> bool:
    """True when the weights add up to 100% in one of the ways real evaluation tables are written."""
    total = sum(weights)
    if any(abs(total - 100 * k) <= tolerance for k in (1, 2, 3, 4)):
        return True
    if len(weights) >= 3 and abs(sum(weights[:-1]) - weights[-1]) <= tolerance:
        return True  # the last row states the total of the rows above it (a part of the marks)
    return _hierarchy(tuple(round(w, 3) for w in weights), tolerance)


def _hierarchy(weights: tuple[float, ...], tolerance: float) -> bool:
    """Top-level weights sum to 100, each optionally followed (or preceded) by children summing to it."""
    n = len(weights)

    @lru_cache(maxsize=None)
    def walk(i: int, acc: float) -> bool:
        if i == n:
            return abs(acc - 100) <= tolerance
        if acc > 100 + tolerance:
            return False
        parent = weights[i]
        if walk(i + 1, round(acc + parent, 3)):
            return True
        children = 0.0
        for j in range(i + 1, n):  # parent first, then its children
            children += weights[j]
            if abs(children - parent) <= tolerance or abs(children - 100) <= tolerance:
                if walk(j + 1, round(acc + parent, 3)):
                    return True
            if children > max(parent, 100) + tolerance:
                break
        below = 0.0
        for j in range(i, n - 1):  # children first, then a subtotal row
            below += weights[j]
            if abs(below - weights[j + 1]) <= tolerance and walk(j + 2, round(acc + weights[j + 1], 3)):
                return True
            if below > 100 + tolerance:
                break
        return False

    return walk(0, 0.0)


def _is_weight(text: str, q: Quantity) -> bool:
    """A percentage that states a share of the marks, not a threshold, cap, tax or price change."""
    before = text[max(0, q.start - 30) : q.start]
    after = text[q.end : q.end + 15]
    return not (_NOT_WEIGHT_BEFORE.search(before) or _TAX.search(before) or _TAX.search(after))


MIN_LISTED_CRITERIA = 3
_WEIGHT_EVIDENCE = re.compile(r"\d|\bweight|\bX{1,3}\b|ratio|split", re.I)
# ... about the evaluation: "the bill of lading number and weight of shipment" on an invoice weighs goods
_EVALUATION_WORDS = re.compile(r"criteri|evaluat|factor|scor|\bmarks?\b|\bpoints?\b|award|quality|price|cost", re.I)
_GOODS_WEIGHT = re.compile(r"\bweight of (?:the )?(?:shipment|goods|items?|package|parcel|load|vehicle)|\b(?:gross|net|shipping) weight", re.I)
# An item of a criteria list written as a paragraph: "(a) THE ORGANISATION:", "1. Cost", "> Responsiveness"
_ITEM_PARAGRAPH = re.compile(r"^\s*(?:>|\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|(?:[a-z]|\d{1,2})\.\s|[\u2022\u00b7\u25aa*\-\u2013]\s)", re.I)
_RULE_LINE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


def _items_after(analysis: Analysis, lead_in: Sentence) -> int:
    """The items of the list a lead-in announces: list items, or paragraphs written as items, up to the
    next heading or plain paragraph (separator lines between them are skipped)."""
    blocks = analysis.document.blocks
    seen: set[int] = set()
    for following in analysis.sentences[lead_in.index + 1 : lead_in.index + 16]:
        if following.block is None or following.block == lead_in.block:
            continue
        block = blocks[following.block]
        if block.kind is BlockKind.HEADING:
            break
        if _RULE_LINE.match(block.text):
            continue
        if block.kind is BlockKind.LIST_ITEM or _ITEM_PARAGRAPH.match(block.text):
            seen.add(following.block)
            continue
        break
    return len(seen)
# Relative importance stated in words anywhere ("factors of equal importance", "in descending order").
# The next three are searched over the whole document, so they are written in small letters and
# searched in Analysis.lower_text (a case-blind search of a long text costs four times as much).
_IMPORTANCE = re.compile(
    r"(?:order|equal|decreasing|descending) (?:of )?importance|descending order|more important than|equally weighted"
    r"|equal weight|in importance|equally important",
)
# "Technical and past performance, when combined, are approximately equal to price": the non-price
# factors are weighed only together against price, so their order among themselves is unstated.
_COMBINED_WORDS = r"\bwhen combined\b|\bcombined,? (?:are|is)\b|\btaken together\b"
_COMBINED = re.compile(_COMBINED_WORDS, re.I)
_COMPARED_WITH_PRICE = r"(?:significantly |slightly |much )?(?:more|less) important than|(?:approximately |about |roughly )?equal (?:to|in importance)"
_COMBINED_COMPARISON = re.compile(rf"(?:{_COMBINED_WORDS})[^.]{{0,60}}?\b(?:{_COMPARED_WITH_PRICE})")
# Award to the lowest price among bids that pass the technical test (LPTA): price is the one criterion.
_LOWEST_PRICE_AWARD = re.compile(
    r"lowest[- ]price[d]?,? technically[- ]acceptable|\blpta\b|lowest (?:evaluated )?price[d]? (?:quote|offer|proposal|bid)?\s*"
    r"(?:among|of (?:the|all)) (?:technically )?acceptable|technically acceptable,? lowest[- ]price",
)
_OFFERS = re.compile(r"propos(?:al|er)|\bbids?\b|tender|respons|\boffers?\b|submission|quot(?:e|ation)|criteri", re.I)
_CRITERIA_LIST = re.compile(
    r"\b(?:evaluat\w*|assess\w*|judged|judging|scor\w*)\b[^.:]{0,60}?\b(?:based (?:up)?on|on the basis of|according to|against|"
    r"in terms of|with regard to|considering|on)\b(?P<rest>.+)"
    # a lead-in naming the criteria, however far from the evaluation words: "The committee shall choose the
    # proposer ... based on, but not limited to, the following factors:", "The Evaluation Criteria ... apply:"
    r"|\b(?:based (?:up)?on|on the basis of|according to|against|using|considering)\b[^.:]{0,40}?"
    r"\bthe following (?:\w+ )?(?:factors|criteria)\b(?P<rest2>[^.]*:)\s*$"
    r"|\b(?:evaluation|award|assessment) criteria\b(?P<rest3>[^.]*:)\s*$",
    re.I,
)
# Every form of _CRITERIA_LIST holds one of these: the sentences worth searching are found with them.
_CRITERIA_WORDS = re.compile(r"evaluat|assess|judg|scor|following|criteria")


_NONE_STATED = {
    "weights": "none stated",
    "total": "no weighting",
    "detail": "the award criteria are given no weighting, ranking or order of importance",
}
_COMBINED_ONLY = {
    "weights": "the non-price factors only together against price",
    "total": "no order among them",
    "detail": "the non-price factors are weighed only together against price, so their order among themselves is not stated",
}


class WeightingsCheck(Check):
    kind = "weightings"
    fires = 'when a table column or weighting statement\'s percentages do not add up to 100% (sub-criteria and total rows understood; "XX%" is not judged); optionally once when criteria have no weighting at all'
    parameters = {
        "trigger": Param(TERMS, "terms that mark a weighting statement (weighting, of the marks)", required=True),
        "tolerance": Param(NUMBER, "allowed slack on 100% (default 0.5)"),
        "min_weights": Param(INTEGER, "percentages a column or statement needs before it is judged (default 2)"),
        "missing": Param(
            obj({"criteria": TERMS, "weights": TERMS, "min_mentions": INTEGER}),
            "{criteria, weights, min_mentions}: fire once when award criteria are mentioned this often (or one sentence "
            "lists three or more) and no weighting, ranking or order of importance appears",
        ),
        "min_words": Param(INTEGER, "documents shorter than this are not judged for `missing`"),
        "unless": UNLESS,
        "guards": GUARDS,
        "skip_roles": SKIP_ROLES,
    }
    fills = frozenset({"weights", "total", "detail"})

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.trigger = compile_terms(index, f"{rule.id}/trigger", params["trigger"])
        self.tolerance = float(params.get("tolerance", 0.5))
        self.min_weights = int(params.get("min_weights", 2))
        self.min_words = int(params.get("min_words", 0))
        missing = params.get("missing") or {}
        self.criteria = compile_terms(index, f"{rule.id}/criteria", missing.get("criteria"))
        self.weight_terms = compile_terms(index, f"{rule.id}/weights", missing.get("weights"))
        self.min_mentions = int(missing.get("min_mentions", 2))

    # --- units ---

    def _percents(self, text: str) -> tuple[list[Quantity], bool]:
        found = find_quantities(text)
        placeholder = any(q.kind == "placeholder" and q.expects == "percent" for q in found)
        # "5% each" or "10% per question" multiplies: the written figures are not the weights.
        placeholder |= any(q.kind == "percent" and _EACH.match(text[q.end :]) for q in found)
        percents = [
            q for q in found
            if q.kind == "percent" and q.value is not None and not q.is_range and 0 < q.value <= 100 and _is_weight(text, q)
        ]
        return percents, placeholder

    def _table_units(self, analysis: Analysis, by_block: dict[int, list[Sentence]]) -> list[_Unit]:
        blocks = analysis.document.blocks
        tables: dict[int, list[int]] = {}
        for i, block in enumerate(blocks):
            if block.kind is BlockKind.TABLE_CELL and block.cell is not None:
                tables.setdefault(block.cell.table, []).append(i)
        units = []
        for cells in tables.values():
            sentences = [s for i in cells for s in by_block.get(i, ())]
            if not any(s.hits.get(self.trigger or "") for s in sentences):
                continue
            if any(self.guarded(analysis, s) for s in sentences if s.hits.get(self.trigger or "")):
                continue
            columns: dict[int, list[int]] = {}
            for i in cells:
                columns.setdefault(blocks[i].cell.col, []).append(i)  # type: ignore[union-attr]
            for col_cells in columns.values():
                unit = _Unit(blocks[col_cells[0]].start, blocks[col_cells[0]].end, [])
                for i in col_cells:
                    percents, placeholder = self._percents(blocks[i].text)
                    unit.placeholder |= placeholder
                    if percents:
                        unit.weights += [q.value for q in percents]  # type: ignore[misc]
                        unit.end = blocks[i].end
                units.append(unit)
        return units

    def _text_units(self, analysis: Analysis, by_block: dict[int, list[Sentence]]) -> list[_Unit]:
        blocks = analysis.document.blocks
        units: list[_Unit] = []
        order = sorted(by_block)
        position = 0
        while position < len(order):
            index = order[position]
            position += 1
            block = blocks[index]
            if block.kind is BlockKind.TABLE_CELL:
                continue
            triggered = [s for s in by_block[index] if s.hits.get(self.trigger or "")]
            if not triggered or any(self.guarded(analysis, s) for s in triggered):
                continue
            unit = _Unit(triggered[0].start_char, triggered[-1].end_char, [])
            for sentence in triggered:
                percents, placeholder = self._percents(sentence.text)
                unit.placeholder |= placeholder
                unit.weights += [q.value for q in percents]  # type: ignore[misc]
            # Short list items or lines right after a lead-in, one percentage each.
            while position < len(order) and order[position] == index + 1:
                nxt = blocks[order[position]]
                if nxt.kind not in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH) or len(nxt.text.split()) > CONTINUATION_WORDS:
                    break
                percents, placeholder = self._percents(nxt.text)
                own = [s for s in by_block.get(order[position], ()) if s.hits.get(self.trigger or "")]
                if (len(percents) != 1 and not placeholder) or own:
                    break  # a block with its own weighting words starts its own unit
                unit.placeholder |= placeholder
                unit.weights += [q.value for q in percents]  # type: ignore[misc]
                unit.end = nxt.end
                index = order[position]
                position += 1
            units.append(unit)
        return units

    # --- run ---

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        by_block: dict[int, list[Sentence]] = {}
        blocks = analysis.document.blocks
        for sentence in analysis.sentences:
            if sentence.block is not None and blocks[sentence.block].kind is not BlockKind.HEADER_FOOTER:
                by_block.setdefault(sentence.block, []).append(sentence)
        units = self._table_units(analysis, by_block) + self._text_units(analysis, by_block)
        candidates = []
        judged = False
        for unit in units:
            if unit.placeholder or not (self.min_weights <= len(unit.weights) <= MAX_WEIGHTS):
                continue
            judged = True
            if not consistent(unit.weights, self.tolerance):
                listed = " + ".join(f"{w:g}%" for w in unit.weights)
                total = f"{sum(unit.weights):g}%"
                values = {"weights": listed, "total": total, "detail": f"{listed} makes {total}, not 100%"}
                candidates.append(Candidate(unit.start, unit.end, values, 0.75))
        if candidates:
            return Outcome(FLAGGED, tuple(candidates))
        if judged or any(u.placeholder for u in units) or not self.criteria:
            return Outcome(PASSED)
        return self._missing(analysis, context)

    def _missing(self, analysis: Analysis, context: Context) -> Outcome:
        """Award criteria mentioned repeatedly, yet no weighting, ranking or percentage split anywhere."""
        if analysis.document.word_count < self.min_words:
            return Outcome(NOT_APPLICABLE, reason=f"documents under {self.min_words} words are not judged")
        lowered = analysis.lower_text
        lowest_price = _LOWEST_PRICE_AWARD.search(lowered) if "lowest" in lowered or "lpta" in lowered else None
        if lowest_price:
            said = analysis.document.text[lowest_price.start() : lowest_price.end()]
            return Outcome(PASSED, reason=f"award on price among acceptable bids (“{said}”): nothing to weigh")
        if self._weighting_stated(analysis):
            return Outcome(PASSED)
        types = set(context.get("doc_types") or ())
        invitation = not types or bool(types & {"ITT", "NOTICE"})
        # criteria listed with nothing beside them, or factors weighed only together, whatever else is said
        for found, values in ((self._listed_criteria, _NONE_STATED), (self._combined_only, _COMBINED_ONLY)):
            sentence = found(analysis) if invitation else None
            if sentence is not None:
                return Outcome(FLAGGED, (Candidate(sentence.start_char, sentence.end_char, values, 0.6),))
        mentions = analysis.hits_by_key.get(self.criteria or "", [])
        if len(mentions) < self.min_mentions:
            return Outcome(PASSED)
        return self._unweighted(analysis, mentions)

    def _listed_criteria(self, analysis: Analysis) -> Sentence | None:
        """A sentence naming three or more criteria with no weight term near it (the caller has found no
        weighting anywhere)."""
        for sentence in analysis.sentences_matching(_CRITERIA_WORDS):
            match = _CRITERIA_LIST.search(sentence.text)
            if match is None or not _OFFERS.search(sentence.text) or self.guarded(analysis, sentence):
                continue
            rest = match.group("rest") or match.group("rest2") or match.group("rest3") or ""
            items = rest.count(",") + rest.count(";") + (1 if re.search(r"\band\b", rest) else 0) + 1
            if rest.rstrip().endswith(":"):  # a lead-in: count the list items that follow it
                items = _items_after(analysis, sentence)
            if items < MIN_LISTED_CRITERIA:
                continue
            if self._weighted_near(analysis, sentence):
                continue
            return sentence
        return None

    def _combined_only(self, analysis: Analysis) -> Sentence | None:
        """The sentence weighing the non-price factors only together against price (the caller has found
        no weighting or order among them)."""
        lowered = analysis.lower_text
        for sentence in analysis.sentences_matching(_COMBINED_COMPARISON):
            whole = _COMBINED_COMPARISON.search(lowered, sentence.start_char, sentence.end_char)  # not run on past its end
            if whole and not self.guarded(analysis, sentence):
                return sentence
        return None

    def _weighting_stated(self, analysis: Analysis) -> bool:
        """A weighting or an order of importance somewhere: a weighting word, or a share phrase ("of the
        evaluation") with a figure beside it; "as part of the evaluation of proposals" states none; nor
        does a comparison of the factors "when combined" with price."""
        # an order stated for the factors themselves, not only their combined weight against price
        # (plain text can run "listed in descending order of importance: ..." and "..., combined are
        # more important than price" into one sentence)
        for text in (s.text for s in analysis.sentences_matching(_IMPORTANCE)):
            if any(not _COMBINED.search(text[max(0, m.start() - 80) : m.start()]) for m in _IMPORTANCE.finditer(text.lower())):
                return True
        for hit in analysis.hits_by_key.get(self.trigger or "", ()):
            sentence = analysis.sentence_of(hit.start)
            if (
                sentence is not None
                and _WEIGHT_EVIDENCE.search(sentence.text)
                and _EVALUATION_WORDS.search(sentence.text)
                and not _GOODS_WEIGHT.search(sentence.text)
            ):
                return True
        return False

    def _weighted_near(self, analysis: Analysis, sentence: Sentence) -> bool:
        """Points, marks, a ranking or percentages within the criteria's passage (headings aside)."""
        sentences, blocks = analysis.sentences, analysis.document.blocks
        near = sentences[max(0, sentence.index - 3) : sentence.index + 13]
        key = self.weight_terms or ""
        if any(s.hits.get(key) for s in near if s.block is None or blocks[s.block].kind is not BlockKind.HEADING):
            return True
        return any(q.kind == "percent" for s in near for q in find_quantities(s.text))

    def _unweighted(self, analysis: Analysis, mentions: list[Any]) -> Outcome:
        """Criteria mentioned, and no weighting anywhere, nor points, ranking or percentages beside any
        mention ("points" in a bid-bond clause says nothing about the criteria); the caller has found
        no weighting anywhere."""
        sentences = [s for s in (analysis.sentence_of(m.start) for m in mentions) if s is not None]
        if any(self._weighted_near(analysis, s) for s in sentences):
            return Outcome(PASSED)
        sentence = analysis.sentence_of(mentions[0].start)
        if sentence is None or self.guarded(analysis, sentence):
            return Outcome(PASSED)
        return Outcome(FLAGGED, (Candidate(sentence.start_char, sentence.end_char, _NONE_STATED, 0.6),))
