"""The annotated files in the programs people open them with: LibreOffice (headless) converts the
annotated DOCX to PDF and sees our comments on their passages; Chromium's PDF viewer opens the
annotated PDF and draws its highlights. The byte-level and pypdfium2 checks live beside this file."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Iterator

import pdfplumber
import pikepdf
import pytest
from lxml import etree
from PIL import Image, ImageChops

from tenderlint.annotate import annotate, notes_for
from tenderlint.annotate.notes import Note
from tenderlint.parse import parse_bytes
from tests.conftest import CORPUS

from tests.service.test_browser import ARGS, CHROMIUM, sync_api

from .test_annotate_docx import covers, squash
from .test_annotate_docx import linter as docx_linter

REQUIRED = "TENDERLINT_REQUIRE_POSTGRES"  # CI sets it: there every viewer must be present
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
# One with checkboxes and comments of its own, one with tracked changes and automatic numbering.
DOCX_FILES = ["us-va-vdot-sor-smart-portal.docx", "uk-ccs-gcloud15-how-to-tender.docx"]
PDF_FILE = "uk-ccs-psc-core-terms-v2.7.pdf"
VIEWER = "chrome-extension://"  # Chromium's built-in PDF viewer runs in its extension frame


def need(program: str, why: str) -> str:
    """The program's path; without it skip, except where CI demands every viewer (then fail)."""
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed ({why}; scripts/bootstrap installs it)"
    if os.environ.get(REQUIRED):
        pytest.fail(f"{message}, and {REQUIRED} is set")
    pytest.skip(message)


@pytest.fixture(scope="module")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """LibreOffice and a throwaway user profile, so no desktop profile is read or locked."""
    program = need("soffice", "LibreOffice converts the annotated DOCX")
    yield program, tmp_path_factory.mktemp("lo-profile")


def convert(soffice: tuple[str, Path], source: Path, target: str) -> Path:
    """Convert with LibreOffice headless; the converted file must exist."""
    program, profile = soffice
    outdir = source.parent / target.split(":")[0]
    done = subprocess.run(
        [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    result = outdir / (source.stem + "." + target.split(":")[0])
    assert done.returncode == 0 and result.is_file(), (done.returncode, done.stdout, done.stderr)
    return result


def zip_part(data: bytes, name: str) -> bytes:
    """One part of a DOCX package, or nothing when it has no such part."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name) if name in package.namelist() else b""


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in re.findall(r"[^\W\d_]{2,}", text))


def office_anchors(fodt: Path) -> dict[str, tuple[str, str]]:
    """LibreOffice's comments: name -> (comment text, the document text it is anchored on)."""
    root = etree.parse(str(fodt)).getroot()
    body = root.find(f"{{{OFFICE}}}body")
    found: dict[str, list[str]] = {}
    notes: dict[str, str] = {}
    open_names: set[str] = set()

    def walk(element: etree._Element) -> None:
        if element.tag == f"{{{OFFICE}}}annotation":
            name = element.get(f"{{{OFFICE}}}name") or f"point-{len(notes)}"
            notes[name] = " ".join("".join(p.itertext()) for p in element.iter(f"{{{TEXT_NS}}}p"))
            found[name] = []
            open_names.add(name)  # the comment's own text is not document text: do not descend
        elif element.tag == f"{{{OFFICE}}}annotation-end":
            open_names.discard(element.get(f"{{{OFFICE}}}name") or "")
        else:
            for name in open_names:
                found[name].append(element.text or "")
            for child in element:
                walk(child)
        if element.tail:
            for name in open_names:
                found[name].append(element.tail)

    walk(body)
    return {name: (notes[name], "".join(found[name])) for name in notes}


def corpus_notes(name: str) -> tuple[bytes, list[Note], bytes]:
    """The corpus file, the notes of its findings, and its annotated copy."""
    data = (CORPUS / name).read_bytes()
    document = parse_bytes(data, name)
    notes = notes_for([f.to_json() for f in docx_linter().lint(document).findings])
    result = annotate(data, document, notes)
    assert notes and not result.unplaced
    return data, notes, result.data


@pytest.mark.parametrize("name", DOCX_FILES)
def test_libreoffice_converts_the_annotated_docx_and_sees_each_comment_on_its_passage(
    name: str, soffice: tuple[str, Path], tmp_path: Path,
) -> None:
    original, notes, annotated = corpus_notes(name)
    source = tmp_path / name
    source.write_bytes(annotated)
    before = len(re.findall(rb"<w:comment ", zip_part(original, "word/comments.xml")))  # the buyer's own
    document = parse_bytes(original, name)

    # PDF, with the comments exported as PDF notes: it exists, pdfplumber reads it, it holds the text.
    pdf = convert(soffice, source, 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}')
    with pdfplumber.open(pdf) as opened:
        assert opened.pages
        printed = " ".join(page.extract_text() or "" for page in opened.pages)
    wanted, got = words(document.text), words(printed)
    missing = wanted - got
    assert sum(missing.values()) <= sum(wanted.values()) // 200, missing.most_common(20)  # at most 0.5% lost to layout
    with pikepdf.open(pdf) as opened:
        exported = [str(a.get("/Contents", "")) for page in opened.pages for a in page.get("/Annots", [])
                    if a.get("/Subtype") == "/Text"]
    ours = [text for text in exported if re.search(r"\[[A-Z]+-[A-Z]+-\d+\]", text)]
    assert len(ours) == len(notes)  # LibreOffice carried every one of our comments into the PDF

    # Flat ODF: LibreOffice's own model of the comments and the ranges they are anchored on.
    anchors = office_anchors(convert(soffice, source, "fodt"))
    assert len(anchors) == len(notes) + before
    by_rule: dict[str, list[str]] = {}
    for comment, anchored in anchors.values():
        rule = re.search(r"\[([A-Z]+-[A-Z]+-\d+)\]", comment)
        if rule:
            by_rule.setdefault(rule.group(1), []).append(squash(anchored))
    assert sum(len(v) for v in by_rule.values()) == len(notes)
    for note in notes:
        if note.end > note.start:
            passage = squash(document.text[note.start:note.end])
            assert any(covers(text, passage) for text in by_rule[note.rule_id]), (passage, by_rule[note.rule_id])


def test_a_broken_docx_fails_to_convert(soffice: tuple[str, Path], tmp_path: Path) -> None:
    """The conversion check can fail: a truncated package gives no PDF."""
    _, _, annotated = corpus_notes(DOCX_FILES[0])
    source = tmp_path / "broken.docx"
    source.write_bytes(annotated[: len(annotated) // 3])
    with pytest.raises(AssertionError):
        convert(soffice, source, "pdf")


# --- Chromium's PDF viewer -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator["sync_api.Browser"]:
    if not CHROMIUM.exists():
        message = "chromium is not installed (scripts/bootstrap installs it)"
        if os.environ.get(REQUIRED):
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def open_in_viewer(browser: "sync_api.Browser", url: str) -> tuple["sync_api.Page", "sync_api.Frame"]:
    """A tab showing the PDF, and the viewer's frame once it has one."""
    tab = browser.new_page(viewport={"width": 900, "height": 1200})
    tab.goto(url)
    for _ in range(300):
        frame = next((f for f in tab.frames if f.url.startswith(VIEWER)), None)
        if frame is not None:
            return tab, frame
        tab.wait_for_timeout(100)
    raise AssertionError(f"Chromium showed no PDF viewer for {url}")


def viewer_state(frame: "sync_api.Frame") -> tuple[int, bool]:
    """(pages the viewer has loaded, whether it shows its load error), once it has decided."""
    selector = frame.locator("viewer-page-selector")
    failed = frame.get_by_text("Failed to load PDF document")
    for _ in range(300):
        pages = int(selector.evaluate("e => e.docLength || 0"))
        if pages or failed.count():
            return pages, bool(failed.count())
        frame.wait_for_timeout(100)
    raise AssertionError("the PDF viewer neither loaded the document nor showed an error")


def rendered(browser: "sync_api.Browser", pdf: Path, page: int) -> Image.Image:
    """A screenshot of one page in the viewer (toolbar hidden), once the drawing has settled."""
    tab, _ = open_in_viewer(browser, f"{pdf.as_uri()}#page={page}&toolbar=0")
    previous = b""
    for _ in range(100):
        shot = tab.screenshot()
        image = Image.open(io.BytesIO(shot)).convert("L")
        levels, backdrop = image.histogram(), image.getpixel((0, 0))
        paper = sum(levels[245:])  # the page is drawn (white), not only the viewer's dark backdrop
        ink = sum(levels[:100]) - levels[backdrop]  # and its text is drawn on it
        if shot == previous and paper > image.width * image.height // 5 and ink > 500:
            break
        previous = shot
        tab.wait_for_timeout(250)
    else:
        raise AssertionError(f"page {page} of {pdf.name} never settled in the viewer")
    tab.close()
    return Image.open(io.BytesIO(shot)).convert("RGB")


def test_chromium_opens_the_annotated_pdf_and_draws_each_highlight_on_its_page(browser, tmp_path: Path) -> None:
    original, notes, annotated = corpus_notes(PDF_FILE)
    (tmp_path / "annotated").mkdir()
    (tmp_path / "original").mkdir()
    mine, theirs = tmp_path / "annotated" / PDF_FILE, tmp_path / "original" / PDF_FILE  # same name: same title
    mine.write_bytes(annotated)
    theirs.write_bytes(original)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(annotated[:5000])

    with pikepdf.open(io.BytesIO(annotated)) as pdf:
        count = len(pdf.pages)
    tab, frame = open_in_viewer(browser, mine.as_uri())
    assert viewer_state(frame) == (count, False)
    tab.close()
    tab, frame = open_in_viewer(browser, truncated.as_uri())
    assert viewer_state(frame) == (0, True)  # the check can fail: a broken PDF shows the viewer's error
    tab.close()

    highlighted = sorted({n.page for n in notes if n.end > n.start and n.page})
    plain = next(p for p in range(2, count + 1) if p not in highlighted and p - 1 not in highlighted)
    for page in (highlighted[0], plain):
        ours, before = rendered(browser, mine, page), rendered(browser, theirs, page)
        difference = ImageChops.difference(ours, before)
        changed = [ours.getpixel((x, y)) for x in range(0, ours.width, 2) for y in range(0, ours.height, 2)
                   if difference.getpixel((x, y)) != (0, 0, 0)]
        if page == plain:
            assert not changed, f"page {page} has no finding, yet Chromium drew something new on it"
            continue
        yellow = [rgb for rgb in changed if rgb[0] > 200 and rgb[1] > 150 and rgb[2] < rgb[0] - 60]
        assert changed and len(yellow) > len(changed) // 2, (page, len(changed), len(yellow))


def test_anchor_walker_keeps_the_comment_text_out_of_the_range(tmp_path: Path) -> None:
    """The flat-ODF walker the LibreOffice test relies on: the range is document text only."""
    path = tmp_path / "small.fodt"
    path.write_text(
        f'<office:document xmlns:office="{OFFICE}" xmlns:text="{TEXT_NS}"><office:body><office:text>'
        '<text:p>Before <office:annotation office:name="a"><text:p>warning [PP-RISK-001] note</text:p>'
        '</office:annotation>the <text:span>passage</text:span><office:annotation-end office:name="a"/> after.'
        "</text:p></office:text></office:body></office:document>"
    )
    assert office_anchors(path) == {"a": ("warning [PP-RISK-001] note", "the passage")}
