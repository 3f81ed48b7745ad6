"""`composite`: branches of other kinds combined, with fact, document-type and document-wide gates."""

from __future__ import annotations

from tenderlint.checks.conditions import holds

from .checkkit import findings, linter, status

BRANCHES = [
    {"kind": "phrase", "terms": ["paper invoice"], "label": "paper ({match})"},
    {"kind": "threshold", "trigger": ["bond"], "quantity": "percent", "compare": {"op": ">", "value": 10},
     "label": "bond of {found}", "when": {"contract_type": ["services"]}},
]


def test_any_branch_fires_and_labels_fill_the_detail() -> None:
    lint = linter("composite", {"any": BRANCHES}, {"contract_type": "services"})
    found = findings(lint, "Send a paper invoice.", "A bond of 20% is required.")
    assert [f.message for f in found] == ["paper (paper invoice)", "bond of 20%"]


def test_branch_and_rule_fact_gates() -> None:
    works = linter("composite", {"any": BRANCHES}, {"contract_type": "works"})
    assert not findings(works, "A bond of 20% is required.")
    gated = linter("composite", {"any": BRANCHES, "when": {"is_it": True}}, {"is_it": False})
    assert status(gated, "Send a paper invoice.") == "not_applicable"
    unknown = linter("composite", {"any": BRANCHES, "when_not": {"contract_type": ["works"]}})
    assert findings(unknown, "Send a paper invoice.")  # an unknown fact does not trigger when_not


def test_document_gates() -> None:
    params = {"any": BRANCHES[:1], "passes_if_document_has": ["e-invoicing portal"]}
    lint = linter("composite", params)
    assert findings(lint, "Send a paper invoice.")
    assert not findings(lint, "Send a paper invoice.", "Or use the e-invoicing portal.")
    guide = linter("composite", {"any": BRANCHES[:1], "skip_doc_types": ["GUIDE"]}, {"doc_types": ["ITT", "GUIDE"]})
    assert status(guide, "Send a paper invoice.") == "not_applicable"


def test_require_and_once() -> None:
    params = {"any": [{"kind": "phrase", "terms": ["bond"], "require": ["percent"]}]}
    lint = linter("composite", params)
    assert len(findings(lint, "A bond of ten percent.", "The bond form is attached.")) == 1
    once = linter("composite", {"once": True, "any": [{"kind": "phrase", "terms": ["bond"]}]})
    assert len(findings(once, "A bond here.", "A bond there.")) == 1


def test_merged_document_level_details() -> None:
    params = {"once": True, "any": [
        {"kind": "metric", "metric": "words", "op": ">", "value": 1, "label": "words {measured}"},
        {"kind": "metric", "metric": "sentences", "op": ">", "value": 0, "label": "sentences {measured}"},
    ]}
    [finding] = findings(linter("composite", params), "One two three.")
    assert finding.message == "words 3; sentences 1"


def test_holds() -> None:
    assert holds("true", True) and holds(False, "false")
    assert holds(["ITT", "SPEC"], ["spec"]) and not holds(["ITT"], ["SPEC"])
    assert holds(50_000, {"<": 100_000}) and not holds("n/a", {"<": 1})


def test_a_negated_document_gate_does_not_pass_the_rule() -> None:
    lint = linter("composite", {"any": BRANCHES[:1], "passes_if_document_has": ["e-invoicing portal"]})
    assert findings(lint, "Send a paper invoice.", "There is no e-invoicing portal.")


def test_not_condition() -> None:
    assert holds("services", {"not": ["works"]}) and not holds("works", {"not": ["works", "concession"]})
    assert holds(False, {"not": [True]}) and not holds(False, {"not": [False]})
    lint = linter("composite", {"any": BRANCHES[:1], "when": {"contract_type": {"not": ["works"]}}})
    assert findings(lint, "Send a paper invoice.")  # unknown passes


def test_a_branch_that_needs_the_document_to_hold_a_term() -> None:
    params = {"any": [{"kind": "phrase", "terms": ["becomes the property"], "needs_document_has": {"terms": ["work plan"]}}]}
    lint = linter("composite", params)
    assert findings(lint, "Each bid must include a work plan.", "Every bid becomes the property of the Trust.")
    assert not findings(lint, "Each bid must include two references.", "Every bid becomes the property of the Trust.")
    assert not findings(lint, "No work plan is needed.", "Every bid becomes the property of the Trust.")
