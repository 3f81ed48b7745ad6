"""Stream names in an OLE compound file: the container of .doc, .xls and password-protected .docx.

A Word 97 document, an Excel workbook and an encrypted Office Open XML package all start with the
same eight bytes; only the names in the file's directory tell them apart. The directory is read
through the sector allocation table as [MS-CFB] lays it out, with every index checked and every
chain walked once, so a damaged or hostile file yields fewer names, never an error or a loop.
"""

from __future__ import annotations

import struct

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LAST_SECTOR = 0xFFFFFFFA  # larger values mark free sectors and chain ends
_HEADER_FAT_SECTORS = 109
_ENTRY = 128
_STORAGE, _STREAM, _ROOT = 1, 2, 5


def stream_names(data: bytes) -> set[str]:
    """Names of the storages and streams in the directory; empty if `data` is not a compound file."""
    if not data.startswith(SIGNATURE) or len(data) < 512:
        return set()
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        return set()
    reader = _Sectors(data, 1 << shift)
    fat_count, first_directory = struct.unpack_from("<II", data, 44)
    first_difat, difat_count = struct.unpack_from("<II", data, 68)
    fat_sectors = list(struct.unpack_from(f"<{_HEADER_FAT_SECTORS}I", data, 76))
    for sector in reader.chain(first_difat, limit=difat_count, difat=True):
        fat_sectors += reader.u32s(sector)[:-1]  # the last slot points to the next DIFAT sector
    fat: list[int] = []
    for sector in fat_sectors[:fat_count]:
        fat += reader.u32s(sector)
    reader.fat = fat
    names: set[str] = set()
    for sector in reader.chain(first_directory):
        block = reader.read(sector)
        for offset in range(0, len(block) - _ENTRY + 1, _ENTRY):
            length, kind = struct.unpack_from("<HB", block, offset + 64)
            if kind in (_STORAGE, _STREAM, _ROOT) and 2 <= length <= 64 and length % 2 == 0:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", "replace"))
    return names


class _Sectors:
    def __init__(self, data: bytes, size: int) -> None:
        self.data = data
        self.size = size
        self.count = len(data) // size - 1  # sector 0 follows the header
        self.fat: list[int] = []

    def read(self, sector: int) -> bytes:
        if sector > _LAST_SECTOR or sector >= self.count:
            return b""
        start = (sector + 1) * self.size
        return self.data[start : start + self.size]

    def u32s(self, sector: int) -> list[int]:
        block = self.read(sector)
        return list(struct.unpack(f"<{len(block) // 4}I", block))

    def chain(self, sector: int, limit: int | None = None, difat: bool = False) -> list[int]:
        """Sectors of a chain, each once: through the FAT, or through DIFAT sectors' last slot."""
        out: list[int] = []
        seen: set[int] = set()
        while sector <= _LAST_SECTOR and sector < self.count and sector not in seen:
            if limit is not None and len(out) >= limit:
                break
            seen.add(sector)
            out.append(sector)
            if difat:
                following = self.u32s(sector)
                sector = following[-1] if following else _LAST_SECTOR + 1
            else:
                sector = self.fat[sector] if sector < len(self.fat) else _LAST_SECTOR + 1
        return out
