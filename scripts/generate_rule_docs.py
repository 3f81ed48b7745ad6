#!/usr/bin/env python3
"""Write rules/schema.json and the kinds table in rules/README.md from the check kinds' declarations.

Run it after adding or changing a kind's parameters (tenderlint/checks/<kind>.py):

    scripts/generate_rule_docs.py           write both files
    scripts/generate_rule_docs.py --check   exit 1 if either is out of date (tests/rules/test_kinds.py)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tenderlint.rulepack.loader import DEFAULT_RULES_DIR
from tenderlint.rulepack.schema import schema_text, with_kinds_table


def generated(rules: Path) -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    readme = rules / "README.md"
    return {rules / "schema.json": schema_text(), readme: with_kinds_table(readme.read_text(encoding="utf-8"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files instead of writing them")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES_DIR, help="the rule pack folder (default: rules/)")
    args = parser.parse_args()
    stale = [path for path, text in generated(args.rules).items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run scripts/generate_rule_docs.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in generated(args.rules).items():
        if path in stale:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
