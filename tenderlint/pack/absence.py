"""Absence rules judged once over the whole pack, on the document where the content belongs.

"No award criteria" is true of a specification and a contract schedule, and says nothing about the
tender when its invitation sets the criteria out. So in a pack, each document only reports whether
it holds the thing (`Part`): present, absent, or deferred to a document outside the pack ("the
criteria will be set out in each call-off"). The pack then judges once: present anywhere passes;
deferred anywhere is not applicable; absent everywhere is one finding, on the document whose type
the rule names (an ITT for award criteria). A pack with no document of those types is not judged:
it lacks that kind of document, which the pack report says (`PackReport.lacks`).

Which rules: those of the `absence` and `missing_fact` kinds (or composites of them only), and the
"no weighting at all" part of a `weightings` rule (its sums stay with each document). Document-type
gates are lifted when a document reports its part: the pack, not one file, must hold the content.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from ..analysis import Analysis
from ..checks import Check
from ..checks.base import COULD_NOT_CHECK, FLAGGED, NOT_APPLICABLE, PASSED, Candidate
from ..context import Context
from ..engine import Linter, Report, RuleResult
from ..model import Finding
from ..rulepack.model import Rule
from .report import ABSENCE, PackFinding

ABSENCE_KINDS = frozenset({"absence", "missing_fact"})
WEIGHTINGS = "weightings"
PRESENT, ABSENT, DEFERRED, NOT_JUDGED = "present", "absent", "deferred", "not_judged"
PACK_JUDGED = "judged once over the whole pack: see the pack report"
_DEFERRAL = "the document puts this in another document"


def pack_judged(rule: Rule) -> bool:
    """Rules whose document-level findings mean "not in this document", judged over the pack."""
    if rule.kind == "composite":
        return all(branch.get("kind") in ABSENCE_KINDS for branch in rule.params.get("any") or ())
    return rule.kind in ABSENCE_KINDS or (rule.kind == WEIGHTINGS and bool(rule.params.get("missing")))


@dataclass(frozen=True)
class Part:
    """One document's part in the pack's judgement of one absence rule."""

    rule_id: str
    document: str
    doc_types: tuple[str, ...]
    status: str  # PRESENT, ABSENT, DEFERRED or NOT_JUDGED
    reason: str = ""
    finding: Finding | None = None  # as this document would report the absence


def document_parts(linter: Linter, analysis: Analysis, context: Context) -> tuple[Part, ...]:
    """This document's part for every pack-judged rule the linter runs."""
    name, types = analysis.document.name, tuple(context.get("doc_types") or ())
    ungated = replace(context, facts={k: v for k, v in context.facts.items() if k != "doc_types"})
    parts = []
    for rule, check, severity in linter.rules:
        if not pack_judged(rule):
            continue
        if rule.jurisdiction == "uk-statutory" and context.get("regime") == "non-uk":
            parts.append(Part(rule.id, name, types, NOT_JUDGED, "not under UK procurement law"))
            continue
        status, reason, candidate = _part(rule, check, analysis, ungated)
        finding = linter.finding(rule, severity, candidate, analysis.document, context) if candidate else None
        parts.append(Part(rule.id, name, types, status, reason, finding))
    return tuple(parts)


def _part(rule: Rule, check: Check, analysis: Analysis, context: Context) -> tuple[str, str, Candidate | None]:
    outcome = check.run(analysis, context)
    absent = next((c for c in outcome.candidates if c.document_level), None)
    if outcome.status == FLAGGED and absent is not None:
        return ABSENT, "", absent
    if rule.kind == WEIGHTINGS:  # its sums may pass or fire; what counts is whether any weighting is stated
        trigger = getattr(check, "trigger", None)
        return (PRESENT, "", None) if trigger and analysis.hits_by_key.get(trigger) else (NOT_JUDGED, "", None)
    if outcome.status in (PASSED, FLAGGED):
        return PRESENT, "", None
    if outcome.status == NOT_APPLICABLE and outcome.reason.startswith(_DEFERRAL):
        return DEFERRED, outcome.reason, None
    return NOT_JUDGED, outcome.reason if outcome.status in (NOT_APPLICABLE, COULD_NOT_CHECK) else "", None


def judge(rule: Rule, parts: Sequence[Part]) -> tuple[RuleResult, PackFinding | None]:
    """The pack's verdict on one rule from its documents' parts (in pack order)."""
    present = [p.document for p in parts if p.status == PRESENT]
    if present:
        return RuleResult(rule.id, PASSED, 0, f"found in {', '.join(present)}"), None
    deferred = next((p for p in parts if p.status == DEFERRED), None)
    if deferred is not None:
        return RuleResult(rule.id, NOT_APPLICABLE, 0, f"{deferred.document}: {deferred.reason}"), None
    absent = [p for p in parts if p.status == ABSENT and p.finding is not None]
    if not absent:
        return RuleResult(rule.id, NOT_APPLICABLE, 0, "no document of the pack is judged for this"), None
    home = min(absent, key=lambda p: _belongs(rule, p.doc_types))
    if _belongs(rule, home.doc_types) == len(rule.doc_types):
        # Only an ITT can lack award criteria: a pack without one lacks the ITT (PackReport.lacks).
        kinds = " or ".join(rule.doc_types)
        return RuleResult(rule.id, NOT_APPLICABLE, 0, f"absent from every document judged, and none of them is a {kinds} document"), None
    assert home.finding is not None
    others = ", ".join(p.document for p in absent if p is not home)
    reason = f"absent from every document judged ({home.document}{', ' + others if others else ''})"
    return RuleResult(rule.id, FLAGGED, 1, reason), PackFinding(ABSENCE, home.document, home.finding)


def _belongs(rule: Rule, doc_types: Sequence[str]) -> int:
    """How well a document is the home of a rule's content: the first of the rule's types it reads as."""
    return min((i for i, t in enumerate(rule.doc_types) if t in doc_types), default=len(rule.doc_types))


def without_pack_judged(report: Report, rule_ids: set[str]) -> Report:
    """A document's report without the absences the pack judges: its own rule results say so."""
    kept = tuple(f for f in report.findings if not (f.rule_id in rule_ids and _document_level(f)))
    if len(kept) == len(report.findings):
        return report
    removed = {f.rule_id for f in report.findings if f not in kept}
    results = []
    for result in report.rule_results:
        if result.rule_id in removed:
            left = sum(1 for f in kept if f.rule_id == result.rule_id)
            result = replace(result, count=left) if left else RuleResult(result.rule_id, NOT_APPLICABLE, 0, PACK_JUDGED)
        results.append(result)
    return replace(report, findings=kept, rule_results=tuple(results))


def _document_level(finding: Finding) -> bool:
    return not finding.quote and finding.location.start == finding.location.end == 0
