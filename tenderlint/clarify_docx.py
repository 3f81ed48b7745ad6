"""Clarification questions as a Word document, for suppliers who send questions by email or
paste them into a buyer's portal from Word. Written with python-docx (a maintained library; the
layout is nothing domain-specific), with the same heading, places and quotes as the Markdown."""

from __future__ import annotations

import io
import re

import docx

from .clarify import Question, heading, introduction, place_of

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Characters XML 1.0 cannot hold; an edited question pasted from elsewhere may carry them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def questions_docx(questions: list[Question], title: str) -> bytes:
    """The questions as DOCX bytes: a heading, the introduction, then per question its place (a
    numbered heading), the quoted words (Quote style) and the question."""
    document = docx.Document()
    document.core_properties.title = _clean(heading(title))
    document.add_heading(_clean(heading(title)), level=1)
    document.add_paragraph(introduction(questions))
    for q in questions:
        document.add_heading(_clean(f"{q.number}. {place_of(q)}"), level=2)
        if q.quote:
            document.add_paragraph(_clean(q.quote), style="Quote")
        document.add_paragraph(_clean(q.text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
