"""Where the embedded PostgreSQL keeps its data: chosen once, never by the working directory
alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.postgres.embedded import project_root, resolve_data_dir


def _pyproject(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(f'[project]\nname = "{name}"\n')
    return directory


def test_an_explicit_data_dir_wins_and_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = _pyproject(tmp_path / "checkout", "jobboard")
    monkeypatch.chdir(checkout)

    chosen = resolve_data_dir(Path("board"), starts=[checkout])

    assert (chosen.path, chosen.chosen_by) == (checkout / "board", "JOBBOARD_DATA_DIR")


def test_the_checkout_is_found_from_a_directory_deep_inside_it(tmp_path: Path) -> None:
    checkout = _pyproject(tmp_path / "checkout", "jobboard")
    deep = checkout / "src" / "adapters"
    deep.mkdir(parents=True)

    chosen = resolve_data_dir(None, starts=[deep])

    assert chosen.path == checkout / ".jobboard"
    assert str(checkout) in chosen.chosen_by


def test_another_projects_pyproject_is_passed_by(tmp_path: Path) -> None:
    checkout = _pyproject(tmp_path / "checkout", "jobboard")
    vendored = _pyproject(checkout / "vendor" / "other", "other-project")
    (vendored / "broken").mkdir()
    (vendored / "broken" / "pyproject.toml").write_text("not [toml")

    assert project_root(vendored / "broken") == checkout


def test_the_next_start_is_tried_when_the_first_is_in_no_checkout(tmp_path: Path) -> None:
    installed_from = _pyproject(tmp_path / "installed", "jobboard")
    (tmp_path / "elsewhere").mkdir()

    chosen = resolve_data_dir(None, starts=[tmp_path / "elsewhere", installed_from])

    assert chosen.path == installed_from / ".jobboard"


def test_outside_any_checkout_the_per_user_data_directory_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    chosen = resolve_data_dir(None, starts=[])

    assert chosen.path == tmp_path / "data" / "jobboard"
    assert chosen.chosen_by == "the per-user data directory"


def test_without_xdg_data_home_the_per_user_directory_is_under_the_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))

    assert resolve_data_dir(None, starts=[]).path == tmp_path / ".local" / "share" / "jobboard"


def test_a_directory_without_a_cluster_holds_no_board(tmp_path: Path) -> None:
    chosen = resolve_data_dir(tmp_path)
    assert not chosen.holds_a_board

    (tmp_path / "PG_VERSION").write_text("18\n")
    assert chosen.holds_a_board
