"""The files of a tender pack, from a folder or a zip, each a document's bytes or the reason it is refused.

A pack zip comes from outside, so no member is trusted: a member that climbs out of the pack
(`../x`, `/etc/x`, `C:\\x`), a link, an encrypted member, an archive inside the archive, a member
that would inflate past the limits, or something that is not a document is refused on its own,
with a stable code and a message naming it, and the rest of the pack is still read. Members are
read through the guarded zip reader (`parse.safezip.SafeZip`), which stops a member that inflates
past the size its header declared. Only a pack that cannot be read at all raises `PackError`.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import DocumentError, TenderlintError, UnsupportedFormat
from ..parse.limits import DEFAULT_LIMITS, MB, Limits
from ..parse.safezip import SafeZip
from ..parse.sniff import sniff

# Codes of refused members, beside the DocumentError codes a member's parse can raise.
PATH_TRAVERSAL, SYMLINK, ENCRYPTED, NESTED_ARCHIVE = "path-traversal", "symlink", "encrypted", "nested-archive"
ZIP_BOMB, TOO_LARGE, TOO_MANY_MEMBERS = "zip-bomb", "too-large", "too-many-members"

_ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".cab", ".iso", ".jar")
_ARCHIVE_MAGIC = {
    b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive", b"Rar!": "a RAR archive",
    b"BZh": "a bzip2 archive", b"\xfd7zXZ": "an xz archive", b"MSCF": "a cabinet archive",
}
# Files that operating systems leave in folders and zips: never documents, never worth a message.
_SYSTEM_FILES = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
_BOMB_FLOOR = 10 * MB  # as in SafeZip: below this a high compression ratio is ordinary (sparse XML)


class PackError(TenderlintError):
    """The pack as a whole cannot be read (not a folder or zip, damaged, or holding no document)."""

    code = "bad-pack"


@dataclass(frozen=True)
class PackLimits:
    """Limits for a whole pack; each member is also held to the single-document `Limits`."""

    max_members: int = 200
    max_archive_bytes: int = 500 * MB
    max_total_bytes: int = 300 * MB  # all members read, uncompressed
    document: Limits = DEFAULT_LIMITS


@dataclass(frozen=True)
class Member:
    """One file of the pack, named by its path inside the pack (`/`-separated)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Refused:
    """A file of the pack that is not checked, and why (a stable code and a plain message)."""

    name: str
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class PackSource:
    name: str
    members: tuple[Member, ...] = ()
    refused: tuple[Refused, ...] = field(default_factory=tuple)


def read_pack(path: str | Path, limits: PackLimits = PackLimits()) -> PackSource:
    """A folder's files (recursively, in name order) or a zip's members."""
    path = Path(path)
    if path.is_dir():
        return read_folder(path, limits)
    if not path.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    if path.stat().st_size > limits.max_archive_bytes:
        raise PackError(f"{path.name} is {path.stat().st_size // MB} MB; a pack zip may be {limits.max_archive_bytes // MB} MB.")
    return read_zip(path.read_bytes(), path.name, limits)


def read_folder(folder: Path, limits: PackLimits = PackLimits()) -> PackSource:
    members: list[Member] = []
    refused: list[Refused] = []
    total = 0
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if _system_file(name) or (path.is_dir() and not path.is_symlink()):
            continue
        if path.is_symlink() and not path.is_file():  # a link to a file of the user's own disk is read
            refused.append(Refused(name, SYMLINK, f"{name} is a link to a folder or nothing; it is not followed."))
            continue
        size = path.stat().st_size
        problem = _archive_name(name) or _count_problem(name, len(members), limits) or _size_problem(name, size, total, limits)
        if problem is None:
            data = path.read_bytes()
            problem = _content_problem(name, data)
            if problem is None:
                total += size
                members.append(Member(name, data))
                continue
        refused.append(problem)
    return _checked(PackSource(folder.name, tuple(members), tuple(refused)))


def read_zip(data: bytes, name: str, limits: PackLimits = PackLimits()) -> PackSource:
    """Every member judged on its own; one bad member never stops the others being read."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise PackError(f"{name} is not a zip archive, or is damaged ({exc}).") from exc
    declared = sum(info.file_size for info in infos)
    # The archive-wide bomb test is per member here (below), so one bomb refuses itself, not the pack;
    # SafeZip still caps every read at the size the member's header declared.
    archive = SafeZip(data, name, replace(limits.document, max_unzipped_bytes=max(declared, 1), max_zip_ratio=2**62))
    members: list[Member] = []
    refused: list[Refused] = []
    total = 0
    for info in infos:
        member = info.filename
        if info.is_dir() or _system_file(member):
            continue
        problem = (
            _name_problem(member) or _zip_entry_problem(info) or _archive_name(member)
            or _ratio_problem(info, limits) or _count_problem(member, len(members), limits)
            or _size_problem(member, info.file_size, total, limits)
        )
        if problem is None:
            try:
                content = archive.read(member)
            except DocumentError as exc:
                problem = Refused(member, exc.code, exc.message)
            else:
                problem = _content_problem(member, content)
                if problem is None:
                    total += len(content)
                    members.append(Member(member, content))
                    continue
        refused.append(problem)
    return _checked(PackSource(name, tuple(members), tuple(refused)))


def _checked(source: PackSource) -> PackSource:
    if not source.members and not source.refused:
        raise PackError(f"{source.name} holds no files.")
    return source


def _system_file(name: str) -> bool:
    base = PurePosixPath(name).name
    return name.startswith(_SYSTEM_FILES[0]) or base in _SYSTEM_FILES or base.startswith("._")


def _name_problem(name: str) -> Refused | None:
    """A member whose path would land outside the pack if unpacked (zip slip)."""
    path = name.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in path.split("/"):
        return Refused(name, PATH_TRAVERSAL, f"{name} points outside the pack (an absolute path or '..'); refusing it.")
    return None


def _zip_entry_problem(info: zipfile.ZipInfo) -> Refused | None:
    name = info.filename
    if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
        return Refused(name, SYMLINK, f"{name} is a link, not a file; a pack holds the documents themselves.")
    if info.flag_bits & 0x1:
        return Refused(name, ENCRYPTED, f"{name} is encrypted in the zip; zip the documents without a password.")
    return None


def _archive_name(name: str) -> Refused | None:
    if name.lower().endswith(_ARCHIVE_SUFFIXES):
        return Refused(name, NESTED_ARCHIVE, f"{name} is an archive inside the pack; unpack it and add its documents instead.")
    return None


def _count_problem(name: str, accepted: int, limits: PackLimits) -> Refused | None:
    if accepted >= limits.max_members:
        return Refused(name, TOO_MANY_MEMBERS, f"{name} is past the {limits.max_members} documents a pack may hold.")
    return None


def _size_problem(name: str, size: int, total: int, limits: PackLimits) -> Refused | None:
    if size > limits.document.max_bytes:
        return Refused(name, TOO_LARGE, f"{name} is {size / MB:.1f} MB unpacked; the limit is {limits.document.max_bytes // MB} MB.")
    if total + size > limits.max_total_bytes:
        return Refused(name, TOO_LARGE, f"{name} would take the pack past {limits.max_total_bytes // MB} MB unpacked.")
    return None


def _ratio_problem(info: zipfile.ZipInfo, limits: PackLimits) -> Refused | None:
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _BOMB_FLOOR and ratio > limits.document.max_zip_ratio:
        return Refused(info.filename, ZIP_BOMB, f"{info.filename} is compressed {ratio:.0f}:1, far beyond any real document; it looks like a zip bomb.")
    return None


def _content_problem(name: str, data: bytes) -> Refused | None:
    """An archive by content (whatever its name), or anything the document sniffer refuses."""
    for magic, what in _ARCHIVE_MAGIC.items():
        if data.startswith(magic):
            return Refused(name, NESTED_ARCHIVE, f"{name} is {what} inside the pack; unpack it and add its documents instead.")
    try:
        sniff(data, name)
    except UnsupportedFormat as exc:
        if data.startswith(b"PK\x03\x04") and "zip archive" in exc.message:
            return Refused(name, NESTED_ARCHIVE, f"{name} is a zip archive inside the pack; unpack it and add its documents instead.")
        return Refused(name, exc.code, exc.message)
    except DocumentError as exc:
        return Refused(name, exc.code, exc.message)
    return None
