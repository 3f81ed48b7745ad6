"""A rule as loaded from `rules/<family>/<slug>.yaml`, and the pack that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

SEVERITIES = ("error", "warning", "info")
DOC_TYPES = ("ITT", "SPEC", "SQ", "TC", "NOTICE", "GUIDE", "RFI", "JUSTIFICATION")

# A rule whose findings were right less often than this on blind documents (scored before the fixes
# they prompted) reports at info until a later blind round measures it at or above the bar.
MIN_BLIND_PRECISION = 0.7
MIN_BLIND_FIRINGS = 2  # fewer firings than this say too little to demote a rule


@dataclass(frozen=True)
class Source:
    title: str
    pinpoint: str = ""
    tag: str = "J"  # catalogue verification tag: P, O, S, J or B
    url: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    status: str
    severity: str
    category: str
    kind: str
    params: Mapping[str, Any]
    message: str
    why: str
    fix: str
    question: str = ""  # a clarification question a supplier could ask about a finding
    implements: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ("buyer",)
    doc_types: tuple[str, ...] = ()
    jurisdiction: str = "anywhere"
    legal: Mapping[str, Any] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    examples: Mapping[str, Any] = field(default_factory=dict)
    path: str = ""
    # measured precision and recall (rules/measured.yaml): {"blind_before_fixes": {tp, fn, fp,
    # precision, recall}, "all_labels": {...}}
    measured: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def family(self) -> str:
        """RISK, SPEC, PROP... the middle part of the id."""
        return self.id.split("-")[1]

    @property
    def provisional(self) -> str:
        """Why the rule reports at info for now (its blind precision is under the bar), or ""."""
        blind = self.measured.get("blind_before_fixes") or {}
        fired = int(blind.get("tp", 0)) + int(blind.get("fp", 0))
        if fired < MIN_BLIND_FIRINGS or blind.get("precision") is None or blind["precision"] >= MIN_BLIND_PRECISION:
            return ""
        return (
            f"Reported as info for now: on documents it was not tuned for, {blind['tp']} of its {fired} findings "
            f"were right (precision {blind['precision']:.2f}, below {MIN_BLIND_PRECISION})."
        )


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RulePack:
    rules: tuple[Rule, ...]
    profiles: Mapping[str, Profile]
    root: str
    digest: str  # sha256 over every rule file: stored with each job so results are reproducible

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id or r.name == rule_id), None)
