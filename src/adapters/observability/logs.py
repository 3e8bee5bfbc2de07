"""Structured logs: JSON lines for machines, a readable console for people at a terminal.

Every record (the board's own, the standard library's, uvicorn's) goes through the
same structlog processors to stderr, so stdout stays free for command output. The
request id of the request being served is bound in a context variable and lands on
every line logged while serving it.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any, Literal

import orjson
import structlog
from structlog.typing import EventDict, Processor

LogFormat = Literal["auto", "json", "console"]


def _json_dumps(event: Any, **_: Any) -> str:
    return orjson.dumps(event, default=str).decode()


def _add_pid(_: Any, __: str, event_dict: EventDict) -> EventDict:
    event_dict["pid"] = os.getpid()  # which worker process said it
    return event_dict


def _drop_color_message(_: Any, __: str, event_dict: EventDict) -> EventDict:
    event_dict.pop("color_message", None)  # uvicorn's coloured duplicate of the message
    return event_dict


def _console(log_format: LogFormat) -> bool:
    return log_format == "console" or (log_format == "auto" and sys.stderr.isatty())


class JsonAccessLog:
    """The per-request line as JSON, rendered with orjson and written with one system call.

    It writes the same fields, in the same shape, as the structlog pipeline below would
    (event, level, pid, timestamp and the request's own), without its generic machinery:
    this runs once per request, and a structlog call costs about twice as much here.
    """

    __slots__ = ("_fd", "_pid")

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._pid = os.getpid()

    def info(self, event: str, **fields: Any) -> None:
        fields["event"] = event
        fields["level"] = "info"
        fields["pid"] = self._pid
        fields["timestamp"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        os.write(self._fd, orjson.dumps(fields, option=orjson.OPT_APPEND_NEWLINE))


def access_logger(level: str = "INFO", log_format: LogFormat = "auto") -> Any:
    """The logger of the per-request line (None when INFO lines are filtered out): a lean JSON
    writer to stderr, or structlog's console renderer for a person at a terminal."""
    if logging.getLevelNamesMapping()[level.upper()] > logging.INFO:
        return None
    if not _console(log_format):
        return JsonAccessLog(sys.stderr.fileno())
    return structlog.wrap_logger(
        structlog.PrintLogger(sys.stderr),
        processors=[
            structlog.processors.add_log_level,
            _add_pid,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty()),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
    )


def configure_logging(level: str = "INFO", log_format: LogFormat = "auto") -> None:
    """Route every log record through structlog: JSON lines, or a console view on a terminal."""
    console = _console(log_format)
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        _add_pid,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor = (
        structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        if console
        else structlog.processors.JSONRenderer(serializer=_json_dumps)
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder(), _drop_color_message],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's handlers would print a second, unstructured copy; its access line is replaced
    # by the app's own (observability.middleware), which carries the request id.
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    uvicorn_access = logging.getLogger("uvicorn.access")
    uvicorn_access.handlers.clear()
    uvicorn_access.propagate = False

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
