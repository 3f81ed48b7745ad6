"""What the check assumed: the few facts a reader needs to trust a report, in words, with where
each came from, and the facts a person could enter to let the rules that could not run, run.

A report that says "no insurance problem" is only as good as the contract value it compared
against; putting that value (and the regime, procedure, term...) first, with its quote, lets a
reviewer see a wrong assumption before reading forty findings built on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ..checks.base import COULD_NOT_CHECK, NOT_APPLICABLE
from ..context import Context
from ..context.facts import GIVEN
from ..model import Document

DOC_TYPES = {
    "ITT": "invitation to tender",
    "SPEC": "specification",
    "SQ": "selection questionnaire",
    "TC": "terms and conditions",
    "NOTICE": "notice",
    "GUIDE": "guidance for buyers",
    "RFI": "request for information (market research)",
    "JUSTIFICATION": "justification for an award without full competition",
}
REGIMES = {
    "pa-2023": "Procurement Act 2023",
    "pcr-2015": "Public Contracts Regulations 2015",
    "non-uk": "not under UK procurement law",
}
PROCEDURES = {
    "open": "open procedure",
    "restricted": "restricted procedure",
    "competitive-dialogue": "competitive dialogue",
    "competitive-flexible": "competitive flexible procedure",
    "competitive-procedure-with-negotiation": "competitive procedure with negotiation",
    "below-threshold-rfq": "request for quotation below the threshold",
    "call-off": "call-off from a framework",
    "direct-award": "direct award",
    "dps": "dynamic purchasing system",
}


@dataclass(frozen=True)
class KeyFact:
    """A fact a reader is shown and may correct: its label, what to ask for, the facts it stands for."""

    name: str
    label: str
    ask: str  # completes "Enter ... to check ..."
    reads: tuple[str, ...]  # fact names in rule reasons that this entry answers


KEY_FACTS = (
    KeyFact("doc_types", "Document type", "the document type", ("doc_types",)),
    KeyFact("regime", "Procurement law", "the procurement law", ("regime",)),
    KeyFact("procedure", "Procedure", "the procedure", ("procedure",)),
    KeyFact("value_total", "Contract value", "the contract value", ("value_total", "value_annual", "above_threshold")),
    KeyFact("term_years", "Contract term", "the contract term", ("term_years",)),
    KeyFact("is_it", "IT contract", "whether it is an IT contract", ("is_it",)),
)
NAMES = tuple(key.name for key in KEY_FACTS)
ENTER = {key.name: f"Enter {key.ask}" for key in KEY_FACTS}  # a to_enter item's action, for a link


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def shown(name: str, value: Any, context: Context | None = None) -> str:
    """A fact's value in words ("£180,000", "3 years", "Procurement Act 2023")."""
    if value is None:
        return "Not found"
    if name == "doc_types":
        types = value if isinstance(value, (list, tuple)) else [value]
        return _first_up(", ".join(DOC_TYPES.get(str(t), str(t)) for t in types)) or "Not found"
    if name == "regime":
        return _first_up(REGIMES.get(str(value), str(value)))
    if name == "procedure":
        return _first_up(PROCEDURES.get(str(value), str(value)))
    if name == "value_total":
        currency = context.get("currency") if context else None
        amount = f"{float(value):,.0f}"
        return f"£{amount}" if currency in (None, "GBP") else f"{amount} {currency}"
    if name == "term_years":
        years = float(value)
        extension = context.get("extension_years") if context else None
        text = f"{years:g} year{'s' if years != 1 else ''}"
        return f"{text}, and up to {float(extension):g} more by extension" if extension else text
    if name == "is_it":
        return "Yes" if value else "No"
    return str(value)


def fact_item(key: KeyFact, value: Any = None, source: str = "not_found", quote: str | None = None,
              location: dict[str, Any] | None = None, context: Context | None = None) -> dict[str, Any]:
    """One entry of a report's assumed facts (by default: not found)."""
    return {"fact": key.name, "label": key.label, "value": value, "shown": shown(key.name, value, context),
            "source": source, "quote": quote, "location": location}


def assumed(context: Context, document: Document) -> list[dict[str, Any]]:
    """Each key fact: its value in words, and whether it was found (with quote and place), given,
    or not found."""
    out = []
    for key in KEY_FACTS:
        fact = context.facts.get(key.name)
        if fact is None:
            out.append(fact_item(key))
            continue
        location = None
        if fact.source != GIVEN and fact.start is not None and document.text:
            location = document.location(fact.start, fact.start).to_json()
        out.append(fact_item(key, fact.value, fact.source, fact.quote, location, context))
    return out


_FACT_WORD = re.compile(r"[a-z_]+")


def to_enter(context: Context, results: Any) -> list[dict[str, Any]]:
    """The key facts that are unknown and that some rule needed: for each, the rules it would let
    run ("enter the contract value to check ..."). A rule names the facts it lacks in its reason."""
    wanted: dict[str, list[str]] = {}
    for result in results:
        if result.status != COULD_NOT_CHECK and not (result.status == NOT_APPLICABLE and "unknown" in result.reason):
            continue
        words = set(_FACT_WORD.findall(result.reason))
        for key in KEY_FACTS:
            if words & set(key.reads) and context.get(key.name) is None:
                wanted.setdefault(key.name, []).append(result.rule_id)
    return [
        {"fact": key.name, "label": key.label, "prompt": f"{ENTER[key.name]} to check {len(wanted[key.name])} more "
         f"rule{'s' if len(wanted[key.name]) != 1 else ''}", "rules": sorted(set(wanted[key.name]))}
        for key in KEY_FACTS if key.name in wanted
    ]


def assumptions_json(context: Context, document: Document, results: Any) -> dict[str, Any]:
    return {"facts": assumed(context, document), "to_enter": to_enter(context, results)}


def labels(names: Mapping[str, str], rule_ids: list[str]) -> str:
    """Rule names in words for a sentence: "a, b and c"."""
    words = [names.get(rule_id, rule_id).replace("-", " ") for rule_id in rule_ids]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
