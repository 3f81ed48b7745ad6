"""The pack's context: facts found in one document, lent to the documents that do not state them.

A contract schedule rarely states the value, the regime or the deadline; the invitation does. So each
fact a document does not state itself is taken from the document of the pack that does, and keeps
the quote and the document it came from (`PackFact`, source "pack"). A document's own statement
always wins for that document: where two documents disagree, the pack reports the inconsistency
(`consistency`) instead of choosing silently. Facts the user gives (`--value`, a profile's regime)
win over both, as they do for a single document.

A pack fact is not "found" in the borrowing document, so `missing_fact` rules still see the
document as silent; those are judged over the whole pack instead (`absence`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from ..context import FOUND, GIVEN, Context, Fact

PACK = "pack"

# Facts about the tender as a whole, which every document of it shares. Facts about one document
# (its type, IT density, whether it holds contract clauses) are never lent.
SHARED_FACTS = (
    "regime", "procedure", "contract_type", "authority_type", "currency", "vat_basis",
    "value_total", "value_annual", "value_per_lot", "term_years", "extension_years",
    "issue_date", "clarification_deadline", "tender_deadline", "contract_start",
)
# Which document's statement the pack takes when several state a fact: the notice and the
# invitation set the terms of a tender; a specification or a schedule repeats them.
TYPE_RANK = {"NOTICE": 0, "ITT": 1, "SQ": 2, "SPEC": 3, "TC": 4, "GUIDE": 5, "RFI": 6, "JUSTIFICATION": 7}


@dataclass(frozen=True)
class PackFact(Fact):
    """A fact lent by another document of the pack; `document` names it, `quote` is its words."""

    document: str = ""

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "document": self.document}

    @classmethod
    def from_json(cls, name: str, data: Mapping[str, Any]) -> "PackFact":
        return cls(name, data["value"], data["source"], data["quote"], data["start"], data["document"])


@dataclass(frozen=True)
class MemberFacts:
    """What one document says about the tender: its name, its types and the facts found in it."""

    name: str
    context: Context

    @property
    def doc_types(self) -> tuple[str, ...]:
        return tuple(self.context.get("doc_types") or ())

    def stated(self, name: str) -> Fact | None:
        """The fact as the document states it: found in its text, not derived from other facts."""
        fact = self.context.facts.get(name)
        if fact is None or fact.source != FOUND or (fact.quote or "").startswith("derived:") or fact.value is None:
            return None
        return fact


def type_rank(doc_types: Sequence[str]) -> int:
    return min((TYPE_RANK.get(t, len(TYPE_RANK)) for t in doc_types), default=len(TYPE_RANK))


@dataclass(frozen=True)
class PackContext:
    """The pack's value for each shared fact, with the document and quote it came from."""

    facts: Mapping[str, PackFact] = field(default_factory=dict)

    @classmethod
    def build(cls, members: Sequence[MemberFacts]) -> "PackContext":
        ranked = sorted(range(len(members)), key=lambda i: (type_rank(members[i].doc_types), i))
        facts: dict[str, PackFact] = {}
        for name in SHARED_FACTS:
            for i in ranked:
                fact = members[i].stated(name)
                if fact is not None:
                    facts[name] = PackFact(name, fact.value, PACK, fact.quote, fact.start, members[i].name)
                    break
        return cls(facts)

    def for_document(self, own: MemberFacts, given: Mapping[str, Any] | None = None) -> Context:
        """The document's own context, with the pack's facts for what it does not state, then the
        user's facts over both; facts derived from lent ones (annual value, threshold) are re-derived."""
        given = given or {}
        lent = {
            name: fact for name, fact in self.facts.items()
            if fact.document != own.name and name not in own.context.facts and given.get(name) is None
        }
        context = own.context.with_overrides({name: fact.value for name, fact in lent.items()})
        facts = dict(context.facts)
        for name, fact in lent.items():
            if facts.get(name) is not None and facts[name].source == GIVEN:
                facts[name] = fact  # keep where it came from, not "given"
        return replace(context, facts=facts).with_overrides(given)

    def to_json(self) -> dict[str, Any]:
        return {name: fact.to_json() for name, fact in sorted(self.facts.items())}
