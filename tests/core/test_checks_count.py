"""`count`: how much of something a document holds (sentences, or summed figures), for the contracts the facts select."""

from __future__ import annotations

from .checkkit import findings, linter, status


def test_count_sum_of_word_limits() -> None:
    params = {"terms": ["maximum"], "measure": "sum", "units": ["words"], "op": ">", "value": 1000, "when": {"value_total": {"<": 500000}}}
    text = ("Question 1: maximum 600 words.", "Question 2: maximum 600 words.")
    assert findings(linter("count", params, {"value_total": 100000}), *text)
    assert not findings(linter("count", params, {"value_total": 100000}), "Question 1: maximum 600 words.")
    assert status(linter("count", params), *text) == "not_applicable"


def test_count_too_few_with_require_any() -> None:
    params = {"terms": ["KPI"], "op": "<", "value": 2, "require_any": ["performance"]}
    assert findings(linter("count", params), "Performance will be reviewed monthly.")
    assert not findings(linter("count", params), "Performance is measured by KPI 1.", "KPI 2 covers complaints.")
    assert status(linter("count", params), "The supplier cleans offices.") == "not_applicable"


def test_nothing_counted_points_at_what_the_count_is_about() -> None:
    params = {"terms": ["KPI"], "op": "<", "value": 1, "require_any": ["performance"]}
    found = findings(linter("count", params), "The supplier cleans offices.", "Performance will be reviewed monthly.")
    assert len(found) == 1 and "reviewed monthly" in found[0].quote
