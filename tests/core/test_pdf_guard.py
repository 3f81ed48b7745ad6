"""The PDF compression-bomb guard: every filter chain, any form depth, bounded memory.

Hostile PDFs are built here with pikepdf; qpdf (under pikepdf) is the reference decoder the
bounded decoders are compared with.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import tracemalloc
import zlib
from collections.abc import Iterator

import pikepdf
import pytest

from tenderlint.errors import ZipBomb
from tenderlint.parse import parse_bytes
from tenderlint.parse.pdf.filters import decode, decoded_size

MB = 1024 * 1024
TEXT = b"BT /F1 12 Tf 72 700 Td (The supplier shall pay.) Tj ET\n"


def _deflated_drawing(megabytes: int) -> bytes:
    """A content stream of harmless path operators that inflates to `megabytes` MB, compressed piecewise."""
    packer = zlib.compressobj(9)
    block = b"0 0 m\n" * (MB // 6)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.compress(TEXT) + packer.flush()


def _run_length(data: bytes) -> bytes:
    """RunLengthDecode's encoding: repeats of up to 128 bytes, literals otherwise."""
    out = bytearray()
    i = 0
    while i < len(data):
        run = 1
        while run < 128 and i + run < len(data) and data[i + run] == data[i]:
            run += 1
        if run > 1:
            out += bytes((257 - run, data[i]))
        else:
            out += bytes((0, data[i]))
        i += run
    return bytes(out + b"\x80")


def _lzw(data: bytes) -> bytes:
    """LZWDecode's encoding (EarlyChange 1) of data short enough never to fill the 4096-entry table."""
    table = {bytes((n,)): n for n in range(256)}
    codes, word = [256], b""
    for byte in data:
        candidate = word + bytes((byte,))
        if candidate in table:
            word = candidate
            continue
        codes.append(table[word])
        table[candidate] = len(table) + 2
        word = bytes((byte,))
    codes += [table[word], 257] if word else [257]
    bits, held, out = 0, 0, bytearray()
    width, size = 9, 258
    for index, code in enumerate(codes):
        bits, held = (bits << width) | code, held + width
        while held >= 8:
            held -= 8
            out.append((bits >> held) & 0xFF)
        if index >= 2:  # the decoder adds a table entry for every code after the first
            size += 1
            if size + 1 >= 1 << width and width < 12:
                width += 1
    if held:
        out.append((bits << (8 - held)) & 0xFF)
    return bytes(out)


def _pdf(content: bytes, filters: list[str], *, forms: int = 0, bomb_in_form: bool = False,
         cycle: bool = False) -> bytes:
    """One page; its text is drawn through `forms` nested Form XObjects, the innermost carrying `content`."""
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica))
        fonts = pikepdf.Dictionary(F1=font)

        def stream(raw: bytes, chain: list[str]) -> pikepdf.Stream:
            made = pikepdf.Stream(pdf, raw)
            if chain:
                made.Filter = pikepdf.Array([pikepdf.Name("/" + f) for f in chain])
            return made

        inner = stream(content, filters) if bomb_in_form or not forms else stream(TEXT, [])
        outer = inner
        first_form = None
        for depth in range(forms):
            form = pdf.make_indirect(outer if depth == 0 else stream(b"/X Do\n", []))
            form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            form.BBox = pikepdf.Array([0, 0, 612, 792])
            resources = pikepdf.Dictionary(Font=fonts)
            if depth:
                resources.XObject = pikepdf.Dictionary(X=outer)
            form.Resources = resources
            first_form = first_form or form
            outer = form
        if cycle and first_form is not None:
            first_form.Resources.XObject = pikepdf.Dictionary(X=outer)
        page = pdf.pages[0]
        page.Resources = pikepdf.Dictionary(Font=fonts, **({"XObject": pikepdf.Dictionary(X=outer)} if forms else {}))
        page.Contents = pdf.make_indirect(stream(b"/X Do\n", []) if forms else stream(content, filters))
        pdf.save(out, compress_streams=False)
    return out.getvalue()


# --- bombs the old guard let through ------------------------------------------------------


def test_flate_bomb_behind_ascii_hex_is_refused() -> None:
    hidden = binascii.hexlify(_deflated_drawing(40)) + b">"
    with pytest.raises(ZipBomb) as caught:
        parse_bytes(_pdf(hidden, ["ASCIIHexDecode", "FlateDecode"]), "hex.pdf")
    assert "page 1" in caught.value.message


def test_flate_bomb_behind_ascii85_is_refused() -> None:
    hidden = base64.a85encode(_deflated_drawing(40)) + b"~>"
    with pytest.raises(ZipBomb):
        parse_bytes(_pdf(hidden, ["A85", "Fl"]), "a85.pdf")


def test_run_length_behind_flate_is_refused() -> None:
    run_length = bytes((129, 0x20)) * (MB // 4) + b"\x80"  # runs of 128 spaces: 32 MB from 0.5 MB
    with pytest.raises(ZipBomb):
        parse_bytes(_pdf(zlib.compress(run_length, 9), ["FlateDecode", "RunLengthDecode"]), "rl.pdf")


def test_bomb_in_the_seventh_nested_form_is_refused() -> None:
    with pytest.raises(ZipBomb):
        parse_bytes(_pdf(_deflated_drawing(40), ["FlateDecode"], forms=7, bomb_in_form=True), "deep.pdf")


def test_bomb_two_thousand_forms_deep_is_refused() -> None:
    with pytest.raises(ZipBomb):
        parse_bytes(_pdf(_deflated_drawing(40), ["FlateDecode"], forms=2000, bomb_in_form=True), "deeper.pdf")


def test_forms_that_draw_each_other_end_the_walk() -> None:
    document = parse_bytes(_pdf(TEXT, [], forms=3, cycle=True), "cycle.pdf")
    assert document.format == "pdf"
    assert document.text == "The supplier shall pay."  # read, not merely survived


def test_a_predictor_inside_a_chain_is_refused() -> None:
    data = _pdf(binascii.hexlify(zlib.compress(TEXT)) + b">", [])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        contents = pdf.pages[0].Contents
        contents.write(zlib.compress(zlib.compress(TEXT)), filter=pikepdf.Array(
            [pikepdf.Name.FlateDecode, pikepdf.Name.FlateDecode]),
            decode_parms=pikepdf.Array([pikepdf.Dictionary(Predictor=12, Columns=4), None]))
        out = io.BytesIO()
        pdf.save(out, compress_streams=False)
    with pytest.raises(ZipBomb, match="predictor"):
        parse_bytes(out.getvalue(), "predictor.pdf")


def test_a_sound_chained_page_is_read() -> None:
    hidden = binascii.hexlify(zlib.compress(TEXT)) + b">"
    document = parse_bytes(_pdf(hidden, ["ASCIIHexDecode", "FlateDecode"], forms=2, bomb_in_form=True), "ok.pdf")
    assert "The supplier shall pay." in document.text


def test_a_bomb_ten_times_the_cap_is_measured_in_bounded_memory() -> None:
    stored = binascii.hexlify(_deflated_drawing(256)) + b">"  # ~0.5 MB stored, 256 MB decoded
    tracemalloc.start()
    try:
        size, _ = decoded_size(stored, [("AHx", {}), ("Fl", {})], 24 * MB + 1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size == 24 * MB + 1
    assert peak < len(stored) + 16 * MB


# --- the decoders agree with qpdf -----------------------------------------------------------


def _qpdf(raw: bytes, chain: list[str]) -> bytes:
    with pikepdf.new() as pdf:
        stream = pikepdf.Stream(pdf, raw)
        stream.Filter = pikepdf.Array([pikepdf.Name("/" + f) for f in chain])
        return stream.read_bytes(pikepdf.StreamDecodeLevel.specialized)


def _encodings(data: bytes) -> Iterator[tuple[bytes, list[str]]]:
    yield binascii.hexlify(data) + b">", ["ASCIIHexDecode"]
    yield b" ".join(binascii.hexlify(data[i : i + 7]) for i in range(0, len(data), 7)) + b"\n>", ["ASCIIHexDecode"]
    yield base64.a85encode(data, wrapcol=75) + b"~>", ["ASCII85Decode"]
    yield _run_length(data), ["RunLengthDecode"]
    if len(data) < 4000:
        yield _lzw(data), ["LZWDecode"]
    yield zlib.compress(data), ["FlateDecode"]
    yield base64.a85encode(zlib.compress(_run_length(data))) + b"~>", ["A85", "Fl", "RL"]
    if len(data) < 4000:
        yield binascii.hexlify(_lzw(zlib.compress(data))) + b">", ["AHx", "LZW", "Fl"]


@pytest.mark.parametrize(
    "data",
    [b"", b"The supplier shall pay.", b"\0" * 5000 + b"abc" * 3000, os.urandom(3000), os.urandom(MB + 17)],
    ids=["empty", "short", "repetitive", "random", "beyond-a-chunk"],
)
def test_decoders_match_qpdf(data: bytes) -> None:
    for raw, chain in _encodings(data):
        expected = _qpdf(raw, chain)
        assert expected == data, chain  # the encodings built here are right
        assert decode(raw, [(f, {}) for f in chain], 100 * MB) == expected, chain


def test_every_stage_counts_against_the_cap() -> None:
    raw = binascii.hexlify(zlib.compress(b"x" * 1000)) + b">"
    size, clean = decoded_size(raw, [("AHx", {}), ("Fl", {})], 100 * MB)
    assert clean
    assert size == len(zlib.compress(b"x" * 1000)) + 1000  # the hex stage's output and Flate's
    assert decoded_size(raw, [("AHx", {}), ("Fl", {})], 500) == (500, True)


def test_image_codecs_and_unknown_filters_count_as_stored() -> None:
    assert decoded_size(b"\xff\xd8" * 100, [("DCTDecode", {})], 10) == (200, True)
    assert decoded_size(b"abc", [("NoSuchFilter", {}), ("FlateDecode", {})], 10) == (3, True)


def test_damaged_flate_is_reported() -> None:
    assert decoded_size(b"x\x9c" + b"\xff" * 8, [("Fl", {})], 1000)[1] is False  # an invalid block type
