"""Checking a tender pack: three phases, so a worker can run the first two one document at a time.

1. `read_member`: parse result -> analysis and the facts the document states (one spaCy pass);
2. `lint_member`: the document's report with the pack's facts lent to it, its part in the pack's
   absence judgements, and its statements of key facts (`MemberResult`: plain values to store);
3. `judge_pack`: the pack report from every document's result: absences judged once, the same fact
   stated differently in two documents, the document types the pack lacks.

`check_pack` runs the three for the CLI, keeping each analysis between phases 1 and 2.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from ..analysis import Analysis
from ..context import Context, extract_context
from ..engine import Linter, Report
from ..errors import ConverterMissing, DocumentError
from ..model import Document
from ..parse import parse_bytes
from .absence import Part, document_parts, judge, pack_judged, without_pack_judged
from .consistency import inconsistencies
from .facts import MemberFacts, PackContext
from .members import PackError, PackLimits, PackSource, Refused
from .report import PackFinding, PackReport
from .statements import Statement, statements

# The kinds of document a tender pack is expected to hold; a NOTICE is published elsewhere, and a
# GUIDE or an RFI (market research before the tender) is optional, so their absence is not news.
EXPECTED_TYPES = ("ITT", "SPEC", "SQ", "TC")


@dataclass(frozen=True)
class MemberResult:
    """One document's share of a pack check."""

    report: Report
    parts: tuple[Part, ...]
    statements: tuple[Statement, ...]


def read_member(linter: Linter, document: Document) -> tuple[Analysis, MemberFacts]:
    analysis = linter.analyse(document)
    return analysis, MemberFacts(document.name, extract_context(analysis))


def lint_member(linter: Linter, analysis: Analysis, member: MemberFacts, pack: PackContext) -> MemberResult:
    context = pack.for_document(member, linter.given_facts)
    report = linter.judge(analysis, context)
    return MemberResult(report, document_parts(linter, analysis, context), statements(analysis, member))


def judge_pack(
    linter: Linter, name: str, results: Sequence[MemberResult], pack: PackContext, refused: Sequence[Refused] = ()
) -> PackReport:
    judged = {rule.id: rule for rule, _, _ in linter.rules if pack_judged(rule)}
    findings: list[PackFinding] = []
    rule_results = []
    for rule_id, rule in judged.items():
        result, finding = judge(rule, [p for r in results for p in r.parts if p.rule_id == rule_id])
        rule_results.append(result)
        findings += [finding] if finding else []
    documents = {r.report.document.name: r.report.document for r in results}
    contexts: Mapping[str, Context] = {r.report.document.name: r.report.context for r in results}
    findings += inconsistencies(linter, [s for r in results for s in r.statements], documents, contexts)
    doc_types = {r.report.document.name: tuple(r.report.context.get("doc_types") or ()) for r in results}
    present = {t for types in doc_types.values() for t in types}
    return PackReport(
        name=name,
        reports=tuple(without_pack_judged(r.report, set(judged)) for r in results),
        refused=tuple(refused),
        context=pack,
        findings=tuple(_fingerprinted(findings)),
        rule_results=tuple(rule_results),
        lacks=tuple(t for t in EXPECTED_TYPES if t not in present),
        doc_types=doc_types,
    )


def check_pack(linter: Linter, source: PackSource, limits: PackLimits = PackLimits()) -> PackReport:
    """Parse every member, then the three phases. Members that cannot be parsed join the refused."""
    refused = list(source.refused)
    documents: list[Document] = []
    for member in source.members:
        try:
            documents.append(parse_bytes(member.data, member.name, limits.document))
        except (DocumentError, ConverterMissing) as exc:
            refused.append(Refused(member.name, exc.code, exc.message))
    if not documents:
        problems = "; ".join(f"{r.name}: {r.code}" for r in refused)
        raise PackError(f"{source.name} holds no document that can be checked ({problems}).")
    read = [read_member(linter, document) for document in documents]
    pack = PackContext.build([member for _, member in read])
    results = [lint_member(linter, analysis, member, pack) for analysis, member in read]
    return judge_pack(linter, source.name, results, pack, refused)


_WORDS = re.compile(r"[\W\d_]+")


def _fingerprinted(findings: list[PackFinding]) -> list[PackFinding]:
    """Like a document finding's: the rule, the documents and the quote's words, so it survives edits elsewhere."""
    out = []
    for item in findings:
        places = "|".join(sorted({item.document, *(p.document for p in item.others)}))
        basis = f"{item.finding.rule_id}|{item.kind}|{places}|{_WORDS.sub(' ', item.finding.quote.lower()).strip()}"
        digest = hashlib.sha256(basis.encode()).hexdigest()[:20]
        out.append(replace(item, finding=replace(item.finding, fingerprint=digest)))
    return out
