"""`weightings`: award weightings that do not add up, read from tables and running text."""

from __future__ import annotations

import pytest

from tenderlint.checks.weightings import consistent

from .checkkit import findings, linter, status

PARAMS = {"trigger": ["weighting", "weighted", "of the marks"], "missing": {"criteria": ["award criteria"], "weights": ["order of importance"]}}


@pytest.mark.parametrize(
    "weights, ok",
    [
        ([60, 40], True),
        ([60, 30, 5], False),
        ([60, 30, 20, 10, 40], True),  # quality 60 = 30 + 20 + 10, then price 40
        ([30, 20, 10, 60, 40], True),  # children before their subtotal
        ([40, 80, 20, 30, 75, 25, 30, 75, 25], True),  # sub-question weights sum to 100 within each criterion
        ([60, 40, 100], True),  # a total row
        ([70, 40], False),
        ([33.3, 33.3, 33.4], True),
        ([33, 33, 33], False),
    ],
)
def test_consistent(weights, ok) -> None:
    assert consistent(weights) is ok


def test_table_column_that_does_not_add_up_fires() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    table = [(0, 0, 0, "Criterion"), (0, 0, 1, "Weighting"), (0, 1, 0, "Quality"), (0, 1, 1, "55%"), (0, 2, 0, "Price"), (0, 2, 1, "40%")]
    found = findings(lint, *table)
    assert len(found) == 1 and "95%" in found[0].message


def test_columns_are_judged_separately() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    table = [
        (0, 0, 0, "Criterion"), (0, 0, 1, "Weighting"), (0, 0, 2, "Example score"),
        (0, 1, 0, "Quality"), (0, 1, 1, "60%"), (0, 1, 2, "45%"),
        (0, 2, 0, "Price"), (0, 2, 1, "40%"), (0, 2, 2, "12%"),
    ]
    found = findings(lint, *table)
    assert len(found) == 1 and "57%" in found[0].message


def test_lead_in_and_list_items() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    assert findings(lint, "The weighting is as follows:", "Quality - 60%", "Price - 30%")
    assert not findings(lint, "The weighting is as follows:", "Quality - 60%", "Price - 40%")


def test_placeholders_and_thresholds_are_not_weights() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    assert not findings(lint, "Quality is weighted XX% and price XX%.")
    assert not findings(lint, "A weighted score below 40% on any question, or prices more than 20% below the average, will be reviewed.")


def test_missing_weights() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    assert findings(lint, "Bids are judged on the award criteria below.", "The award criteria are approach and price.")
    assert status(lint, "The award criteria are listed in order of importance. The award criteria are approach and price.") == "passed"


def test_variance_each_and_total_rows() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    table = [(0, 0, 0, "Criteria"), (0, 0, 1, "Weighting"), (0, 1, 0, "Quality"), (0, 1, 1, "50% (+/- 20% at the buyer's choice)"),
             (0, 2, 0, "Price"), (0, 2, 1, "50% (+/- 20% at the buyer's choice)")]
    assert not findings(lint, *table)
    assert not findings(lint, "Questions 1 and 2 are weighted 5% each of the total score (10% overall).")
    assert consistent([10, 40, 40, 90])  # a quality-only table ending in its own subtotal


def test_criteria_listed_in_one_sentence_with_no_weighting() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    listed = "Each response will be evaluated based on its approach, its fit with our systems, and its use of our staff."
    assert findings(lint, listed)
    assert not findings(lint, listed, "The criteria are listed in descending order of importance.")
    assert not findings(lint, "The site will be assessed on access, drainage and ground conditions.")


def test_a_lead_in_far_from_its_evaluation_words_and_items_written_as_paragraphs() -> None:
    params = {**PARAMS, "trigger": ["weighting", "of the evaluation"], "missing": {**PARAMS["missing"], "weights": ["points"]}}
    lint = linter("weightings", params, message="{weights} makes {total}")
    lead = "The panel shall choose the proposer that best serves the Trust's needs, based on, but not limited to, the following factors:"
    items = ("> Completeness of the proposal.", "---", "(a) Cost.", "(b) Ability to deliver the work.", "(c) Project approach.")
    assert findings(lint, lead, *items)
    # "as part of the evaluation of proposals" states no weighting; "points" beside the list does
    assert findings(lint, "As part of the evaluation of proposals we may call referees.", lead, *items)
    assert not findings(lint, lead, *items, "Each factor carries up to 20 points.")


def test_factors_weighed_only_together_against_price() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    combined = "Design quality and delivery record, taken together, are roughly equal to price."
    assert findings(lint, "Quotes are judged on three factors.", combined)
    assert findings(lint, "All factors other than cost, when combined, are much more important than cost.")
    # an order among the factors stated elsewhere, or each factor's importance, answers it
    assert not findings(lint, combined, "The technical factors are listed in descending order of importance.")
    assert not findings(lint, combined, "Each of the two technical factors is equally important.")
    # "more important than" said of the factors themselves is an order
    assert not findings(lint, "Technical approach is more important than past performance, which is more important than price.")
    # a stated order run into one sentence with the combined comparison (plain text joins the list) still counts
    joined = ("The factors are listed in descending order of importance: design quality, delivery record, price "
              "The non-price factors, combined are more important than price.")
    assert not findings(lint, joined)


def test_one_criterion_and_words_that_only_look_like_weighting() -> None:
    lint = linter("weightings", PARAMS, message="{weights} makes {total}")
    listed = "Each response will be evaluated based on its approach, its fit with our systems, and its use of our staff."
    # award to the lowest price among technically acceptable quotes has nothing to weigh
    assert not findings(lint, listed, "Award will be made on a lowest price technically acceptable basis.")
    # the weight of a shipment on an invoice is no weighting of the criteria
    assert findings(lint, listed, "An invoice must show the bill of lading number and weight of shipment.")
    # a civil judgment rendered against a firm is not a judging of offers against criteria
    certification = "The offeror has had no civil judgment rendered against it for: fraud, theft, bribery or false statements."
    assert not findings(lint, certification)
