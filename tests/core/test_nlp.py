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


def test_primed_tokenizer_gives_spacys_tokens() -> None:
    """Priming the cache only changes speed: every token, offset and space matches plain spaCy."""
    import spacy
    from spacy.attrs import IDX, ORTH, SPACY

    from tenderlint.nlp.pipeline import ABBREVIATIONS, PrimedTokenizer, build_pipeline
    from tenderlint.parse import parse_path

    from ..conftest import CORPUS

    plain = spacy.blank("en")
    for abbreviation in ABBREVIATIONS:  # same special cases as ours, without the priming
        for form in {abbreviation, abbreviation.capitalize(), abbreviation.upper()}:
            plain.tokenizer.add_special_case(f"{form}.", [{ORTH: f"{form}."}])
    primed = build_pipeline().tokenizer
    assert isinstance(primed, PrimedTokenizer)
    texts = [
        "Don't pay £5,000,000 (e.g. No. 5) by 1.1.2025; can't, won't.\n\n  U.K.-based SME's: https://x.gov.uk/a?b=1",
        parse_path(CORPUS / "uk-ccs-rm6232-fm-how-to-bid.docx").text,
        parse_path(CORPUS / "us-in-iot-sor-servicenow-ocm.pdf").text,
    ]
    for text in texts + texts:  # the second round reads the primed cache
        expected = plain.tokenizer(text).to_array([ORTH, IDX, SPACY])
        assert (primed(text).to_array([ORTH, IDX, SPACY]) == expected).all()
        assert len(primed(text)) == len(expected)


def test_a_bullet_glyph_starts_a_sentence() -> None:
    """PDF text runs a list's items into one line; each item is its own sentence (amendment 64)."""
    text = "Set up the portal \u25cf Train the staff \u2022 Report each month. Then stop."
    assert sentences(text) == ["Set up the portal", "\u25cf Train the staff", "\u2022 Report each month.", "Then stop."]
    # a hyphen or an "o" between words is not a bullet
    assert sentences("The long-term plan o the council stands.") == ["The long-term plan o the council stands."]
