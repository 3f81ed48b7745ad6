"""The same key fact stated differently in two documents of a pack: one finding quoting both places.

PP-PROC-009 (inconsistent-key-facts) finds a deadline given as two dates within one document; a pack
adds the case a single document cannot show: the invitation says tenders close on 30 January, the
specification says 28 January. The finding is the rule's own (message, why, fix, severity), placed
on the document that ranks lower as a statement of the tender's terms (a specification against an
invitation), quoting it, with the other document's statement as its other place.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from ..checks.base import Candidate
from ..context import Context
from ..engine import Linter
from ..model import Document
from .facts import type_rank
from .report import CONSISTENCY, PackFinding, PackPlace
from .statements import Statement

RULE_ID = "PP-PROC-009"


def inconsistencies(
    linter: Linter,
    statements: Sequence[Statement],
    documents: Mapping[str, Document],
    contexts: Mapping[str, Context],
) -> tuple[PackFinding, ...]:
    """One finding per key fact that two or more documents state with different values.

    `statements` are every document's, in pack order; nothing is reported when the linter does not
    run PP-PROC-009 (disabled by the user or a profile)."""
    found = next(((rule, severity) for rule, _, severity in linter.rules if rule.id == RULE_ID), None)
    if found is None:
        return ()
    rule, severity = found
    by_key: dict[str, list[Statement]] = {}
    for statement in statements:
        by_key.setdefault(statement.key, []).append(statement)
    findings = []
    for group in by_key.values():
        if len({s.value for s in group}) < 2:
            continue
        ranks = {s.document: type_rank(contexts[s.document].get("doc_types") or ()) for s in group}
        reference = min(group, key=lambda s: ranks[s.document])  # stable: the first of the best-ranked
        differing = [s for s in group if s.value != reference.value]
        here = max(differing, key=lambda s: ranks[s.document])
        detail = f"{here.label} is {here.shown} here but {reference.shown} in {reference.document}"
        document = documents[here.document]
        finding = linter.finding(rule, severity, Candidate(here.start, here.end, {"detail": detail}, 0.7),
                                 document, contexts[here.document])
        others = [reference] + [s for s in differing if s is not here]
        places = tuple(
            PackPlace(s.document, s.quote, documents[s.document].location(s.start, s.end)) for s in others
        )
        findings.append(PackFinding(CONSISTENCY, here.document, finding, places))
    return tuple(findings)
