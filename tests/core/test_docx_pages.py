"""DOCX page numbers: counted from the page breaks Word rendered when it last saved the file.

A DOCX has no pages until a word processor lays it out; Word records where its pages began
(w:lastRenderedPageBreak) beside the author's hard breaks. Findings may cite those pages only when
the record is there and agrees with the page total the file states.
"""

from __future__ import annotations

import pytest

from tenderlint.model import Document
from tenderlint.parse import parse_path

from ..conftest import CORPUS
from .test_docx import _docx, _p, _parse

RENDERED = "<w:r><w:lastRenderedPageBreak/></w:r>"
HARD = '<w:r><w:br w:type="page"/></w:r>'


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _para(*inner: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(inner)}</w:p>"


def _app(pages: int) -> dict[str, str]:
    return {"docProps/app.xml": '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'extended-properties"><Pages>{pages}</Pages></Properties>'}


def _pages(document: Document) -> dict[str, int | None]:
    return {b.text: b.page for b in document.blocks}


def test_each_paragraph_gets_the_page_it_starts_on() -> None:
    body = (_p("Invitation")
            + _para(RENDERED, _run("Instructions to bidders"))
            + _p("Deadline")
            + _para(_run("Pricing begins here"), RENDERED, _run(" and ends on the next page"))
            + _p("Terms"))
    assert _pages(_parse(_docx(body))) == {
        "Invitation": 1, "Instructions to bidders": 2, "Deadline": 2,
        "Pricing begins here and ends on the next page": 2, "Terms": 3,
    }


def test_a_hard_break_and_the_rendered_break_after_it_are_one_page() -> None:
    # Word's usual pattern: the author's break ends one paragraph and the rendered break opens the next.
    body = (_para(_run("Scope"), HARD) + _para(RENDERED, _run("Evaluation"))
            + _para(HARD) + _para(RENDERED, _run("Award")) + _p("Contract"))
    assert _pages(_parse(_docx(body))) == {"Scope": 1, "Evaluation": 2, "Award": 3, "Contract": 3}


def test_page_break_before_and_section_breaks_start_a_page_once() -> None:
    section = '<w:sectPr><w:type w:val="nextPage"/></w:sectPr>'
    continuous = '<w:sectPr><w:type w:val="continuous"/></w:sectPr>'
    body = (_p("One") + _para(RENDERED, _run("Two"), ppr="<w:pageBreakBefore/>")
            + _p("Still two", ppr=section) + _p("Three", ppr=continuous) + _p("Also three"))
    assert _pages(_parse(_docx(body))) == {"One": 1, "Two": 2, "Still two": 2, "Three": 3, "Also three": 3}


def test_table_cells_take_the_page_of_their_first_paragraph() -> None:
    cell = "<w:tc>{}</w:tc>"
    row = "<w:tr>" + cell.format(_para(RENDERED, _run("Lot 1"))) + cell.format(_p("Cleaning")) + "</w:tr>"
    document = _parse(_docx(_p("Lots") + f"<w:tbl>{row}</w:tbl>"))
    assert _pages(document) == {"Lots": 1, "Lot 1": 2, "Cleaning": 2}


def test_without_rendered_breaks_pages_stay_unknown() -> None:
    # Hard breaks alone do not give pages: text flows over pages nobody recorded.
    document = _parse(_docx(_p("Scope") + _para(HARD) + _p("Evaluation")))
    assert {b.page for b in document.blocks} == {None}


def test_a_count_that_falls_well_short_of_the_stated_pages_is_not_shown() -> None:
    body = _p("Scope") + _para(RENDERED, _run("Evaluation"))
    assert _parse(_docx(body, parts=_app(2))).blocks[-1].page == 2
    assert {b.page for b in _parse(_docx(body, parts=_app(9))).blocks} == {None}  # 2 of 9 counted
    # more breaks than pages (a break inside a table row Word later joined): never past the last page
    over = _p("Scope") + _para(RENDERED, _run("Evaluation")) + _para(RENDERED, _run("Award"))
    assert _parse(_docx(over, parts=_app(2))).blocks[-1].page == 2


def test_headers_footers_and_notes_have_no_page() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    header = f"<w:hdr {w}>" + _p("Council tender") + "</w:hdr>"
    footnotes = (f'<w:footnotes {w}><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
                 + _run(" See the Act.") + "</w:p></w:footnote></w:footnotes>")
    body = _p("Scope") + _para(RENDERED, _run("Evaluation"))
    body += '<w:sectPr><w:headerReference xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/' \
            'relationships" w:type="default" r:id="rId1"/></w:sectPr>'
    data = _docx(body, parts={"word/header1.xml": header, "word/footnotes.xml": footnotes},
                 rels={"header1.xml": "header"})
    pages = _pages(_parse(data))
    assert pages == {"Council tender": None, "Scope": 1, "Evaluation": 2, "See the Act.": None}


@pytest.mark.parametrize(("name", "last"), [
    ("uk-ccs-rm6232-fm-how-to-bid.docx", 25),
    ("us-va-vdot-sor-smart-portal.docx", 23),
])
def test_corpus_documents_with_a_full_record_show_pages_in_order(name: str, last: int) -> None:
    document = parse_path(CORPUS / name)
    pages = [b.page for b in document.blocks if b.page is not None]
    assert pages[0] == 1 and max(pages) == last == document.pages
    assert pages == sorted(pages)


def test_corpus_document_with_a_stale_record_shows_no_pages() -> None:
    # Word's record covers 16 of the 23 pages it states: citing page 16 for page 23 would mislead.
    document = parse_path(CORPUS / "uk-ccs-rm6264-dps-core-terms.docx")
    assert document.pages == 23
    assert {b.page for b in document.blocks} == {None}
