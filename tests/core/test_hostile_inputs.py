"""Regression tests for the parsing defects a hostile probe found (issue #14, item 5).

Each test builds its hostile file here and checks the behaviour a user sees: a clear error
code, a bounded amount of work or memory, and offsets that still point at the original text.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from tenderlint.cli import build_parser
from tenderlint.errors import (
    DocumentTooLarge,
    EncryptedDocument,
    HostileXml,
    UnsupportedFormat,
)
from tenderlint.nlp import get_pipeline
from tenderlint.parse import DEFAULT_LIMITS, Limits, parse_bytes, sniff

from .test_docx import _docx, _p
from .test_odt import NAMESPACES as ODT_NAMESPACES
from .test_odt import _odt

ROOT = Path(__file__).resolve().parents[2]


# --- 1. punctuation runs and the tokenizer ------------------------------------------------


def test_long_punctuation_runs_are_broken_without_moving_offsets() -> None:
    text = ("Invitation to tender\n" + "=" * 3000 + "\nThe supplier shall invoice monthly "
            + ".," * 1500 + " and " + "_" * 3000 + " sign here.")
    doc = get_pipeline().make_doc(text)
    assert len(doc.text) == len(text)
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)  # every token quotes the original
    assert max(len(chunk) for chunk in doc.text.split()) <= 64  # no chunk the tokenizer chews on for long
    assert [t.idx for t in doc if t.text in ("supplier", "sign")] == [text.index("supplier"), text.index("sign")]


def test_ordinary_text_tokenizes_exactly_as_spacy_does() -> None:
    text = ("1.1 The Supplier shall (at its own cost) provide the Services... e.g. cl. 4.2 -- see\n"
            "------------------------------\nSignature: ____________ Date: ..........")
    tokenizer = get_pipeline().tokenizer
    assert [(t.text, t.idx) for t in tokenizer(text)] == [(t.text, t.idx) for t in tokenizer.inner(text)]


# --- 2. text beyond what the pipeline takes ---------------------------------------------


def test_the_text_limit_is_what_the_pipeline_accepts() -> None:
    assert DEFAULT_LIMITS.max_text_chars == get_pipeline().max_length


def test_long_text_is_too_large_naming_the_limit() -> None:
    with pytest.raises(DocumentTooLarge) as caught:
        parse_bytes(b"The supplier shall pay. " * 100, "long.txt", Limits(max_text_chars=1000))
    assert caught.value.code == "too-large"
    assert "1,000 characters" in caught.value.message


def test_docx_with_many_paragraphs_is_too_large() -> None:
    data = _docx("".join(_p(f"Paragraph {n} of the specification.") for n in range(400)))
    with pytest.raises(DocumentTooLarge, match="5,000 characters"):
        parse_bytes(data, "many.docx", Limits(max_text_chars=5000))


def test_odt_repeated_cells_are_refused_in_bounded_memory() -> None:
    cell = "x" * 10_000
    body = ('<table:table><table:table-row table:number-rows-repeated="1000000">'
            f'<table:table-cell table:number-columns-repeated="1000000"><text:p>{cell}</text:p></table:table-cell>'
            "</table:table-row></table:table>")
    data = _odt(body)
    assert len(data) < 2000
    tracemalloc.start()
    try:
        with pytest.raises(DocumentTooLarge, match="5,000,000 characters"):
            parse_bytes(data, "repeats.odt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


# --- 3. the command line's exit codes ----------------------------------------------------


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tenderlint", *args], capture_output=True, text=True,
                          check=False, timeout=120, cwd=ROOT, env={**os.environ, **(env or {})})


def test_internal_error_has_its_own_exit_code_and_no_traceback(tmp_path: Path) -> None:
    tender = tmp_path / "tender.md"
    tender.write_text("# Tender\n\nThe supplier shall deliver.\n")
    broken = {"TENDERLINT_SPACY_MODEL": "tenderlint_no_such_model", "TENDERLINT_DEBUG": ""}
    done = _cli("check", str(tender), env=broken)
    assert done.returncode == 3
    assert done.stderr.startswith("error[internal-error]: ")
    assert "Traceback" not in done.stderr
    debug = _cli("check", str(tender), env={**broken, "TENDERLINT_DEBUG": "1"})
    assert debug.returncode == 3
    assert "Traceback" in debug.stderr


def test_help_documents_every_exit_code() -> None:
    text = " ".join(build_parser().format_help().split())
    for code in ("0 success", "1 findings", "2 bad input", "3 internal error"):
        assert code in text


# --- 4. text that is not valid in its own encoding ----------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffThe supplier shall pay.".encode("utf-16-le") + b"!",  # BOM, odd byte count
        b"\xff\xfe" + "The supplier ".encode("utf-16-le") + b"\x00\xd8" + "shall pay.".encode("utf-16-le"),
        b"\xfe\xff" + "The supplier ".encode("utf-16-be") + b"\xdc\x00" + "shall pay.".encode("utf-16-be"),
    ],
    ids=["odd-length", "lone-high-surrogate", "lone-low-surrogate-be"],
)
def test_broken_utf16_is_read_with_replacement_characters(data: bytes) -> None:
    assert sniff(data, "tender.txt") == "text"
    document = parse_bytes(data, "tender.txt")
    assert "The supplier" in document.text
    assert "\ufffd" in document.text
    document.text.encode("utf-8")  # no lone surrogate is left to break JSON or a web page


# --- 5. content sniffing: a signature at offset 0 wins ----------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(64) + b"%PDF-1.7\n" + bytes(200), "executable"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64) + b"%PDF-1.4\n" + bytes(200), "executable"),
        (b"\x89PNG\r\n\x1a\n" + bytes(32) + b"%PDF-1.4\n" + bytes(100), "image"),
    ],
    ids=["elf", "windows", "png"],
)
def test_signature_at_offset_zero_beats_a_later_pdf_marker(data: bytes, what: str) -> None:
    with pytest.raises(UnsupportedFormat, match=what):
        sniff(data, "tender.pdf")


def test_docx_mentioning_pdf_in_its_first_kilobyte_is_a_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("%PDF-1.7.txt", b"decoy")
    with zipfile.ZipFile(io.BytesIO(_docx(_p("Scope of the services.")))) as source, zipfile.ZipFile(out, "a") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
    data = out.getvalue()
    assert b"%PDF-" in data[:1024]
    assert sniff(data, "tender.docx") == "docx"
    assert "Scope of the services." in parse_bytes(data, "tender.docx").text


def test_pdf_after_a_little_junk_is_still_a_pdf() -> None:
    assert sniff(b"\r\n\xef\xbb\xbf%PDF-1.4\n1 0 obj\n", "tender.pdf") == "pdf"


def test_text_starting_with_mz_is_text() -> None:
    assert sniff(b"MZ Consulting Ltd: Invitation to tender for cleaning services.\n", "itt.txt") == "text"


# --- 6. password-protected Office files -----------------------------------------------------


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A Compound File Binary (version 3, 512-byte sectors) holding `streams` of >= 4096 bytes each."""
    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for data in streams.values():
        count = -(-len(data) // 512)
        starts.append(len(fat))
        fat += [len(fat) + k + 1 for k in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", none, right, child) + bytes(16 + 4 + 16)
                + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, 1, none, end, 0) + b"".join(
        entry(name, 2, none, index + 2 if index + 1 < len(names) else none, starts[index], len(streams[name]))
        for index, name in enumerate(names))
    body = b"".join(data.ljust(-(-len(data) // 512) * 512, b"\0") for data in streams.values())
    return header + struct.pack("<128I", *fat) + directory.ljust(512, b"\0") + body


def test_password_protected_docx_is_encrypted() -> None:
    data = _compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00".ljust(4096, b"\x01"),
                           "EncryptedPackage": os.urandom(8192)})
    with pytest.raises(EncryptedDocument) as caught:
        parse_bytes(data, "tender.docx")
    assert caught.value.code == "encrypted"
    assert "password" in caught.value.message


def test_other_compound_files_are_still_unsupported() -> None:
    data = _compound_file({"Workbook": b"\x09\x08".ljust(4096, b"\0")})
    with pytest.raises(UnsupportedFormat):
        parse_bytes(data, "budget.xls")


# --- 7. DTDs in XML of any encoding ----------------------------------------------------------

_LAUGHS = '<!DOCTYPE d [<!ENTITY a "The supplier shall pay."><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-7"])
def test_dtd_in_a_docx_part_of_any_encoding_is_refused(encoding: str) -> None:
    declared = encoding.upper().replace("-LE", "").replace("-BE", "")
    xml = (f'<?xml version="1.0" encoding="{declared}"?>{_LAUGHS}'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>").encode(encoding)
    if encoding == "utf-7":  # "<!" written the way UTF-7 may spell it: no ASCII "<!DOCTYPE" left
        xml = xml.replace(b"<!", b"+ADwAIQ-")
    data = _docx("", document=xml)  # type: ignore[arg-type]
    with pytest.raises(HostileXml) as caught:
        parse_bytes(data, "tender.docx")
    assert caught.value.code == "hostile-xml"


def test_dtd_in_a_utf16_odt_part_is_refused() -> None:
    content = (f'<?xml version="1.0" encoding="UTF-16"?>{_LAUGHS}<office:document-content {ODT_NAMESPACES}>'
               "<office:body><office:text><text:p>&b;</text:p></office:text></office:body></office:document-content>")
    with pytest.raises(HostileXml):
        parse_bytes(_odt("", content=content.encode("utf-16")), "tender.odt")  # type: ignore[arg-type]


def test_utf16_parts_without_a_dtd_are_read() -> None:
    xml = ('<?xml version="1.0" encoding="UTF-16"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body><w:p><w:r><w:t>The supplier shall pay.</w:t></w:r></w:p></w:body></w:document>")
    document = parse_bytes(_docx("", document=xml.encode("utf-16")), "tender.docx")  # type: ignore[arg-type]
    assert document.text == "The supplier shall pay."
