"""A pack zip's hostile members are refused one by one, and the rest of the pack is still checked.

The zips are built here, member by member, so each hostile shape is exactly what the test says.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from tenderlint.engine import Linter
from tenderlint.pack import PackError, check_pack, read_pack, read_zip
from tenderlint.pack.members import ENCRYPTED, NESTED_ARCHIVE, PATH_TRAVERSAL, SYMLINK, ZIP_BOMB

from ..conftest import CORPUS

ITT = CORPUS / "uk-ccs-gcloud15-how-to-tender.docx"
NOTE = b"# Instructions\n\nTenders must be received by 12:00 on 3 March 2031 through the portal.\n"


def _zip(members: dict[str, bytes], symlinks: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _encrypted_flag(data: bytes, name: str) -> bytes:
    """Set the 'encrypted' bit on a member in both its local and central headers (zipfile cannot write one)."""
    out = bytearray(data)
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = out.find(signature)
        while at != -1:
            if out[at + name_at : at + name_at + len(name)] == name.encode():
                out[at + flag_at] |= 0x1
            at = out.find(signature, at + 1)
    return bytes(out)


def _hostile_pack() -> bytes:
    inner = _zip({"inner.md": NOTE})
    data = _zip(
        {
            "tender/how-to-tender.docx": ITT.read_bytes(),
            "tender/notes.md": NOTE,
            "../../etc/cron.d/evil.md": NOTE,
            "/abs/evil.md": NOTE,
            "tender/link.md": b"/etc/passwd",
            "tender/old-pack.zip": inner,
            "tender/renamed.bin": inner,
            "tender/secret.md": NOTE,
            "tender/bomb.md": b"\0" * (20 * 1024 * 1024),
            "tender/logo.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
            "tender/setup.exe": b"MZ\x90\x00" + bytes(range(256)) * 4,
            "__MACOSX/tender/._notes.md": b"\0\x05\x16\x07",
        },
        symlinks=("tender/link.md",),
    )
    return _encrypted_flag(data, "tender/secret.md")


def test_each_hostile_member_is_refused_with_its_own_code() -> None:
    source = read_zip(_hostile_pack(), "hostile.zip")
    refused = {r.name: r.code for r in source.refused}
    assert refused == {
        "../../etc/cron.d/evil.md": PATH_TRAVERSAL,
        "/abs/evil.md": PATH_TRAVERSAL,
        "tender/link.md": SYMLINK,
        "tender/old-pack.zip": NESTED_ARCHIVE,
        "tender/renamed.bin": NESTED_ARCHIVE,  # an archive by content, whatever its name
        "tender/secret.md": ENCRYPTED,
        "tender/bomb.md": ZIP_BOMB,
        "tender/logo.png": "unsupported-format",
        "tender/setup.exe": "unsupported-format",
    }
    assert [m.name for m in source.members] == ["tender/how-to-tender.docx", "tender/notes.md"]  # a DOCX is no nested archive
    messages = {r.name: r.message for r in source.refused}
    assert "outside the pack" in messages["/abs/evil.md"] and "zip bomb" in messages["tender/bomb.md"]
    assert "PNG image" in messages["tender/logo.png"]


def test_the_rest_of_a_hostile_pack_is_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "hostile.zip"
    path.write_bytes(_hostile_pack())
    pack = check_pack(Linter(), read_pack(path))
    assert [r.document.name for r in pack.reports] == ["tender/how-to-tender.docx", "tender/notes.md"]
    assert len(pack.refused) == 9
    # the two documents read are judged together: the notes' deadline contradicts the instructions'
    (clash,) = [f for f in pack.findings if f.kind == "consistency"]
    assert clash.document == "tender/notes.md" and clash.others[0].document == "tender/how-to-tender.docx"


def test_a_member_that_cannot_be_parsed_joins_the_refused_and_an_empty_pack_is_an_error(tmp_path: Path) -> None:
    data = _zip({"broken.docx": b"PK\x03\x04" + b"\0" * 40, "notes.md": NOTE})
    pack = check_pack(Linter(), read_zip(data, "p.zip"))
    assert [r.document.name for r in pack.reports] == ["notes.md"]
    assert [(r.name, r.code) for r in pack.refused] == [("broken.docx", "corrupt-file")]
    with pytest.raises(PackError, match="no document that can be checked"):
        check_pack(Linter(), read_zip(_zip({"a.zip": _zip({"x.md": NOTE})}), "only-archives.zip"))
    with pytest.raises(PackError, match="not a zip"):
        read_zip(b"plain text, not a zip", "fake.zip")


def test_a_folder_pack_reads_linked_files_but_not_linked_folders(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "notes.md").write_bytes(NOTE)
    (tmp_path / "pack" / "itt.docx").symlink_to(ITT)
    (tmp_path / "pack" / "elsewhere").symlink_to(tmp_path)
    (tmp_path / "pack" / "bundle.zip").write_bytes(_zip({"x.md": NOTE}))
    source = read_pack(tmp_path / "pack")
    assert [m.name for m in source.members] == ["itt.docx", "notes.md"]
    assert {(r.name, r.code) for r in source.refused} == {("elsewhere", SYMLINK), ("bundle.zip", NESTED_ARCHIVE)}
