#!/usr/bin/env python3
"""Write rules/example-messages.yaml: each rule's message with example wording (from its first
flagged example), which the rule catalogue shows instead of `{placeholders}`.

    scripts/example_messages.py           write the file
    scripts/example_messages.py --check   exit 1 if it is out of date (tests/rules/test_example_messages.py)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tenderlint.rulepack.loader import DEFAULT_RULES_DIR, load_pack
from tenderlint.rulepack.wording import EXAMPLES_FILE, dump, generate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report a stale file instead of writing it")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES_DIR, help="the rule pack folder (default: rules/)")
    args = parser.parse_args()
    path = Path(args.rules) / EXAMPLES_FILE
    text = dump(generate(load_pack(args.rules)))
    stale = not path.exists() or path.read_text(encoding="utf-8") != text
    if args.check:
        if stale:
            print(f"{path} is out of date: run scripts/example_messages.py", file=sys.stderr)
        return 1 if stale else 0
    if stale:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
