"""Which database a command uses, said once on stderr, and the refusal to start a new,
empty embedded board where a command expects an existing one."""

from __future__ import annotations

from adapters.postgres.embedded import DataDir
from adapters.settings import Settings
from adapters.url_masking import mask_url


def database_in_use(settings: Settings, where: DataDir) -> str:
    """For people: DATABASE_URL (masked) and the read replica, or the embedded data directory."""
    if settings.database_url is not None:
        said = f"DATABASE_URL {mask_url(settings.database_url.get_secret_value())}"
        if settings.read_database_url is not None:
            replica = mask_url(settings.read_database_url.get_secret_value())
            said += f", reads from JOBBOARD_READ_DATABASE_URL {replica}"
        return said
    said = f"the embedded PostgreSQL in {where.path} (chosen by {where.chosen_by}"
    return said + (")" if where.holds_a_board else "; no board there yet)")


def using_line(settings: Settings, where: DataDir) -> str:
    return f"using {database_in_use(settings, where)}"


def no_board_yet(where: DataDir) -> str:
    """Why a command that needs an existing board refuses to make a new one, and what to do."""
    return (
        f"error: there is no board in {where.path} (chosen by {where.chosen_by}), and this "
        "command would start a new, empty one there.\n"
        "  Start the board with `jobboard serve` (or load the seeds with `jobboard seed`);\n"
        "  or point JOBBOARD_DATA_DIR at the data directory of the board you run, or "
        "DATABASE_URL at its database;\n"
        "  or pass --create to start a new, empty board there."
    )
