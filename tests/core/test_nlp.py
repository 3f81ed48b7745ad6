"""The pipeline keeps legal abbreviations and numbering inside sentences and lemmatises any case."""

from __future__ import annotations

from tenderlint.nlp import get_pipeline


def sentences(text: str) -> list[str]:
    return [s.text.strip() for s in get_pipeline()(text).sents]


def test_abbreviations_and_clause_numbers_do_not_split() -> None:
    text = "See cl. 4.2 and No. 5, e.g. the Supplier shall pay. Art. 3 of Sch. 2 applies i.e. now."
    assert sentences(text) == [
        "See cl. 4.2 and No. 5, e.g. the Supplier shall pay.",
        "Art. 3 of Sch. 2 applies i.e. now.",
    ]


def test_item_labels_and_blocks() -> None:
    text = "The Council shall (a) pay; (b) review.\n2. The Supplier shall deliver. It must report.\nHeading"
    assert sentences(text) == [
        "The Council shall (a) pay; (b) review.",
        "2. The Supplier shall deliver.",
        "It must report.",
        "Heading",
    ]


def test_lowercase_continuation_does_not_start_a_sentence() -> None:
    assert sentences("Pay within 30 days. vs. the old terms. Then stop.") == [
        "Pay within 30 days. vs. the old terms.",
        "Then stop.",
    ]


def test_lemmas_ignore_case() -> None:
    doc = get_pipeline()("Suppliers INDEMNIFIED the Council and were Required to insure Goods")
    assert [t.lemma_ for t in doc] == ["supplier", "indemnify", "the", "council", "and", "be", "require", "to", "insure", "good"]


def test_pipeline_is_built_once() -> None:
    assert get_pipeline() is get_pipeline()
