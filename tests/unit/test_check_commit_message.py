"""The commit-msg hook refuses an empty or overlong subject, as git will record it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "scripts" / "check_commit_message.py"


def run_hook(tmp_path: Path, message: str) -> subprocess.CompletedProcess[str]:
    message_file = tmp_path / "COMMIT_EDITMSG"
    message_file.write_text(message, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(message_file)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_short_subject_with_a_long_body_is_accepted(tmp_path: Path) -> None:
    body = "why it changed, " * 20
    result = run_hook(tmp_path, f"Move the run tables to bench/RESULTS.md\n\n{body}\n")
    assert result.returncode == 0, result.stderr


def test_a_subject_of_exactly_72_characters_is_accepted(tmp_path: Path) -> None:
    assert run_hook(tmp_path, "x" * 72 + "\n").returncode == 0


def test_a_subject_over_72_characters_is_refused_with_its_length(tmp_path: Path) -> None:
    result = run_hook(tmp_path, "y" * 73 + "\n\nthe body\n")
    assert result.returncode == 1
    assert "73 characters, over 72" in result.stderr


def test_a_message_of_only_comments_and_blank_lines_is_refused(tmp_path: Path) -> None:
    result = run_hook(tmp_path, "\n# Please enter the commit message.\n\n#\n")
    assert result.returncode == 1
    assert "no subject" in result.stderr


def test_comment_lines_and_leading_blank_lines_are_not_the_subject(tmp_path: Path) -> None:
    long_comment = "# " + "c" * 100
    result = run_hook(tmp_path, f"{long_comment}\n\n  \nShort subject\n")
    assert result.returncode == 0, result.stderr


def test_nothing_below_the_scissors_line_counts_as_the_subject(tmp_path: Path) -> None:
    message = (
        "\n# ------------------------ >8 ------------------------\n"
        "diff --git a/README.md b/README.md\n"
    )
    assert run_hook(tmp_path, message).returncode == 1
