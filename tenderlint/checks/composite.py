"""`composite`: one rule, several triggers. Fires when any branch (itself a check of another kind) fires.

Catalogue rules often list alternatives ("a bond above 10%, or any bond on a small services
contract"; "no cap, or a cap above 15%"). Each alternative is a branch written exactly like a rule
of its own kind; the composite only combines them and adds gates that depend on the document.

params:
  any: [{kind: ..., <that kind's params>, when, when_not, require, label}, ...]
  when: {fact: condition}       the whole rule applies only when every condition holds
  when_not: {fact: condition}   ... and none of these does
  skip_doc_types: [GUIDE]       not applicable when the detected document types include one of these
  doc_types_gate: true          not applicable when the detected document types share none with the rule's
                                (a rule for specifications also judges an invitation that holds one: `holds_spec`)
  passes_if_document_has: terms the rule passes when any of these appears anywhere (headings included)
  once: true                    report only the first place; document-level findings are merged into
                                one whose {detail} lists every branch's label
  unless, guards, min_words, include_headings   handed down to every branch that does not set its own
Branch keys:
  when / when_not               the same fact conditions, for that branch only
  require: terms                keep the branch's findings only in sentences that also contain one of these
  label: "text {value}"         filled from the branch's values and offered to the message as {detail}
  severity: info                the branch's findings take this level (a lesser variant of the rule)
  passes_if_document_has: terms the branch is silent when any of these appears anywhere
  needs_document_has: terms     the branch runs only when one of these appears somewhere (not negated)

A condition is a value or list of values (a list fact such as doc_types matches on any overlap),
true/false, a comparison {"<": 100000}, or {not: [values]} (an unknown fact passes). An unknown fact never satisfies `when` and never
triggers `when_not`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any, Mapping

from ..context import Context
from ..analysis import Analysis, Sentence
from ..matching import TermIndex
from ..rulepack.model import DOC_TYPES, SEVERITIES, Rule
from .base import COULD_NOT_CHECK, FLAGGED, NOT_APPLICABLE, PASSED, Candidate, Check, Outcome, compile_terms
from .branches import BRANCH_KINDS
from .conditions import facts_allow
from .params import (
    BOOLEAN, CONDITIONS, ELSEWHERE, GUARDS, INCLUDE_HEADINGS, MIN_WORDS, SKIP_ROLES, STRING, TERMS, UNLESS, Param,
)

INHERITED = ("unless", "guards", "min_words", "include_headings", "skip_roles", "elsewhere")
# The keys a branch takes besides `kind` and its kind's own parameters.
BRANCH_PARAMS: Mapping[str, Param] = {
    "when": Param(CONDITIONS, "the branch runs only when these facts hold"),
    "when_not": Param(CONDITIONS, "... and none of these does"),
    "require": Param(TERMS, "keep the branch's findings only in sentences that also contain one of these"),
    "label": Param(STRING, "filled from the branch's values and offered to the message as {detail}"),
    "severity": Param({"enum": list(SEVERITIES)}, "the branch's findings take this level (a lesser variant of the rule)"),
    "passes_if_document_has": Param(TERMS, "the branch is silent when any of these appears anywhere"),
    "needs_document_has": Param(TERMS, "the branch runs only when one of these appears somewhere in the document"),
}
BRANCH_ONLY = ("kind", *BRANCH_PARAMS)


@dataclass
class _Branch:
    check: Check
    when: Mapping[str, Any]
    when_not: Mapping[str, Any]
    require: str | None
    label: str | None
    passes_if: str | None = None
    severity: str | None = None
    needs: str | None = None


class CompositeCheck(Check):
    kind = "composite"
    fires = (
        "when any branch fires; each branch is a check of another kind, with its own `when`/`when_not`, `require`, "
        "`label` (offered to the message as `{detail}`), `severity` (a lesser variant, e.g. `info`) and `passes_if_document_has`"
    )
    parameters = {
        "any": Param(
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/branch"}},
            "the branches: `kind`, that kind's parameters, and `when`, `when_not`, `require`, `label`, `severity`, `passes_if_document_has`",
            required=True,
        ),
        "when": Param(CONDITIONS, "the whole rule applies only when these facts hold"),
        "when_not": Param(CONDITIONS, "... and none of these does"),
        "skip_doc_types": Param({"type": "array", "items": {"enum": list(DOC_TYPES)}}, "not applicable when the detected document types include one of these"),
        "doc_types_gate": Param(BOOLEAN, "not applicable when the detected document types share none with the rule's"),
        "passes_if_document_has": Param(TERMS, "the rule passes when any of these appears anywhere (a negated mention does not count)"),
        "once": Param(BOOLEAN, "report only the first place; document-level findings merge into one whose {detail} lists every label"),
        "unless": Param(UNLESS.shape, "handed down to every branch that does not set its own"),
        "guards": Param(GUARDS.shape, "handed down to every branch that does not set its own"),
        "skip_roles": Param(SKIP_ROLES.shape, "handed down to every branch that does not set its own"),
        "include_headings": Param(INCLUDE_HEADINGS.shape, "handed down to every branch that does not set its own"),
        "elsewhere": Param(ELSEWHERE.shape, "handed down to every branch that does not set its own"),
        "min_words": Param(MIN_WORDS.shape, "handed down to every branch"),
    }

    @classmethod
    def filled(cls, params: Mapping[str, Any]) -> frozenset[str]:
        """What every branch fills: whichever branch fires, the message must read whole."""
        branches = [
            BRANCH_KINDS[spec["kind"]].filled(spec) | ({"detail"} if spec.get("label") else set())
            for spec in params.get("any") or ()
            if spec.get("kind") in BRANCH_KINDS
        ]
        return frozenset.intersection(*branches) if branches else frozenset()

    def __init__(self, rule: Rule, params: Mapping[str, Any], index: TermIndex) -> None:
        super().__init__(rule, params, index)
        self.branches: list[_Branch] = []
        for number, spec in enumerate(params["any"]):
            kind = spec["kind"]
            if kind not in BRANCH_KINDS:
                raise KeyError(f"{rule.id}: branch {number} has unknown or nested kind {kind!r}")
            own = {k: v for k, v in spec.items() if k not in BRANCH_ONLY}
            for key in INHERITED:
                if key in params and (key not in own or key == "min_words"):
                    own[key] = params[key]  # a lifted min_words (fixtures, profiles) reaches every branch
            branch_rule = replace(rule, id=f"{rule.id}/{number}")
            self.branches.append(
                _Branch(
                    BRANCH_KINDS[kind](branch_rule, own, index),
                    spec.get("when") or {},
                    spec.get("when_not") or {},
                    compile_terms(index, f"{rule.id}/{number}/require", spec.get("require")),
                    spec.get("label"),
                    compile_terms(index, f"{rule.id}/{number}/passes-if", spec.get("passes_if_document_has")),
                    spec.get("severity"),
                    compile_terms(index, f"{rule.id}/{number}/needs", spec.get("needs_document_has")),
                )
            )
        self.when = params.get("when") or {}
        self.when_not = params.get("when_not") or {}
        self.skip_doc_types = {str(t).upper() for t in params.get("skip_doc_types", ())}
        self.doc_types_gate = bool(params.get("doc_types_gate", False))
        self.passes_if = compile_terms(index, f"{rule.id}/passes-if", params.get("passes_if_document_has"))
        self.once = bool(params.get("once", False))

    def _doc_type_reason(self, context: Context) -> str:
        detected = context.get("doc_types")
        if not detected:
            return ""
        detected = {str(t).upper() for t in (detected if isinstance(detected, (list, tuple, set)) else [detected])}
        skipped = detected & self.skip_doc_types
        if skipped:
            return f"not judged in {', '.join(sorted(skipped))} documents"
        if self.doc_types_gate and self.rule.doc_types and not detected & set(self.rule.doc_types):
            if "SPEC" in self.rule.doc_types and context.get("holds_spec"):
                return ""  # an invitation holding its specification (catalogue §0.5 item 14)
            return f"looks for {', '.join(self.rule.doc_types)} documents; this one reads as {', '.join(sorted(detected))}"
        return ""

    def run(self, analysis: Analysis, context: Context) -> Outcome:
        reason = facts_allow(context, self.when, self.when_not) or self._doc_type_reason(context)
        if reason:
            return Outcome(NOT_APPLICABLE, reason=reason)
        if _present(analysis, self.passes_if):
            return Outcome(PASSED)
        flagged: list[Candidate] = []
        unchecked: list[Candidate] = []
        reasons: list[str] = []
        skipped: list[str] = []  # why each branch did not apply, for a rule none of whose branches did
        ran = False
        for branch in self.branches:
            gate = facts_allow(context, branch.when, branch.when_not)
            if gate:
                skipped.append(gate)
                continue
            if _present(analysis, branch.passes_if) or (branch.needs and not _present(analysis, branch.needs)):
                ran = True
                continue
            outcome = branch.check.run(analysis, context)
            if outcome.status == NOT_APPLICABLE:
                skipped.append(outcome.reason)
                continue
            ran = True
            kept = [self._labelled(branch, c) for c in outcome.candidates if self._required(analysis, branch, c)]
            if outcome.status == FLAGGED:
                flagged += kept
            elif outcome.status == COULD_NOT_CHECK:
                unchecked += kept
                reasons.append(outcome.reason)
        if flagged:
            return Outcome(FLAGGED, self._dedupe(flagged))
        if unchecked:
            return Outcome(COULD_NOT_CHECK, self._dedupe(unchecked), "; ".join(r for r in reasons if r))
        if ran:
            return Outcome(PASSED)
        why = "; ".join(dict.fromkeys(r for r in skipped if r))
        return Outcome(NOT_APPLICABLE, reason=f"none of its checks applies here ({why})" if why else "none of its checks applies here")

    def _required(self, analysis: Analysis, branch: _Branch, candidate: Candidate) -> bool:
        if branch.require is None or candidate.document_level:
            return True
        sentence = _sentence_at(analysis, candidate.start)
        return bool(sentence and sentence.hits.get(branch.require))

    def _labelled(self, branch: _Branch, candidate: Candidate) -> Candidate:
        if not branch.label and not branch.severity:
            return candidate
        values = dict(candidate.values)
        if branch.label:
            values["detail"] = branch.label.format_map(_Blank(values))
        if branch.severity:
            values["severity"] = branch.severity
        return replace(candidate, values=values)

    def _dedupe(self, candidates: list[Candidate]) -> tuple[Candidate, ...]:
        seen: set[tuple[int, int, bool, str]] = set()
        out = []
        for candidate in sorted(candidates, key=lambda c: (c.start, c.end)):
            # Document-level findings all sit at 0..0; they differ by what they say.
            detail = str(candidate.values.get("detail", "")) if candidate.document_level else ""
            key = (candidate.start, candidate.end, candidate.document_level, detail)
            if key not in seen:
                seen.add(key)
                out.append(candidate)
        if self.once and out and all(c.document_level for c in out):
            # One observation about the whole document: say everything that was found, once.
            details = [str(c.values["detail"]) for c in out if c.values.get("detail")]
            merged = {**out[0].values, "detail": "; ".join(details)} if details else dict(out[0].values)
            return (replace(out[0], values=merged),)
        return tuple(out[:1] if self.once else out)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _present(analysis: Analysis, key: str | None) -> bool:
    """The document holds one of the terms, not negated ("no break clause" is not a break clause)."""
    return bool(key) and any(not analysis.negated(hit) for hit in analysis.hits_by_key.get(key or "", ()))


def _sentence_at(analysis: Analysis, char: int) -> Sentence | None:
    starts = [s.start_char for s in analysis.sentences]
    position = bisect.bisect_right(starts, char) - 1
    if position < 0:
        return None
    sentence = analysis.sentences[position]
    return sentence if char < max(sentence.end_char, sentence.start_char + 1) else None
