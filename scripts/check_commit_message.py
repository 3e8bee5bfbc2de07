"""The commit-msg hook: a commit's subject is present and at most 72 characters.

    uv run python scripts/check_commit_message.py .git/COMMIT_EDITMSG

Git hands the hook the message before it strips comments, so comment lines, the
scissors line and everything below it, and leading blank lines are skipped the
way git will skip them. Exit status 1, with the reason on stderr, refuses the commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_SUBJECT = 72
SCISSORS = "------------------------ >8 ------------------------"


def subject(message: str) -> str:
    """The line git will record as the subject: the first one with text that is no comment."""
    for line in message.splitlines():
        if line.startswith("#"):
            if SCISSORS in line:
                break
            continue
        if line.strip():
            return line.rstrip()
    return ""


def problem(message: str) -> str | None:
    """Why the message is refused, or None when it may be committed."""
    line = subject(message)
    if not line:
        return "the commit message has no subject"
    if len(line) > MAX_SUBJECT:
        return (
            f"the subject is {len(line)} characters, over {MAX_SUBJECT}: "
            "keep it short and put the detail in the body"
        )
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: check_commit_message.py MESSAGE_FILE", file=sys.stderr)
        return 2
    reason = problem(Path(argv[1]).read_text(encoding="utf-8"))
    if reason is not None:
        print(f"commit refused: {reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
