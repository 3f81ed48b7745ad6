"""The stored form of a document's share of a pack check, kept between a worker's two passes.

The service reads a document's facts in one pass and lints it in another, often in another process
and possibly after a deploy; what waits between the passes (`MemberFacts`, then `MemberResult`) is
kept in the database. It is kept as plain JSON with a format version, never as a pickle: reading a
row runs no code, and a row written by another version of tenderlint is recognised by its version
instead of being misread (a field renamed, one added). Anything but the current version's form
raises `StoredFormOutdated`, and the caller computes the value again from the document.

A document is kept as its blocks; its text is their join, as every parser builds it (`model.Document`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Callable, Mapping, TypeVar

from ..clauses import ClauseTag
from ..context import Context, Fact
from ..engine import Report, RuleResult
from ..errors import TenderlintError
from ..model import Block, Document, Finding, Location
from .absence import Part
from .check import MemberResult
from .facts import MemberFacts, PackFact
from .statements import Statement

FORM_VERSION = 1
T = TypeVar("T")
FACTS, RESULT = "member-facts", "member-result"


class StoredFormOutdated(TenderlintError):
    """A stored value this version of tenderlint does not read: compute it again."""

    code = "stored-form-outdated"


def facts_to_json(member: MemberFacts) -> dict[str, Any]:
    return {"form": FACTS, "version": FORM_VERSION, "name": member.name, "context": _context_json(member.context)}


def facts_from_json(data: object) -> MemberFacts:
    body = _checked(data, FACTS)
    return _decoded(FACTS, lambda: MemberFacts(body["name"], _context(body["context"])))


def result_to_json(result: MemberResult) -> dict[str, Any]:
    return {
        "form": RESULT,
        "version": FORM_VERSION,
        "report": _report_json(result.report),
        "parts": [{**asdict(part), "finding": part.finding.to_json() if part.finding else None} for part in result.parts],
        "statements": [asdict(statement) for statement in result.statements],
    }


def result_from_json(data: object) -> MemberResult:
    body = _checked(data, RESULT)
    return _decoded(RESULT, lambda: MemberResult(
        _report(body["report"]),
        tuple(_part(part) for part in body["parts"]),
        tuple(Statement(**statement) for statement in body["statements"]),
    ))


def _checked(data: object, form: str) -> Mapping[str, Any]:
    version = data.get("version") if isinstance(data, Mapping) else None
    if not isinstance(data, Mapping) or data.get("form", form) != form or version != FORM_VERSION:
        raise StoredFormOutdated(
            f"The stored {form} is in format version {version!r}; this tenderlint reads version {FORM_VERSION}, "
            "so the pass that wrote it runs again."
        )
    return data


def _decoded(form: str, build: Callable[[], T]) -> T:
    try:
        return build()
    except (KeyError, TypeError, ValueError) as exc:
        raise StoredFormOutdated(f"The stored {form} cannot be read ({type(exc).__name__}: {exc}); "
                                 "the pass that wrote it runs again.") from exc


def _context_json(context: Context) -> list[dict[str, Any]]:
    """A list, not a mapping by name: the facts keep their order."""
    return [{"name": name, **fact.to_json()} for name, fact in context.facts.items()]


def _context(facts: list[Mapping[str, Any]]) -> Context:
    return Context({
        fact["name"]: (PackFact if "document" in fact else Fact).from_json(fact["name"], fact) for fact in facts
    })


def _document_json(document: Document) -> dict[str, Any]:
    return {
        "name": document.name, "format": document.format, "sha256": document.sha256, "pages": document.pages,
        "metadata": dict(document.metadata), "blocks": [block.to_json() for block in document.blocks],
    }


def _document(data: Mapping[str, Any]) -> Document:
    blocks = tuple(Block.from_json(block) for block in data["blocks"])
    return Document(data["name"], data["format"], data["sha256"], data["pages"], blocks,
                    "\n".join(block.text for block in blocks), dict(data["metadata"]))


def _report_json(report: Report) -> dict[str, Any]:
    return {
        "document": _document_json(report.document),
        "context": _context_json(report.context),
        "findings": [finding.to_json() for finding in report.findings],
        "rule_results": [result.to_json() for result in report.rule_results],
        "metrics": dict(report.metrics),
        "pack_digest": report.pack_digest,
        "profile": report.profile,
        "clauses": [{"type": tag.type, "quote": tag.quote, "start": tag.start, "end": tag.end,
                     "sentence": tag.sentence, "location": tag.location.to_json()} for tag in report.clauses],
    }


def _report(data: Mapping[str, Any]) -> Report:
    return Report(
        document=_document(data["document"]),
        context=_context(data["context"]),
        findings=tuple(Finding.from_json(finding) for finding in data["findings"]),
        rule_results=tuple(RuleResult.from_json(result) for result in data["rule_results"]),
        metrics=dict(data["metrics"]),
        pack_digest=data["pack_digest"],
        profile=data["profile"],
        clauses=tuple(
            ClauseTag(tag["type"], tag["quote"], tag["start"], tag["end"], tag["sentence"], Location.from_json(tag["location"]))
            for tag in data["clauses"]
        ),
    )


def _part(data: Mapping[str, Any]) -> Part:
    finding = Finding.from_json(data["finding"]) if data["finding"] is not None else None
    return Part(data["rule_id"], data["document"], tuple(data["doc_types"]), data["status"], data["reason"], finding)
