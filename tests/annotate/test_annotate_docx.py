"""DOCX annotation: one Word comment per finding kept, on its passage, and nothing else changed."""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from functools import lru_cache

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import RGBColor
from lxml import etree

from tenderlint.annotate import annotate, notes_for
from tenderlint.annotate.notes import Note
from tenderlint.engine import Linter
from tenderlint.model import Document
from tenderlint.parse import parse_bytes
from tests.conftest import CORPUS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ALLOWED_TO_CHANGE = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
# Small, large, one that already has comments, one with tracked changes and numbering.
CORPUS_FILES = [
    "uk-ccs-fm2017-guarantee.docx",
    "uk-ccs-rm6264-dps-core-terms.docx",
    "us-va-vdot-sor-smart-portal.docx",
    "uk-ccs-gcloud15-how-to-tender.docx",
]


@lru_cache(maxsize=1)
def linter() -> Linter:
    return Linter()


def anchored_texts(data: bytes) -> dict[str, str]:
    """Comment id -> the w:t text between its commentRangeStart and commentRangeEnd, in document order."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    open_ids: set[str] = set()
    texts: dict[str, list[str]] = {}
    for el in root.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "t"):
        if el.tag == W + "commentRangeStart":
            open_ids.add(el.get(W + "id"))
            texts[el.get(W + "id")] = []
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(el.get(W + "id"))
        else:
            for comment_id in open_ids:
                texts[comment_id].append(el.text or "")
    return {key: "".join(parts) for key, parts in texts.items()}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


LABEL = re.compile(r"[\dA-Za-z.()•\-–]{1,12}")


def covers(anchored: str, passage: str) -> bool:
    """The comment spans the passage's text; only list labels Word draws itself (no w:t holds them) may be missing."""
    if anchored == passage:
        return True
    matcher = difflib.SequenceMatcher(None, passage, anchored, autojunk=False)
    return all(tag == "equal" or (tag == "delete" and LABEL.fullmatch(passage[i1:i2]))
               for tag, i1, i2, _, _ in matcher.get_opcodes())


def check_annotated(original: bytes, document: Document, notes: list[Note], out: bytes) -> None:
    """The checks every annotated DOCX must pass."""
    before, after = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(out))
    for name in before.namelist():
        if name not in ALLOWED_TO_CHANGE:
            assert after.read(name) == before.read(name), f"{name} changed"
    assert parse_bytes(out, document.name).text == document.text  # our parser reads the same document

    opened = docx.Document(io.BytesIO(out))  # python-docx opens it and reads the comments
    old_ids = {c.comment_id for c in docx.Document(io.BytesIO(original)).comments}
    new = [c for c in opened.comments if c.comment_id not in old_ids]
    assert len(new) == len(notes)
    anchored = anchored_texts(out)
    by_rule: dict[str, list[str]] = {}
    for comment in new:
        assert comment.author == "tenderlint"
        rule = re.search(r"\[([A-Z0-9-]+)\]", comment.text).group(1)
        by_rule.setdefault(rule, []).append(squash(anchored[str(comment.comment_id)]))
    for note in notes:
        assert note.rule_id in by_rule
        if note.end > note.start:  # a passage: the comment covers exactly its text
            passage = squash(document.text[note.start:note.end])
            assert any(covers(text, passage) for text in by_rule[note.rule_id]), (passage, by_rule[note.rule_id])

    # Paragraphs the comments do not touch keep their bytes: diff document.xml paragraph by paragraph.
    def paragraphs(data: bytes) -> list[bytes]:
        return re.split(rb"(?=<w:p[ >])", data)

    old, new_parts = paragraphs(before.read("word/document.xml")), paragraphs(after.read("word/document.xml"))
    assert len(old) == len(new_parts)  # splitting runs never adds or removes a paragraph
    matcher = difflib.SequenceMatcher(None, old, new_parts, autojunk=False)
    changed = [chunk for tag, _, _, j1, j2 in matcher.get_opcodes() if tag != "equal" for chunk in new_parts[j1:j2]]
    assert changed, "no paragraph carries a comment"
    for chunk in changed:
        assert b"commentRange" in chunk or b"commentReference" in chunk, chunk[:300]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_docx_gets_one_comment_per_finding(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    document = parse_bytes(data, name)
    notes = notes_for([f.to_json() for f in linter().lint(document).findings])
    assert notes
    result = annotate(data, document, notes)
    assert not result.unplaced
    check_annotated(data, document, notes, result.data)


def test_dismissed_and_minor_findings_are_left_out() -> None:
    name = CORPUS_FILES[1]
    data = (CORPUS / name).read_bytes()
    document = parse_bytes(data, name)
    findings = [f.to_json() for f in linter().lint(document).findings]
    findings[0]["review_status"] = "dismissed"
    findings.append({**findings[1], "severity": "info", "fingerprint": "minor"})
    serious = notes_for(findings, serious_only=True)
    assert len(serious) == sum(1 for f in findings[1:] if f["severity"] in ("error", "warning"))
    assert len(notes_for(findings)) == len(findings) - 1
    result = annotate(data, document, serious)
    check_annotated(data, document, serious, result.data)


def small_docx() -> bytes:
    """Three runs with distinct formatting; the passage starts and ends inside them."""
    made = docx.Document()
    made.add_heading("Terms of the contract", level=1)
    paragraph = made.add_paragraph()
    paragraph.add_run("The Supplier shall ")
    bold = paragraph.add_run("bear all risks arising")
    bold.bold, bold.italic = True, True
    bold.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    bold.font.highlight_color = WD_COLOR_INDEX.YELLOW
    paragraph.add_run(" from delays of any kind, including those the Buyer causes.")
    made.add_paragraph("Payment is made within 30 days of a valid invoice.")
    out = io.BytesIO()
    made.save(out)
    return out.getvalue()


def run_formats(data: bytes) -> list[tuple[str, bytes]]:
    """(text, serialised w:rPr) of each text run of the body, in order."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for run in root.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        if text:
            props = run.find(W + "rPr")
            out.append((text, etree.tostring(props) if props is not None else b""))
    return out


def test_comment_inside_runs_splits_them_keeping_their_formatting() -> None:
    data = small_docx()
    document = parse_bytes(data, "small.docx")
    start = document.text.index("all risks")
    end = document.text.index(" from delays of any kind") + len(" from delays")
    note = Note(start, end, None, document.text[start:end], ("warning [PP-RISK-001] Risk of delay passed to the supplier",
                "Why: suppliers price risks they cannot control", "Fix: share delay risk", "Rule: PP-RISK-001",
                "Finding: https://tenderlint.example/findings/abc"), "PP-RISK-001")
    result = annotate(data, document, [note])
    check_annotated(data, document, [note], result.data)

    formats = dict(run_formats(data))
    split = run_formats(result.data)
    assert [text for text, _ in split] == [
        "Terms of the contract", "The Supplier shall ", "bear ", "all risks arising", " from delays",
        " of any kind, including those the Buyer causes.", "Payment is made within 30 days of a valid invoice.",
    ]
    for text, props in split:
        whole = next(t for t in formats if text in t)
        assert props == formats[whole], text  # each piece keeps its run's w:rPr exactly
    assert b"<w:b/>" in dict(split)["all risks arising"]

    comment = next(iter(docx.Document(io.BytesIO(result.data)).comments))
    for part in ("Risk of delay passed", "Why: suppliers price", "Fix: share delay risk", "PP-RISK-001",
                 "https://tenderlint.example/findings/abc"):
        assert part in comment.text
    assert anchored_texts(result.data)[str(comment.comment_id)] == "all risks arising from delays"


def test_two_comments_on_one_run_and_a_whole_document_finding() -> None:
    data = small_docx()
    document = parse_bytes(data, "small.docx")
    first = document.text.index("Payment")
    second = document.text.index("30 days")
    notes = [
        Note(first, first + len("Payment is made"), None, "Payment is made", ("info [A-1] one",), "A-1"),
        Note(second, second + len("30 days"), None, "30 days", ("warning [B-2] two",), "B-2"),
        Note(0, 0, None, "", ("warning [C-3] about the whole document",), "C-3"),
    ]
    result = annotate(data, document, notes)
    check_annotated(data, document, notes, result.data)
    assert sorted(anchored_texts(result.data).values()) == ["30 days", "Payment is made", "Terms of the contract"]
