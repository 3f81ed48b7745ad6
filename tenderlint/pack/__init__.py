"""Tender packs: several documents that make one tender, checked as one (issue #13).

- `members`: reading a pack from a folder or a zip, refusing hostile or non-document members one by one;
- `facts`: the pack's context, facts found in one document lent to the others with their source;
- `statements`: the key facts (deadline, value, term, lots, insurance levels) each document states;
- `absence`: absence rules judged once over the pack, on the document where the content belongs;
- `consistency`: one key fact stated differently in two documents;
- `check`: the phases that tie them together; `report`: the pack report.

Pure core: no Flask, Celery, Redis or SQLAlchemy, like the rest of `tenderlint`.
"""

from .check import MemberResult, check_pack, judge_pack, lint_member, read_member
from .facts import PackContext, PackFact
from .members import PackError, PackLimits, PackSource, Refused, read_pack, read_zip
from .report import PackFinding, PackPlace, PackReport

__all__ = [
    "MemberResult", "PackContext", "PackError", "PackFact", "PackFinding", "PackLimits", "PackPlace", "PackReport",
    "PackSource", "Refused", "check_pack", "judge_pack", "lint_member", "read_member", "read_pack", "read_zip",
]
