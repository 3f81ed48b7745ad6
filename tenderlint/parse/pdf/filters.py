"""Decode a PDF stream's filter chain in bounded pieces, so a bomb is measured but never held.

Any expanding filter can turn a small stream into gigabytes (Flate ~1000:1, LZW more, RunLength
64:1, ASCII85's "z" 4:1), and a chain such as [/ASCIIHexDecode /FlateDecode] hides a Flate bomb
behind a filter that does not expand. So every standard filter is decoded here as a generator of
pieces of about CHUNK bytes, the stages are chained lazily, and one meter counts what all stages
produce: decoding stops when the meter reaches its cap, whatever the chain. pdfium holds each
stage's output while decoding the next, so intermediate stages count too.

Image codecs (DCT, JPX, JBIG2, CCITT) end a chain: pdfium decodes them only to draw, which
text extraction never does, so what reaches them is counted as stored.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

CHUNK = 1024 * 1024
_WHITESPACE = b" \t\r\n\f\v\x00"
_PASS_THROUGH = {"Crypt"}  # decryption is done before the chain (pdfminer's decipher)

Filter = tuple[str, Mapping[str, Any]]


class UnmeasurableChain(ValueError):
    """A predictor on a filter that is not the last of its chain.

    No PDF writer produces this (predictors serve images and cross-reference streams), and the
    next filter needs the predicted bytes, so the chain cannot be measured without re-implementing
    PNG prediction; refusing it is safer than guessing.
    """


class _Meter:
    """Bytes produced by every stage of one chain, and whether each stage decoded to its end."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.produced = 0
        self.stages = 0
        self.clean = True

    def counted(self, pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            room = self.cap - self.produced
            if len(piece) >= room:
                self.produced = self.cap
                yield piece[:room]
                return  # closes the stage (and those before it): nothing more is decoded
            self.produced += len(piece)
            yield piece


def decoded_size(data: bytes, filters: Sequence[Filter], cap: int) -> tuple[int, bool]:
    """(bytes all stages produce, counted up to `cap`; whether every stage decoded cleanly).

    A stream with no decoding stage counts at its stored size.
    """
    meter = _Meter(cap)
    for _ in _chain(data, filters, meter):
        pass
    return (meter.produced if meter.stages else len(data)), meter.clean


def decode(data: bytes, filters: Sequence[Filter], cap: int) -> bytes:
    """The decoded stream, cut at `cap` bytes produced in all stages (for tests and small streams)."""
    return b"".join(_chain(data, filters, _Meter(cap)))


def _chain(data: bytes, filters: Sequence[Filter], meter: _Meter) -> Iterator[bytes]:
    pieces: Iterator[bytes] = (data[i : i + CHUNK] for i in range(0, len(data), CHUNK))
    for index, (name, params) in enumerate(filters):
        if name in _PASS_THROUGH:
            continue
        decoder = _DECODERS.get(name)
        if decoder is None:
            break  # an image codec or an unknown filter ends what pdfium decodes for text
        if index < len(filters) - 1 and _predictor(params) > 1:
            raise UnmeasurableChain(f"uses a predictor on {name} before another filter")
        pieces = meter.counted(decoder(pieces, params, meter))
        meter.stages += 1
    return pieces


def _predictor(params: Mapping[str, Any]) -> int:
    value = params.get("Predictor", 1)
    return value if isinstance(value, int) else 1


def _flate(pieces: Iterator[bytes], params: Mapping[str, Any], meter: _Meter) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for piece in pieces:
            while piece and not inflater.eof:
                out = inflater.decompress(piece, CHUNK)
                if out:
                    yield out
                piece = inflater.unconsumed_tail
            if inflater.eof:
                return
        tail = inflater.flush()
        if tail:
            yield tail
    except zlib.error:
        meter.clean = False  # damaged: pdfium decodes what it can, which is no more than this


def _ascii_hex(pieces: Iterator[bytes], params: Mapping[str, Any], meter: _Meter) -> Iterator[bytes]:
    # an odd final digit is followed by an implied 0
    return _text_groups(pieces, meter, b">", 2, binascii.unhexlify, lambda rest: binascii.unhexlify(rest + b"0"))


def _ascii85(pieces: Iterator[bytes], params: Mapping[str, Any], meter: _Meter) -> Iterator[bytes]:
    # "z" stands for a group of four zero bytes ("!!!!!")
    return _text_groups(pieces, meter, b"~", 5, base64.a85decode, base64.a85decode,
                        lambda text: text.replace(b"z", b"!!!!!"))


def _text_groups(
    pieces: Iterator[bytes],
    meter: _Meter,
    end: bytes,
    group: int,
    whole: Callable[[bytes], bytes],
    rest: Callable[[bytes], bytes],
    expand: Callable[[bytes], bytes] = bytes,
) -> Iterator[bytes]:
    """ASCIIHex and ASCII85: text decoded in whole groups, the rest carried to the next piece.

    Whitespace is skipped; the end marker, or the end of the data as pdfium allows, ends it."""
    carry = b""
    try:
        for piece in pieces:
            stop = piece.find(end)
            text = carry + expand((piece if stop < 0 else piece[:stop]).translate(None, _WHITESPACE))
            cut = len(text) - len(text) % group
            carry = text[cut:]
            out = whole(text[:cut])
            if out:
                yield out
            if stop >= 0:
                break
        if carry:
            yield rest(carry)
    except ValueError:  # binascii.Error is one
        meter.clean = False


def _run_length(pieces: Iterator[bytes], params: Mapping[str, Any], meter: _Meter) -> Iterator[bytes]:
    carry = b""
    out = bytearray()
    for piece in pieces:
        data = carry + piece
        i, size = 0, len(data)
        while i < size:
            length = data[i]
            if length == 128:  # end of data
                yield bytes(out)
                return
            step = length + 2 if length < 128 else 2
            if i + step > size:
                break  # the run continues in the next piece
            out += data[i + 1 : i + step] if length < 128 else data[i + 1 : i + 2] * (257 - length)
            i += step
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        carry = data[i:]
    if out:
        yield bytes(out)


def _lzw(pieces: Iterator[bytes], params: Mapping[str, Any], meter: _Meter) -> Iterator[bytes]:
    """LZW as PDF uses it: 9-12 bit codes, 256 clears, 257 ends; EarlyChange widens one code early."""
    early = 0 if params.get("EarlyChange", 1) == 0 else 1
    table = [bytes((n,)) for n in range(256)] + [b"", b""]
    previous: bytes | None = None
    width, bits, held = 9, 0, 0
    out = bytearray()
    for piece in pieces:
        for byte in piece:
            bits, held = (bits << 8) | byte, held + 8
            while held >= width:
                held -= width
                code = bits >> held
                bits &= (1 << held) - 1
                if code == 256:
                    del table[258:]
                    width, previous = 9, None
                    continue
                if code == 257:
                    yield bytes(out)
                    return
                if code < len(table) and (previous is not None or code < 256):
                    entry = table[code]
                elif code == len(table) and previous is not None:
                    entry = previous + previous[:1]
                else:
                    meter.clean = False
                    yield bytes(out)
                    return
                if previous is not None and len(table) < 4096:
                    table.append(previous + entry[:1])
                    if len(table) + early >= 1 << width and width < 12:
                        width += 1
                out += entry
                previous = entry
                if len(out) >= CHUNK:
                    yield bytes(out)
                    out.clear()
    if out:
        yield bytes(out)


Decoder = Callable[[Iterator[bytes], Mapping[str, Any], _Meter], Iterator[bytes]]
_DECODERS: dict[str, Decoder] = {
    "FlateDecode": _flate, "Fl": _flate,
    "ASCIIHexDecode": _ascii_hex, "AHx": _ascii_hex,
    "ASCII85Decode": _ascii85, "A85": _ascii85,
    "RunLengthDecode": _run_length, "RL": _run_length,
    "LZWDecode": _lzw, "LZW": _lzw,
}
