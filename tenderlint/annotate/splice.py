"""Write back an edited XML part changing only the bytes of the elements that were edited.

lxml re-serialises a whole part with its own choices (quotes, escapes such as `&quot;` in text,
character references), which would rewrite paragraphs no comment touches. Here the original
bytes are kept, and only each outermost edited element is replaced by its new serialisation.
The byte span of every element is found by a small tokenizer over the original bytes and
checked against lxml's element order; if the two disagree (odd markup, a non-UTF-8 part) the
whole part is serialised by lxml instead: still correct, only less minimal.
"""

from __future__ import annotations

import re
from typing import Iterable

from lxml import etree

_TOKEN = re.compile(
    rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<!DOCTYPE[^>]*>"
    rb"|<(/?)([^\s/>!?]+)((?:\s+[^\s=]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>",
    re.S,
)
_XMLNS = re.compile(rb"""\s+xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']""")


class Spans:
    """Byte spans (start of start tag, end of end tag) of the elements of one parsed part."""

    def __init__(self, raw: bytes, root: etree._Element) -> None:
        self.raw = raw
        self.elements = list(root.iter(etree.Element))  # kept alive: lxml proxies are our keys
        self._span: dict[etree._Element, tuple[int, int]] = {}
        match = _ENCODING.match(raw)
        if match and match.group(1).lower().replace(b"-", b"") != b"utf8":
            return
        spans = _scan(raw)
        if spans is None or len(spans) != len(self.elements):
            return
        for element, (name, span) in zip(self.elements, spans):
            if name.rsplit(b":", 1)[-1].decode("utf-8", "replace") != etree.QName(element).localname:
                self._span.clear()
                return
            self._span[element] = span

    @property
    def usable(self) -> bool:
        return bool(self._span)

    def write(self, root: etree._Element, edited: Iterable[etree._Element]) -> bytes:
        """The part with each outermost edited element re-serialised in place, the rest as it was."""
        edited = set(edited)
        if not self.usable or root in edited:
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        outermost = [el for el in edited if not any(a in edited for a in el.iterancestors())]
        out = self.raw
        for element in sorted(outermost, key=lambda el: self._span[el][0], reverse=True):
            start, end = self._span[element]
            out = out[:start] + _serialise(element) + out[end:]
        return out


def _scan(raw: bytes) -> list[tuple[bytes, tuple[int, int]]] | None:
    """(tag name, byte span) of each element in document order, or None if the tags do not nest."""
    found: list[tuple[bytes, tuple[int, int]]] = []
    stack: list[int] = []
    for match in _TOKEN.finditer(raw):
        name = match.group(2)
        if name is None:
            continue  # comment, processing instruction, CDATA
        if match.group(1):
            if not stack or found[stack[-1]][0] != name:
                return None
            index = stack.pop()
            found[index] = (name, (found[index][1][0], match.end()))
        elif match.group(4):
            found.append((name, (match.start(), match.end())))
        else:
            stack.append(len(found))
            found.append((name, (match.start(), -1)))
    return None if stack else found


def _serialise(element: etree._Element) -> bytes:
    """The element as UTF-8 bytes, without the namespace declarations its ancestors already make."""
    data = etree.tostring(element, encoding="UTF-8", with_tail=False)
    in_scope = element.getparent().nsmap if element.getparent() is not None else {}
    end = data.index(b">")
    head = data[:end]

    def keep(match: re.Match[bytes]) -> bytes:
        prefix = match.group(1).decode() if match.group(1) else None
        uri = (match.group(2) if match.group(2) is not None else match.group(3)).decode()
        return b"" if in_scope.get(prefix) == uri else match.group(0)

    return _XMLNS.sub(keep, head) + data[end:]
