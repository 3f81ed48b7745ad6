"""Open DOCX/ODT zips and their XML parts without trusting them.

Real Office files never carry a DTD, so any part that declares one (the vehicle for
billion-laughs entity expansion and external-entity reads) is refused before lxml sees it,
in whatever encoding the part is written (xml_encoding), and again if lxml finds one anyway.
Zip members are size-checked against the declared and the actual uncompressed size, so a
zip bomb is refused before it fills memory.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from ..errors import CorruptDocument, HostileXml, ZipBomb
from .limits import Limits
from .xml_encoding import UnknownEncoding, xml_encoding

_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_DTD_TEXT = re.compile(_DTD.pattern.decode(), _DTD.flags)  # the same, over a part decoded from UTF-16 etc.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_blank_text=False
)


class SafeZip:
    """A zip archive whose members are read with size and XML guards."""

    def __init__(self, data: bytes, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise CorruptDocument(f"{name} is damaged or truncated: {exc}.") from exc
        declared = sum(info.file_size for info in infos)
        compressed = sum(info.compress_size for info in infos) or 1
        if declared > limits.max_unzipped_bytes:
            raise ZipBomb(
                f"{name} would expand to {declared // (1024 * 1024)} MB when unpacked "
                f"(limit {limits.max_unzipped_bytes // (1024 * 1024)} MB); it looks like a zip bomb."
            )
        if declared > 10 * 1024 * 1024 and declared / compressed > limits.max_zip_ratio:
            raise ZipBomb(
                f"{name} is compressed {declared // compressed}:1, far beyond any real document; "
                "it looks like a zip bomb."
            )
        self._read_total = 0

    def names(self) -> list[str]:
        return self._zip.namelist()

    def has(self, member: str) -> bool:
        return member in self._zip.NameToInfo

    def read(self, member: str) -> bytes:
        """Read one member, stopping if it inflates past what its header declared."""
        info = self._zip.getinfo(member)
        budget = min(info.file_size, self.limits.max_unzipped_bytes - self._read_total)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(budget + 1)
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, zlib.error) as exc:
            raise CorruptDocument(f"{self.name}: part {member} is damaged ({exc}).") from exc
        if len(data) > budget:
            raise ZipBomb(f"{self.name}: part {member} inflates beyond its declared size; refusing it.")
        self._read_total += len(data)
        return data

    def xml(self, member: str) -> etree._Element:
        """Parse one XML member, refusing DTDs and entity declarations."""
        return parse_xml(self.read(member), f"{self.name}: {member}")


def parse_xml(data: bytes, where: str) -> etree._Element:
    if _declares_dtd(data, where):
        raise _dtd_refused(where)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocument(f"{where} is not well-formed XML ({exc}).") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:  # an encoding the scan could not read
        raise _dtd_refused(where)
    return root


def _declares_dtd(data: bytes, where: str) -> bool:
    if _DTD.search(data):
        return True
    try:
        encoding = xml_encoding(data)
    except UnknownEncoding as exc:
        raise HostileXml(
            f"{where} declares the character encoding {exc.args[0]!r}, which no Office writer uses "
            "and which could hide a DTD from our checks; refusing it."
        ) from exc
    return encoding not in ("utf-8", "ascii") and bool(_DTD_TEXT.search(data.decode(encoding, errors="replace")))


def _dtd_refused(where: str) -> HostileXml:
    return HostileXml(
        f"{where} declares a DTD or XML entities, which real documents never do "
        "(it could expand to gigabytes or read files on the server); refusing it."
    )
