"""`tenderlint gates FILE --profile P`: the gates with the rules that object to them, the effort,
and the questions starting from the failed gates; exit 1 when a gate is failed, 2 on a bad profile."""

from __future__ import annotations

import json
from pathlib import Path

from tenderlint.cli import main

TENDER = """# Invitation to tender: grounds maintenance

The estimated contract value is £200,000 over two years.

## Selection

Bidders must have a minimum annual turnover of £2 million.

Copies of your current public liability insurance certificates of £10 million must be uploaded with your tender.

Bidders must hold Cyber Essentials certification.

## Definitions

A small business means an enterprise whose turnover does not exceed £10 million.
"""


def run(tmp_path: Path, capsys, profile: str, *extra: str) -> tuple[int, str, str]:
    (tmp_path / "itt.md").write_text(TENDER)
    (tmp_path / "profile.yaml").write_text(profile)
    code = main(["gates", str(tmp_path / "itt.md"), "--profile", str(tmp_path / "profile.yaml"), *extra])
    out, err = capsys.readouterr()
    return code, out, err


PROFILE = "turnover: [400000, 350000]\ninsurance:\n  public_liability: 5000000\ncertifications: [Cyber Essentials]\n"


def test_gates_json(tmp_path: Path, capsys) -> None:
    code, out, _ = run(tmp_path, capsys, PROFILE, "--format", "json")
    data = json.loads(out)
    assert code == 1
    got = [(g["kind"], g["status"], [o["rule_id"] for o in g["objections"]]) for g in data["gates"]]
    assert got == [
        ("turnover", "does_not_meet", ["PP-PROP-001"]),
        ("insurance", "does_not_meet", ["PP-PROP-005", "PP-PROP-004", "PP-SPEC-003"]),
        ("accreditation", "meets", ["PP-PROP-008"]),
    ]
    assert data["gates"][0]["objections"][0]["sources"]
    assert data["questions"][0]["rule_id"] == "PP-PROP-001"  # failed gates first
    assert data["effort"]["person_days"]["low"] < data["effort"]["person_days"]["high"]


def test_gates_text_and_exit_0_when_all_met(tmp_path: Path, capsys) -> None:
    rich = "turnover: [5000000, 4000000]\ninsurance:\n  public_liability: 10000000\ncertifications: [Cyber Essentials Plus]\n"
    code, out, _ = run(tmp_path, capsys, rich)
    assert code == 0
    assert "3 gate(s): 3 met" in out and "Bid effort (an estimate)" in out and "PP-PROP-001" in out


def test_bad_profile_exits_2(tmp_path: Path, capsys) -> None:
    code, _, err = run(tmp_path, capsys, "turnvoer: 5\n")
    assert code == 2 and "error[bad-profile]" in err and "turnvoer" in err


def test_one_question_per_clause_when_several_gates_of_it_fail(tmp_path: Path, capsys) -> None:
    listed = ("# Invitation to tender: library shelving\n\n## Selection\n\n"
              "Bidders must provide evidence with their tender that they hold the following insurance:\n\n"
              "- Public liability insurance of £5 million\n- Employer's liability insurance of £5 million\n"
              "- Professional indemnity insurance of £2 million\n")
    (tmp_path / "shelving.md").write_text(listed)
    (tmp_path / "profile.yaml").write_text("insurance: {}\n")
    main(["gates", str(tmp_path / "shelving.md"), "--profile", str(tmp_path / "profile.yaml"), "--format", "json"])
    data = json.loads(capsys.readouterr()[0])
    assert [g["status"] for g in data["gates"]] == ["does_not_meet"] * 3
    asked = [(q["rule_id"], q["where"]) for q in data["questions"]]
    assert len(asked) == len(set(asked))  # two gates no rule objects to share one question, not two alike
    assert sum(q["rule_id"] == "" for q in data["questions"]) == 1
