"""`jobboard`: serve the board, migrate, run the projector, and the admin commands.

Every admin endpoint of the HTTP API has a twin here, so the board can be run
from a shell as well as over HTTP. Without DATABASE_URL the commands share an
embedded PostgreSQL: JOBBOARD_DATA_DIR, else .jobboard in the jobboard checkout,
else $XDG_DATA_HOME/jobboard. Each command says on stderr which database it uses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from adapters.cli.admin_acts import ADMIN_ACTS, AdminAct, os_user
from adapters.cli.verbosity import set_up_logging
from adapters.cli.which_database import database_in_use, no_board_yet, using_line
from adapters.container import Container, release
from adapters.postgres.company_presence import board_has_companies
from adapters.postgres.embedded import DataDir, checkout_root, resolve_data_dir
from adapters.postgres.migrate import upgrade
from adapters.runtime import build_container, database
from adapters.seed_files import SeedError
from adapters.seeding import SeedReport, load_seeds
from adapters.settings import Settings
from application.audit import Actor
from application.commands.import_posting_text import ImportPostingText
from application.queries.lookups import FindCompanyBySlug
from domain.errors import DomainError, NotFound
from domain.ids import CompanyId

log = logging.getLogger(__name__)

Run = Callable[[Settings, DataDir, argparse.Namespace], int]


def default_seeds_dir() -> Path:
    """seeds/ of the jobboard checkout, else of the working directory."""
    root = checkout_root()
    return (root if root is not None else Path()) / "seeds"


def _serve(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    from adapters.serving import serve

    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    with database(settings) as (url, release):
        embedded = settings.database_url is None
        if embedded:  # migrated here, to seed a new board before anything serves it
            upgrade(url)
            _seed_a_new_embedded_board(settings, url)
        return serve(
            settings,
            url,
            host=args.host or settings.host,
            port=args.port or settings.port,
            workers=args.workers or settings.workers,
            run_projector=settings.run_projector and not args.no_projector,
            migrate=settings.migrate_on_start and not embedded,
            on_shutdown=release,
        )


async def _seed_board(
    container: Container, seeds_dir: Path, *, only_if_empty: bool = False
) -> SeedReport | None:
    """Load the seeds and project them, so the public board shows them at once.

    With ``only_if_empty``, a board that has any company is left as it is (None).
    """
    try:
        if only_if_empty and await board_has_companies(container.engine()):
            return None
        report = await load_seeds(container.application(), seeds_dir, Actor.cli(os_user()))
        await container.projector().drain()
        return report
    finally:
        await release(container)


def _seed_a_new_embedded_board(settings: Settings, url: str) -> None:
    """Seed the embedded database the first time it serves, so a newcomer sees a real board."""
    seeds = default_seeds_dir()
    if not seeds.is_dir():
        log.warning("no %s/ to seed the board from; serving an empty board", seeds)
        return
    try:
        report = asyncio.run(_seed_board(build_container(settings, url), seeds, only_if_empty=True))
    except (DomainError, SeedError):
        log.exception("seeding the new board failed; `jobboard seed` retries it")
        return
    if report is not None:
        log.info("seeded the new board from %s/: %d postings", seeds, len(report.postings_created))


def _seed(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    with database(settings) as (url, _):
        upgrade(url)
        try:
            report = asyncio.run(_seed_board(build_container(settings, url), args.dir))
        except (DomainError, SeedError) as error:
            message = error.message if isinstance(error, DomainError) else str(error)
            print(f"error: {message}", file=sys.stderr)
            return 1
    if report is not None:  # always: only `serve` seeds only if empty
        print(report.render())
    return 0


async def _import_text(container: Container, text: str, slug: str) -> dict[str, Any]:
    try:
        app = container.application()
        company = await app.queries.find_company_by_slug(FindCompanyBySlug(slug))
        if company is None:
            raise NotFound(f"no company with the slug {slug!r}")
        imported = await app.commands.import_posting_text(
            ImportPostingText(CompanyId(company.id), text, actor=Actor.cli(os_user()))
        )
        return {"id": str(imported.posting_id), "parse": imported.report.as_dict()}
    finally:
        await release(container)


def _import(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    with database(settings) as (url, _):
        upgrade(url)
        try:
            result = asyncio.run(_import_text(build_container(settings, url), text, args.company))
        except DomainError as error:
            print(f"error: {error.message}", file=sys.stderr)
            return 1
    print(json.dumps(result, indent=2))
    return 0


def _migrate(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    with database(settings) as (url, _):
        upgrade(url)
    print("database schema is up to date")
    return 0


def _projector(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    from adapters.serving import run_projector

    with database(settings) as (url, _):
        asyncio.run(run_projector(build_container(settings, url), migrate=True, role="command"))
    return 0


def _relay(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    from adapters.serving import run_relay

    if settings.nats_url is None:
        print(
            "error: the relay needs JOBBOARD_NATS_URL (e.g. nats://127.0.0.1:4222)", file=sys.stderr
        )
        return 2
    with database(settings) as (url, _):
        asyncio.run(run_relay(build_container(settings, url), migrate=True, role="command"))
    return 0


# Job alerts (issue 20 item 3): the mailer alone.
def _mailer(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    from adapters.serving import run_mailer

    if settings.smtp_host is None:
        print("error: the mailer needs JOBBOARD_SMTP_HOST", file=sys.stderr)
        return 2
    with database(settings) as (url, _):
        asyncio.run(run_mailer(build_container(settings, url), migrate=True, role="command"))
    return 0


def _webhooks(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    from adapters.serving import run_webhooks
    from adapters.webhooks.secrets import new_key

    if args.new_key:
        print(new_key())
        return 0
    if settings.webhook_secret_key is None:
        print(
            "error: the webhook worker needs JOBBOARD_WEBHOOK_SECRET_KEY "
            "(`jobboard webhooks --new-key` makes one)",
            file=sys.stderr,
        )
        return 2
    with database(settings) as (url, _):
        asyncio.run(run_webhooks(build_container(settings, url), migrate=True, role="command"))
    return 0


def _config(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
    shown = settings.masked()
    shown["database_in_use"] = database_in_use(settings, where)
    print(json.dumps(shown, indent=2, default=str))
    return 0


async def _admin_act(container: Container, admin: AdminAct, args: argparse.Namespace) -> Any:
    try:
        return await admin.act(container.application(), args, Actor.cli(os_user()))
    finally:
        await release(container)


def _admin(admin: AdminAct) -> Run:
    def run(settings: Settings, where: DataDir, args: argparse.Namespace) -> int:
        with database(settings) as (url, _):
            upgrade(url)
            try:
                result = asyncio.run(_admin_act(build_container(settings, url), admin, args))
            except DomainError as error:
                print(f"error: {error.message}", file=sys.stderr)
                return 1
        print(admin.render(result))
        return 0

    return run


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's default, where it has one to show (not an unset one, not a switch's)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


def _verbose_option(parser: argparse.ArgumentParser, *, default: Any) -> None:
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default,
        help="also print the log records (and the embedded PostgreSQL's) on stderr; "
        "JOBBOARD_LOG_LEVEL sets their level",
    )


def _create_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--create",
        action="store_true",
        help="without DATABASE_URL, start a new, empty embedded board when there is none "
        "in the data directory (else the command refuses)",
    )


def _command(
    group: Any, name: str, help: str, run: Run, description: str | None = None
) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = group.add_parser(
        name,
        help=help,
        description=description or f"{help[0].upper()}{help[1:]}.",
        formatter_class=_HelpFormatter,
    )
    # On each command as well as before it: `jobboard admin create-key -v` works too. Not
    # set here unless given, so it does not undo a -v given before the command.
    _verbose_option(command, default=argparse.SUPPRESS)
    command.set_defaults(run=run)
    return command


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="jobboard", description=__doc__, formatter_class=_HelpFormatter
    )
    _verbose_option(root, default=False)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    fields = Settings.model_fields

    serve = _command(
        commands,
        "serve",
        "serve the HTTP API (migrates first)",
        _serve,
        "Serve the HTTP API. Without DATABASE_URL it starts the embedded PostgreSQL (a new "
        "one, seeded from seeds/, when there is none yet). It logs as JOBBOARD_LOG_LEVEL "
        "and JOBBOARD_LOG_FORMAT say.",
    )
    serve.add_argument(
        "--host",
        help=f"address to listen on (default: JOBBOARD_HOST, else {fields['host'].default})",
    )
    serve.add_argument(
        "--port",
        type=int,
        help=f"port to listen on (default: JOBBOARD_PORT, else {fields['port'].default})",
    )
    serve.add_argument(
        "--workers",
        type=int,
        help="API worker processes, with one projector process beside them "
        f"(default: JOBBOARD_WORKERS, else {fields['workers'].default})",
    )
    serve.add_argument(
        "--no-projector",
        action="store_true",
        help="run no projector here (run `jobboard projector` elsewhere)",
    )
    _command(commands, "migrate", "apply the database migrations", _migrate)
    projector = _command(
        commands,
        "projector",
        "run the projector alone",
        _projector,
        "Run the projector alone: it applies the outbox's events to the read models until "
        "SIGTERM. For `serve --no-projector`.",
    )
    _create_option(projector)
    relay = _command(
        commands,
        "relay",
        "run the relay of integration events to NATS JetStream alone",
        _relay,
        "Run the relay alone: it publishes every outbox event as a CloudEvents message to "
        "the JetStream stream JOBBOARD_NATS_STREAM at JOBBOARD_NATS_URL until SIGTERM. For "
        "`serve` with JOBBOARD_RUN_RELAY=false.",
    )
    _create_option(relay)
    # Job alerts (issue 20 item 3).
    mailer = _command(
        commands,
        "mailer",
        "run the alert mailer alone",
        _mailer,
        "Run the alert mailer alone: it matches published postings against confirmed alerts "
        "and sends alert mail through JOBBOARD_SMTP_HOST until SIGTERM. For `serve` with "
        "JOBBOARD_RUN_MAILER=false.",
    )
    _create_option(mailer)
    # Signed webhooks (decision 019).
    webhooks = _command(
        commands,
        "webhooks",
        "run the webhook worker alone (signed deliveries to the registered endpoints)",
        _webhooks,
        "Run the webhook worker alone: it turns outbox events into deliveries to the "
        "registered endpoints and sends them, signed (Standard Webhooks), with retries, "
        "until SIGTERM. For `serve` without JOBBOARD_RUN_WEBHOOKS=true.",
    )
    webhooks.add_argument(
        "--new-key",
        action="store_true",
        help="print a new key for JOBBOARD_WEBHOOK_SECRET_KEY and exit",
    )
    _create_option(webhooks)
    _command(
        commands,
        "config",
        "print the effective settings, secrets masked",
        _config,
        "Print the effective settings as JSON, every password and secret masked, and which "
        "database the commands use (database_in_use). Starts nothing.",
    )
    imported = _command(
        commands,
        "import-text",
        "draft a posting for a company from a job description file (admin)",
        _import,
    )
    imported.add_argument("file", help="a plain-text job description (UTF-8)")
    imported.add_argument("--company", required=True, help="the company's slug")
    _create_option(imported)
    seed = _command(
        commands,
        "seed",
        "load the seed companies, catalogue and postings (idempotent)",
        _seed,
    )
    seed.add_argument("--dir", type=Path, default=default_seeds_dir(), help="seed directory")

    admin_command = commands.add_parser(
        "admin",
        help="admin commands (`jobboard admin -h` lists them)",
        description="Admin commands: the twins of the /v1/admin routes.",
        formatter_class=_HelpFormatter,
    )
    admin = admin_command.add_subparsers(dest="act", required=True, metavar="ACT")
    for name, act in ADMIN_ACTS.items():
        sub = _command(admin, name, act.help, _admin(act), act.description)
        for flag, options in act.arguments:
            sub.add_argument(flag, **options)
        _create_option(sub)
    return root


# Commands that may start a new, empty embedded board (config starts none); the others
# refuse without --create, which each of them takes.
MAY_CREATE_A_BOARD = frozenset({"serve", "seed", "migrate", "config"})


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"error: invalid settings:\n{error}", file=sys.stderr)
        return 2
    set_up_logging(args.command, verbose=args.verbose, settings=settings)
    # Resolved once, here: every part of the command uses this same directory.
    where = resolve_data_dir(settings.data_dir)
    settings = settings.model_copy(update={"data_dir": where.path})
    may_create = args.command in MAY_CREATE_A_BOARD or args.create
    may_create = may_create or getattr(args, "new_key", False)  # webhooks --new-key: no board
    if settings.database_url is None and not where.holds_a_board and not may_create:
        print(no_board_yet(where), file=sys.stderr)
        return 1
    print(using_line(settings, where), file=sys.stderr)
    code: int = args.run(settings, where, args)
    return code


if __name__ == "__main__":
    sys.exit(main())
