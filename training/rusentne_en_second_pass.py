"""The second pass over RuSentNE-en (data/rusentne-en/second-pass/): a different translator
checked a random 5% of the sentences against the Russian. Prints the error rate and the errors.

    python training/rusentne_en_second_pass.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "data" / "rusentne-en" / "second-pass"


def main() -> int:
    checks = [json.loads(line) for path in sorted(FOLDER.glob("check-*.jsonl"))
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not checks:
        print(f"{FOLDER}: no check-*.jsonl files", file=sys.stderr)
        return 2
    kinds = Counter(e["kind"] for c in checks for e in c["errors"])
    wrong = [c for c in checks if any(e["kind"] != "style" for e in c["errors"])]
    print(f"{len(checks)} sentences checked, {len(wrong)} with an error other than style: "
          f"error rate {len(wrong) / len(checks):.1%}")
    print("errors by kind: " + ", ".join(f"{k} {kinds[k]}" for k in ("meaning", "evaluation", "span", "name", "style")))
    for c in wrong:
        for e in c["errors"]:
            if e["kind"] != "style":
                print(f"  {c['sid']} {e['kind']}: {e['what']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
