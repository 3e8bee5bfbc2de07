"""`jobboard`: serve the board, migrate, run the projector, and the admin commands.

Every admin endpoint of the HTTP API has a twin here, so the board can be run
from a shell as well as over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from adapters.container import Container, release
from adapters.http.rendering import plain
from adapters.postgres.company_presence import board_has_companies
from adapters.postgres.migrate import upgrade
from adapters.runtime import build_container, configure_logging, database
from adapters.seed_files import SeedError
from adapters.seeding import SeedReport, load_seeds
from adapters.settings import Settings
from application.catalogue import Application
from application.commands.api_keys import IssueAdminKey
from application.commands.company_status import ReinstateCompany, SuspendCompany, VerifyCompany
from application.commands.import_posting_text import ImportPostingText
from application.commands.posting_lifecycle import ExpirePostings, TakeDownPosting
from application.commands.read_models import RebuildReadModels, VerifyReadModels
from application.commands.requirement_catalogue import (
    AddRequirement,
    AliasRequirement,
    MergeRequirements,
    RenameRequirement,
)
from application.queries.lookups import FindCompanyBySlug
from domain.errors import DomainError, NotFound
from domain.ids import CompanyId, PostingId, RequirementId

AdminAct = Callable[[Application, argparse.Namespace], Awaitable[Any]]

log = logging.getLogger(__name__)

# Where `seed` and a first `serve` find the seed data: relative to the working directory.
DEFAULT_SEEDS_DIR = Path("seeds")


def _serve(settings: Settings, args: argparse.Namespace) -> int:
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
        report = await load_seeds(container.application(), seeds_dir)
        await container.projector().drain()
        return report
    finally:
        await release(container)


def _seed_a_new_embedded_board(settings: Settings, url: str) -> None:
    """Seed the embedded database the first time it serves, so a newcomer sees a real board."""
    if not DEFAULT_SEEDS_DIR.is_dir():
        log.warning("no %s/ in the working directory; serving an empty board", DEFAULT_SEEDS_DIR)
        return
    try:
        report = asyncio.run(
            _seed_board(build_container(settings, url), DEFAULT_SEEDS_DIR, only_if_empty=True)
        )
    except (DomainError, SeedError):
        log.exception("seeding the new board failed; `jobboard seed` retries it")
        return
    if report is not None:
        log.info(
            "seeded the new board from %s/: %d postings",
            DEFAULT_SEEDS_DIR,
            len(report.postings_created),
        )


def _seed(settings: Settings, args: argparse.Namespace) -> int:
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
            ImportPostingText(CompanyId(company.id), text)
        )
        return {"id": str(imported.posting_id), "parse": imported.report.as_dict()}
    finally:
        await release(container)


def _import(settings: Settings, args: argparse.Namespace) -> int:
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


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    with database(settings) as (url, _):
        upgrade(url)
    print("database schema is up to date")
    return 0


def _projector(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.serving import run_projector

    with database(settings) as (url, _):
        asyncio.run(run_projector(build_container(settings, url), migrate=True, role="command"))
    return 0


def _config(settings: Settings, args: argparse.Namespace) -> int:
    print(json.dumps(settings.masked(), indent=2, default=str))
    return 0


async def _admin_act(container: Container, act: AdminAct, args: argparse.Namespace) -> Any:
    try:
        return await act(container.application(), args)
    finally:
        await release(container)


def _admin(
    act: AdminAct, render: Callable[[Any], str]
) -> Callable[[Settings, argparse.Namespace], int]:
    def run(settings: Settings, args: argparse.Namespace) -> int:
        with database(settings) as (url, _):
            upgrade(url)
            try:
                result = asyncio.run(_admin_act(build_container(settings, url), act, args))
            except DomainError as error:
                print(f"error: {error.message}", file=sys.stderr)
                return 1
        print(render(result))
        return 0

    return run


def _as_json(result: Any) -> str:
    return json.dumps(plain(result), indent=2)


def _done(_: Any) -> str:
    return "done"


ADMIN_ACTS: dict[
    str, tuple[str, AdminAct, Callable[[Any], str], list[tuple[str, dict[str, Any]]]]
] = {
    "create-key": (
        "print a new admin API key (shown once)",
        lambda app, a: app.commands.issue_admin_key(IssueAdminKey()),
        lambda issued: issued.api_key,
        [],
    ),
    "verify-company": (
        "verify a pending company",
        lambda app, a: app.commands.verify_company(VerifyCompany(CompanyId(a.company_id))),
        _done,
        [("company_id", {"type": UUID})],
    ),
    "suspend-company": (
        "suspend a company; its postings leave the board",
        lambda app, a: app.commands.suspend_company(
            SuspendCompany(CompanyId(a.company_id), a.reason)
        ),
        _done,
        [("company_id", {"type": UUID}), ("--reason", {"required": True})],
    ),
    "reinstate-company": (
        "lift a company's suspension",
        lambda app, a: app.commands.reinstate_company(ReinstateCompany(CompanyId(a.company_id))),
        _done,
        [("company_id", {"type": UUID})],
    ),
    "take-down-posting": (
        "remove a posting from the board",
        lambda app, a: app.commands.take_down_posting(
            TakeDownPosting(PostingId(a.posting_id), a.reason)
        ),
        _done,
        [("posting_id", {"type": UUID}), ("--reason", {"required": True})],
    ),
    "expire-postings": (
        "expire every posting past its valid_through",
        lambda app, a: app.commands.expire_postings(ExpirePostings()),
        lambda n: f"expired {n}",
        [],
    ),
    "add-requirement": (
        "add an entry to the requirement catalogue",
        lambda app, a: app.commands.add_requirement(
            AddRequirement(a.name, a.kind, tuple(a.alias or ()))
        ),
        str,
        [("name", {}), ("--kind", {"required": True}), ("--alias", {"action": "append"})],
    ),
    "rename-requirement": (
        "rename a catalogue entry (the old name stays an alias)",
        lambda app, a: app.commands.rename_requirement(
            RenameRequirement(RequirementId(a.requirement_id), a.name)
        ),
        _done,
        [("requirement_id", {"type": UUID}), ("name", {})],
    ),
    "alias-requirement": (
        "add aliases to a catalogue entry",
        lambda app, a: app.commands.alias_requirement(
            AliasRequirement(RequirementId(a.requirement_id), tuple(a.alias))
        ),
        _done,
        [("requirement_id", {"type": UUID}), ("alias", {"nargs": "+"})],
    ),
    "merge-requirements": (
        "fold one catalogue entry into another",
        lambda app, a: app.commands.merge_requirements(
            MergeRequirements(RequirementId(a.requirement_id), RequirementId(a.into))
        ),
        _done,
        [("requirement_id", {"type": UUID}), ("--into", {"type": UUID, "required": True})],
    ),
    "rebuild-read-models": (
        "recompute the read models from the write side",
        lambda app, a: app.commands.rebuild_read_models(RebuildReadModels()),
        _as_json,
        [],
    ),
    "verify-read-models": (
        "compare the read models with a fresh rebuild",
        lambda app, a: app.commands.verify_read_models(VerifyReadModels()),
        _as_json,
        [],
    ),
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="jobboard", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the HTTP API (migrates first)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers", type=int, help="API worker processes (default JOBBOARD_WORKERS, 1)"
    )
    serve.add_argument(
        "--no-projector",
        action="store_true",
        help="run no projector here (run `jobboard projector` elsewhere)",
    )
    serve.set_defaults(run=_serve)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    commands.add_parser("projector", help="run the projector alone").set_defaults(run=_projector)
    commands.add_parser("config", help="print the effective settings").set_defaults(run=_config)
    imported = commands.add_parser(
        "import-text", help="draft a posting for a company from a job description file (admin)"
    )
    imported.add_argument("file")
    imported.add_argument("--company", required=True, help="the company's slug")
    imported.set_defaults(run=_import)
    seed = commands.add_parser(
        "seed", help="load the seed companies, catalogue and postings (idempotent)"
    )
    seed.add_argument(
        "--dir", type=Path, default=DEFAULT_SEEDS_DIR, help="seed directory (default: seeds)"
    )
    seed.set_defaults(run=_seed)

    admin = commands.add_parser("admin", help="admin commands").add_subparsers(
        dest="act", required=True
    )
    for name, (help_text, act, render, arguments) in ADMIN_ACTS.items():
        sub = admin.add_parser(name, help=help_text)
        for flag, options in arguments:
            sub.add_argument(flag, **options)
        sub.set_defaults(run=_admin(act, render))
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings)
    code: int = args.run(settings, args)
    return code


if __name__ == "__main__":
    sys.exit(main())
