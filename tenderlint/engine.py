"""lint(document) -> Report: the one call the CLI, the web app and the worker make.

The pack's terms are compiled once into a `Linter` (one PhraseMatcher, one Matcher); each
document then costs one spaCy pass plus the checks, which read hits by sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

from .checks import KINDS, Check
from .checks.base import FLAGGED, NOT_APPLICABLE, PASSED, Candidate, register_guards
from .clauses import register_clause_terms, tag_clauses
from .context import Context, extract_context
from .analysis import Analysis
from .matching import TermIndex, normalise_quotes
from .metrics import document_metrics
from .model import Document, Finding, Location, Place
from .nlp import get_pipeline
from .rulepack.loader import default_pack
from .rulepack.model import Rule, RulePack

SEVERITY_ORDER = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
class LintConfig:
    """Per-run choices: a profile, rules switched on or off, severities, facts the user knows."""

    profile: str | None = None
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    include_preview: bool = False


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    status: str
    count: int = 0
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "status": self.status, "count": self.count, "reason": self.reason}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "RuleResult":
        return cls(data["rule_id"], data["status"], data["count"], data["reason"])


@dataclass(frozen=True)
class Report:
    document: Document
    context: Context
    findings: tuple[Finding, ...]
    rule_results: tuple[RuleResult, ...]
    metrics: Mapping[str, Any]
    pack_digest: str
    profile: str | None
    clauses: tuple[Any, ...] = ()  # ClauseTag per (sentence, clause type): liability cap, indemnity, ...

    @property
    def scores(self) -> dict[str, Any]:
        by_severity = Counter(f.severity for f in self.findings)
        by_category = Counter(f.category for f in self.findings)
        checked = [r for r in self.rule_results if r.status in (FLAGGED, PASSED)]
        passed = sum(1 for r in checked if r.status == PASSED)
        return {
            "errors": by_severity.get("error", 0),
            "warnings": by_severity.get("warning", 0),
            "infos": by_severity.get("info", 0),
            "by_category": dict(sorted(by_category.items())),
            "rules_checked": len(checked),
            "rules_passed": passed,
            "pass_rate": round(passed / len(checked), 3) if checked else None,
        }


class Linter:
    """A rule pack compiled against the NLP pipeline; reuse it for every document."""

    def __init__(self, pack: RulePack | None = None, config: LintConfig = LintConfig()) -> None:
        self.pack = pack or default_pack()
        self.config = config
        self.nlp = get_pipeline()
        self.index = TermIndex(self.nlp)
        register_guards(self.index)
        register_clause_terms(self.index)
        profile = self.pack.profiles.get(config.profile) if config.profile else None
        if config.profile and profile is None:
            raise KeyError(f"unknown profile {config.profile!r}; known: {', '.join(sorted(self.pack.profiles))}")
        self.profile = profile
        self.rules: list[tuple[Rule, Check, str]] = []
        for rule in self.pack.rules:
            if not self._enabled(rule):
                continue
            params = {**rule.params, **(profile.params.get(rule.id, {}) if profile else {}), **config.params.get(rule.id, {})}
            severity = config.severity.get(rule.id) or (profile.severity.get(rule.id) if profile else None) or rule.severity
            self.rules.append((rule, KINDS[rule.kind](rule, params, self.index), severity))

    def _enabled(self, rule: Rule) -> bool:
        if rule.id in self.config.disable or rule.name in self.config.disable:
            return False
        if rule.id in self.config.enable or rule.name in self.config.enable:
            return True
        if self.profile and rule.id in self.profile.disable:
            return False
        if self.profile and rule.id in self.profile.enable:
            return True
        return rule.status == "stable" or self.config.include_preview

    def analyse(self, document: Document) -> Analysis:
        text = normalise_quotes(document.text)  # same length: offsets stay valid
        doc = self.nlp(text)
        return Analysis(document, doc, self.index.run(doc, text))

    def lint(
        self,
        document: Document,
        progress: Callable[[int, int], None] | None = None,
        facts: Mapping[str, Any] | None = None,
    ) -> Report:
        """`progress(done, total)` reports rules completed (for the worker's job page); `facts` are this
        document's known facts, over the config's, so one Linter can serve every upload."""
        analysis = self.analyse(document)
        facts = {**self.given_facts, **(facts or {})}
        return self.judge(analysis, extract_context(analysis).with_overrides(facts), progress)

    @property
    def given_facts(self) -> dict[str, Any]:
        """The facts the profile and the config set (the config's win), over any a document states."""
        return {**(self.profile.facts if self.profile else {}), **self.config.facts}

    def judge(self, analysis: Analysis, context: Context, progress: Callable[[int, int], None] | None = None) -> Report:
        """Run the rules on an analysed document with a context the caller settled (a tender pack
        adds facts from the pack's other documents); `lint` is analyse + extract_context + judge."""
        findings: list[Finding] = []
        results: list[RuleResult] = []
        for done, (rule, check, severity) in enumerate(self.rules):
            if progress is not None:
                progress(done, len(self.rules))
            reason = self._not_applicable(rule, check, context)
            if reason:
                results.append(RuleResult(rule.id, NOT_APPLICABLE, 0, reason))
                continue
            outcome = check.run(analysis, context)
            candidates = list(outcome.candidates) if outcome.status == FLAGGED else []
            results.append(RuleResult(rule.id, outcome.status, len(candidates), outcome.reason))
            if not candidates:
                continue
            final_severity, note = self._severity(rule, severity, context)
            made = [self._finding(rule, final_severity, note, c, analysis.document) for c in candidates]
            findings.extend(_with_fingerprints(one_per_cause(made)))
        if progress is not None:
            progress(len(self.rules), len(self.rules))
        findings.sort(key=lambda f: (-SEVERITY_ORDER[f.severity], f.location.start, f.rule_id))
        return Report(
            document=analysis.document,
            context=context,
            findings=tuple(findings),
            rule_results=tuple(results),
            metrics=document_metrics(analysis),
            pack_digest=self.pack.digest,
            profile=self.config.profile,
            clauses=tag_clauses(analysis),
        )

    def _not_applicable(self, rule: Rule, check: Check, context: Context) -> str:
        regime = context.get("regime")
        if rule.jurisdiction == "uk-statutory" and regime == "non-uk":
            return "UK statutory rule; this document is not under UK procurement law"
        types = set(context.get("doc_types") or ())
        if check.gated_by_doc_type and types:
            if "GUIDE" in types:
                return "buyer guidance is not judged for what a tender should contain"
            if rule.doc_types and not types & set(rule.doc_types):
                return f"judged only in {', '.join(rule.doc_types)} documents; this reads as {', '.join(sorted(types))}"
        return ""

    def _severity(self, rule: Rule, severity: str, context: Context) -> tuple[str, str]:
        """Legal errors stay errors only when the facts that make them law are known (catalogue 0.3)."""
        conditions = rule.legal.get("error_when") if rule.legal else None
        if severity != "error" or not conditions:
            return severity, ""
        unmet = []
        for fact, allowed in conditions.items():
            value = context.get(fact)
            if value is None or (isinstance(allowed, list) and value not in allowed) or (allowed is True and not value):
                unmet.append(f"{fact} is {'unknown' if value is None else value}")
        if unmet:
            return "warning", f"Would be an error {rule.legal.get('note', 'under the stated conditions')}; here {', '.join(unmet)}."
        return severity, ""

    def finding(self, rule: Rule, severity: str, candidate: Candidate, document: Document, context: Context) -> Finding:
        """A finding made as `judge` makes it, for a rule judged outside it (a tender pack's absence rules)."""
        return self._finding(rule, *self._severity(rule, severity, context), candidate, document)

    def _finding(self, rule: Rule, severity: str, note: str, candidate: Candidate, document: Document) -> Finding:
        if candidate.document_level:
            location = Location(None, (), None, None, 0, 0)
            quote = ""
        else:
            location = document.location(candidate.start, candidate.end)
            quote = document.text[candidate.start : candidate.end]
        values = _SafeDict(candidate.values)
        own = candidate.values.get("severity")
        if own in SEVERITY_ORDER and (severity != "error" or SEVERITY_ORDER[own] < SEVERITY_ORDER[severity]):
            severity = own  # a branch's or band's own level ("partial": info; "value unknown": info)
        if rule.provisional and severity != "info":
            severity = "info"  # too often wrong on unseen documents to be a warning yet
            note = f"{note} {rule.provisional}".strip()
        if candidate.values.get("note"):
            note = f"{candidate.values['note']}. {note}".strip() if note else str(candidate.values["note"])
        return Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            severity=severity,
            category=rule.category,
            audiences=rule.audiences,
            message=rule.message.format_map(values),
            quote=quote,
            location=location,
            why=rule.why,
            fix=rule.fix.format_map(values),
            question=rule.question.format_map(values),
            sources=tuple({"title": s.title, "pinpoint": s.pinpoint, "tag": s.tag, "url": s.url} for s in rule.sources),
            confidence=candidate.confidence,
            fingerprint="",
            note=note,
        )


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def one_per_cause(findings: list[Finding]) -> list[Finding]:
    """One finding per cause: a rule's findings with the same message (the same demand in each lot,
    every unfilled placeholder) become the first of them, listing the others as further places.

    The message is the cause because checks put what differs between causes into it (the amount,
    the period, the branch); findings whose messages differ stay apart."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.message, finding.severity, finding.note), []).append(finding)
    out = []
    for members in groups.values():
        members.sort(key=lambda f: f.location.start)
        first, rest = members[0], members[1:]
        places = tuple(Place(f.quote, f.location) for f in rest if not (f.location.start == first.location.start and f.quote == first.quote))
        out.append(replace(first, also=places, count=1 + len(places)) if places else first)
    return out


_NORMALISE = re.compile(r"[\W\d_]+")


def _with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Fingerprints survive edits elsewhere: rule id + the quote's words (+ repeat count)."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        basis = f"{finding.rule_id}|{_NORMALISE.sub(' ', finding.quote.lower()).strip()}"
        seen[basis] += 1
        digest = hashlib.sha256(f"{basis}|{seen[basis]}".encode()).hexdigest()[:20]
        out.append(Finding(**{**finding.__dict__, "fingerprint": digest}))
    return out


def lint(document: Document, pack: RulePack | None = None, config: LintConfig = LintConfig()) -> Report:
    """Convenience: compile the pack and lint one document. Reuse a Linter for many documents."""
    return Linter(pack, config).lint(document)
