"""Entry point: `uv run python -m bench run --postings N --out FILE.json`."""

from __future__ import annotations

import sys

from bench.run import main

if __name__ == "__main__":
    sys.exit(main())
