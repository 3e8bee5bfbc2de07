"""The benchmark harness of jobboard's read path: `uv run python -m bench run --postings N`.

Not collected by pytest (testpaths is ``tests``); see bench/README.md.
"""
