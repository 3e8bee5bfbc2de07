"""`python -m bench run`: fill, serve, load, and report every figure as a ratio."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg
import httpx

from adapters.postgres.database import asyncpg_dsn
from bench.data import COMMON_WORDS, MID_WORDS, RARE_WORDS
from bench.fill import (
    FillReport,
    create_database,
    drop_database,
    fill,
    server,
    vacuum_and_checkpoint,
    verify,
)
from bench.load import LoadResult, run_load, wrk_available
from bench.servers import Server, serve, serve_all
from bench.writer import LagResult, admin_key, measure_drain, measure_lag

# Filters + newest first: the values exist in bench/data.py's board.
FILTERED = [
    "/v1/postings?country=DE",
    "/v1/postings?country=US&workplace=remote",
    "/v1/postings?language=fr",
    "/v1/postings?requirement=Python",
    "/v1/postings?country=GB&employment_type=contract",
    "/v1/postings?salary_min=100000&currency=USD",
    "/v1/postings?seniority=senior&country=NL",
    "/v1/postings?city=London",
    "/v1/postings",
    "/v1/postings?requirement=Kubernetes&workplace=remote&workplace=hybrid",
]
# Ranked text search, rare, mid and common words in turn (plus two-word queries).
WORDS = [w for trio in zip(RARE_WORDS, MID_WORDS, COMMON_WORDS, strict=False) for w in trio]
RANKED = [f"/v1/postings?q={quote(w)}" for w in [*WORDS, "senior engineer", "python developer"]]
TIMEOUT_MS = 10_000.0  # a request slower than this counts as failed
FACETS = "country,language,workplace,employment_type,requirement,company"
DEEP_QUERIES = ["/v1/postings", "/v1/postings?language=en", "/v1/postings?workplace=onsite"]


PHASES = ("P1", "P2", "P3", "P4", "P6", "P7")
# The figures the issue names, by the phase that writes them; a run must write those of
# every phase it ran, and p5_postings_per_s (the fill's), so a full run writes them all.
PHASE_KEYS = {
    "P1": ("p1_vs_raw", "p1_vs_conventional", "p1_p99_ratio"),
    "P2": ("p2_filtered", "p2_ranked", "p2_ranked_p99_ms"),
    "P3": ("p3_cursor", "p3_facets"),
    "P4": ("p4_lag_p99_ms", "p4_drain_ratio"),
    "P6": ("p6_simple_p50_under_abuse",),
    "P7": ("p7_feed_p99_ratio",),
}


def _phases(text: str) -> tuple[str, ...]:
    chosen = tuple(p.strip().upper() for p in text.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"phases are a comma list of {','.join(PHASES)}")
    return chosen


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="fill the databases, serve, load, report")
    run.add_argument("--postings", type=int, required=True, help="N, e.g. 10000, 100000, 1000000")
    run.add_argument("--out", type=Path, required=True, help="where to write the figures (JSON)")
    run.add_argument("--seed", type=int, default=42)
    run.add_argument("--duration", type=float, default=10.0, help="seconds per load run")
    run.add_argument("--connections", type=int, default=32)
    run.add_argument("--max-requests", type=int, default=1_000_000, help="per load run")
    run.add_argument("--rounds", type=int, default=3, help="alternating A/B rounds")
    run.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of jobboard, with its own .venv (`uv sync` there): P1 also "
        "measures its jobboard, alternated with this one's, and reports both against raw",
    )
    run.add_argument("--load", choices=("auto", "wrk", "python"), default="auto")
    run.add_argument("--write-rate", type=float, default=200.0, help="P4 writes per second")
    run.add_argument("--backlog", type=int, default=2000, help="P4 drain backlog (writes)")
    run.add_argument(
        "--write-seconds",
        type=float,
        default=None,
        help="P4's writing time (default: the duration, at least 10 s: a p99 of 2,000"
        " writes, not of 800)",
    )
    run.add_argument("--deep-page", type=int, default=500, help="P3 page reached by cursor")
    run.add_argument(
        "--verify",
        choices=("auto", "always", "never"),
        default="auto",
        help="prove the read models equal to a rebuild (auto: up to 100k postings)",
    )
    run.add_argument("--server-log", type=Path, default=None, help="append servers' output here")
    run.add_argument(
        "--projector",
        choices=("process", "in-process"),
        default="process",
        help="jobboard's projector: a process of its own (as `serve --workers N` runs it)"
        " or inside the API process (`serve`'s default with one worker)",
    )
    run.add_argument(
        "--projector-nice",
        type=int,
        default=-10,
        help="JOBBOARD_PROJECTOR_NICE for jobboard's projector process, as docs/operations.md"
        " advises (-10); P4 also measures the lag with the projector as started",
    )
    run.add_argument(
        "--phases",
        type=_phases,
        default=PHASES,
        help="comma list of the load phases to run, of P1,P2,P3,P4,P6,P7 (default: all; P5, the"
        " fill, always runs)",
    )
    return parser.parse_args(argv)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.figures: dict[str, Any] = {}
        self.rows: list[tuple[str, str, str]] = []  # (figure, value, detail) for the table
        self._phase_started: float | None = None
        self.errors: dict[str, int] = {}  # failed requests under load, by server
        self._quiet_dsn: str | None = None  # where to wait for a load's leftovers to end
        self.cancelled = 0  # leftover queries cancelled after their load had ended

    # ---------------------------------------------------------------- load helpers

    def load(
        self,
        target: Server,
        paths: Sequence[str],
        seconds: float | None = None,
        connections: int | None = None,
    ) -> LoadResult:
        a = self.args
        result = run_load(
            target.url,
            paths,
            seconds=seconds if seconds is not None else a.duration,
            connections=connections if connections is not None else a.connections,
            max_requests=a.max_requests,
            tool=a.load,
        )
        self._settle()
        if not result.requests:
            # Every request failed (wrk's 10 s timeout, say): count their latency as the
            # timeout and the run as one request done, so the figures become bounds (a
            # ratio against this run is a lower bound) rather than the run stopping.
            seconds_run = result.seconds or (seconds if seconds is not None else a.duration)
            result = replace(result, p50_ms=TIMEOUT_MS, p99_ms=TIMEOUT_MS, rps=1 / seconds_run)
        if result.errors:  # timeouts of slow requests, say: counted, not fatal
            self.errors[target.name] = self.errors.get(target.name, 0) + result.errors
            self.figures["failed_requests"] = self.errors
        return result

    def _settle(self) -> None:
        """Let the database go quiet before the next run. When wrk stops, the requests it
        gave up on still run in PostgreSQL: the conventional app's ranked searches for a
        second or more at 100k. The run after it (jobboard's, in every round) would share
        the cores with them."""
        if self._quiet_dsn is not None:
            cancelled = asyncio.run(quiet(self._quiet_dsn))
            if cancelled:
                self.cancelled += cancelled
                self.figures["leftover_queries_cancelled"] = self.cancelled

    def alternate(
        self, runs: Mapping[str, Callable[[], LoadResult]]
    ) -> dict[str, list[LoadResult]]:
        """Every run once per round, in turn, for --rounds rounds."""
        results: dict[str, list[LoadResult]] = {name: [] for name in runs}
        for _ in range(self.args.rounds):
            for name, run in runs.items():
                results[name].append(run())
        return results

    def note(self, figure: str, value: float, detail: str, digits: int = 2) -> None:
        self.figures[figure] = round(value, 4)
        self.rows.append((figure, f"{value:.{digits}f}", detail))

    # ---------------------------------------------------------------- the figures

    def p1(self, servers: dict[str, Server]) -> None:
        worst: dict[str, float] = {}
        for mix, paths in (("filtered", FILTERED), ("ranked", RANKED)):
            for target in servers.values():  # warm every server on this mix
                self.load(target, paths, seconds=min(2.0, self.args.duration))
            runs = {name: partial(self.load, s, paths) for name, s in servers.items()}
            results = self.alternate(runs)
            jb, raw, conv = results["jobboard"], results["raw"], results["conventional"]
            vs_raw = statistics.median(_ratio(j.rps, r.rps) for j, r in zip(jb, raw, strict=True))
            vs_conv = statistics.median(_ratio(j.rps, c.rps) for j, c in zip(jb, conv, strict=True))
            p99 = statistics.median(j.p99_ms / r.p99_ms for j, r in zip(jb, raw, strict=True))
            if "baseline" in results:
                self._baseline(mix, results["baseline"], raw)
            rps = {name: statistics.median(r.rps for r in rs) for name, rs in results.items()}
            p99s = {name: statistics.median(r.p99_ms for r in rs) for name, rs in results.items()}
            self.figures[f"p1_{mix}_rps"] = {k: round(v, 1) for k, v in rps.items()}
            self.figures[f"p1_{mix}_p99_ms"] = {k: round(v, 2) for k, v in p99s.items()}
            self.note(
                f"p1_{mix}_vs_raw",
                vs_raw,
                f"rps jobboard {rps['jobboard']:.0f} / raw {rps['raw']:.0f}",
            )
            self.note(
                f"p1_{mix}_vs_conventional",
                vs_conv,
                f"rps jobboard {rps['jobboard']:.0f} / conventional {rps['conventional']:.0f}",
            )
            self.note(
                f"p1_{mix}_p99_ratio",
                p99,
                f"p99 jobboard {p99s['jobboard']:.1f} ms / raw {p99s['raw']:.1f} ms",
            )
            worst["vs_raw"] = min(worst.get("vs_raw", vs_raw), vs_raw)
            worst["vs_conv"] = min(worst.get("vs_conv", vs_conv), vs_conv)
            worst["p99"] = max(worst.get("p99", p99), p99)
        self.note("p1_vs_raw", worst["vs_raw"], "worse of filtered and ranked (target >= 0.85)")
        self.note(
            "p1_vs_conventional", worst["vs_conv"], "worse of filtered and ranked (target >= 3)"
        )
        self.note("p1_p99_ratio", worst["p99"], "worse of filtered and ranked (target <= 1.3)")

    def _baseline(self, mix: str, baseline: list[LoadResult], raw: list[LoadResult]) -> None:
        """The --baseline checkout's P1 ratios, from the same rounds as this one's."""
        self.note(
            f"p1_{mix}_baseline_vs_raw",
            statistics.median(_ratio(b.rps, r.rps) for b, r in zip(baseline, raw, strict=True)),
            f"the baseline {self.args.baseline}",
        )
        self.note(
            f"p1_{mix}_baseline_p99_ratio",
            statistics.median(b.p99_ms / r.p99_ms for b, r in zip(baseline, raw, strict=True)),
            f"the baseline {self.args.baseline}",
        )

    def p2(self, big: Server, small: Server, small_postings: int) -> None:
        n = self.args.postings
        for mix, paths in (("filtered", FILTERED), ("ranked", RANKED)):
            self.load(small, paths, seconds=min(2.0, self.args.duration))
            results = self.alternate(
                {
                    "big": partial(self.load, big, paths),
                    "small": partial(self.load, small, paths),
                }
            )
            ratio = statistics.median(
                b.p99_ms / s.p99_ms for b, s in zip(results["big"], results["small"], strict=True)
            )
            big_p99 = statistics.median(r.p99_ms for r in results["big"])
            small_p99 = statistics.median(r.p99_ms for r in results["small"])
            self.figures[f"p2_{mix}_p99_ms"] = {
                str(n): round(big_p99, 2),
                str(small_postings): round(small_p99, 2),
            }
            target = 3 if mix == "filtered" else 5
            self.note(
                f"p2_{mix}",
                ratio,
                f"p99 {big_p99:.1f} ms at {n} / {small_p99:.1f} ms at {small_postings}"
                f" (target <= {target})",
            )
            if mix == "ranked":
                self.note("p2_ranked_p99_ms", big_p99, f"ranked p99 at {n} (target <= 50 at 1M)", 1)
                # The same mix one request at a time: what a search costs without the queue
                # that --connections clients on two cores stand in.
                alone = self.load(big, paths, connections=1)
                self.figures["p2_ranked_one_connection"] = asdict(alone)
                self.note(
                    "p2_ranked_p99_ms_one_connection",
                    alone.p99_ms,
                    f"ranked p99 at {n}, one connection (p50 {alone.p50_ms:.1f} ms,"
                    f" {alone.rps:.0f} rps)",
                    1,
                )

    def p3(self, big: Server) -> None:
        deep, reached = _deep_pages(big.url, DEEP_QUERIES, self.args.deep_page)
        self.figures["p3_cursor_page"] = min(reached) if reached else 1
        self.load(big, deep, seconds=min(2.0, self.args.duration))
        results = self.alternate(
            {"page1": partial(self.load, big, DEEP_QUERIES), "deep": partial(self.load, big, deep)}
        )
        ratio = statistics.median(
            d.p99_ms / p.p99_ms for d, p in zip(results["deep"], results["page1"], strict=True)
        )
        self.note(
            "p3_cursor",
            ratio,
            f"p99 page {self.figures['p3_cursor_page']} by cursor / page 1 (target <= 1.5)",
        )
        faceted = [f"{p}{'&' if '?' in p else '?'}facets={FACETS}" for p in FILTERED]
        # Each faceted request once, one at a time, before the load: its first answer counts
        # the matches cold (up to seconds at 1M), later ones come from the server's counts
        # while nothing is written. The measured runs are then the steady state whatever the
        # warm-up reached; the cold answers are reported on their own.
        cold_ms = _first_answers_ms(big.url, faceted)
        self.figures["p3_facets_cold_ms"] = {
            "max": round(max(cold_ms), 1),
            "median": round(statistics.median(cold_ms), 1),
        }
        self.load(big, faceted, seconds=min(2.0, self.args.duration))
        results = self.alternate(
            {"plain": partial(self.load, big, FILTERED), "facets": partial(self.load, big, faceted)}
        )
        ratio = statistics.median(
            f.p99_ms / p.p99_ms for f, p in zip(results["facets"], results["plain"], strict=True)
        )
        plain_p99 = statistics.median(r.p99_ms for r in results["plain"])
        facets_p99 = statistics.median(r.p99_ms for r in results["facets"])
        self.figures["p3_facets_p99_ms"] = {
            "plain": round(plain_p99, 2),
            "facets": round(facets_p99, 2),
        }
        self.note(
            "p3_facets",
            ratio,
            f"p99 with all six facets {facets_p99:.1f} ms / plain {plain_p99:.1f} ms"
            f" (target <= 1.5; first answers, counted cold: median"
            f" {statistics.median(cold_ms):.0f}, max {max(cold_ms):.0f} ms)",
        )

    def p4(self, big: Server, database_url: str) -> None:
        """Lag and drain with the projector at --projector-nice; then, when that raised its
        priority, the lag again with the projector as it would start without the setting."""
        a = self.args
        admin = asyncio.run(admin_key(database_url))
        projector = big.projector
        nice = os.getpriority(os.PRIO_PROCESS, projector.pid) if projector else None
        self.figures["p4_projector_nice"] = nice
        lag, search = self._lag_under_search(big, database_url, admin)
        self.figures["p4_lag"] = asdict(lag)
        self.figures["p4_search_under_writes"] = asdict(search)
        at = f" (projector at nice {nice})" if nice is not None else " (projector in the API)"
        self.note(
            "p4_lag_p50_ms",
            lag.lag_p50_ms,
            f"{lag.writes} writes offered at {lag.offered_rate:.0f}/s,"
            f" done at {lag.write_rate:.0f}/s{at}",
            1,
        )
        self.note(
            "p4_lag_p99_ms",
            lag.lag_p99_ms,
            f"while {search.rps:.0f} searches/s ran on {max(2, a.connections // 4)} connections"
            f" (p90 {lag.lag_p90_ms:.0f} ms, max {lag.lag_max_ms:.0f} ms; from the outbox"
            f" p50 {lag.outbox_p50_ms:.0f} / p99 {lag.outbox_p99_ms:.0f} ms; target <= 100)",
            1,
        )
        drain = asyncio.run(measure_drain(big.url, database_url, backlog=a.backlog, admin=admin))
        self.figures["p4_drain"] = asdict(drain)
        self.note(
            "p4_drain_ratio",
            drain.events_per_s / a.write_rate,
            f"{drain.backlog} events drained in {drain.seconds:.2f}s = {drain.events_per_s:.0f}/s"
            f" / {a.write_rate:.0f} writes/s (target >= 50)",
            1,
        )
        own = os.getpriority(os.PRIO_PROCESS, 0)
        if projector is not None and nice is not None and nice < own:
            # The same load with the projector as it would start without the setting (a
            # process may always lower its own child's priority).
            os.setpriority(os.PRIO_PROCESS, projector.pid, own)
            plain, _ = self._lag_under_search(big, database_url, admin)
            self.figures["p4_lag_as_started"] = asdict(plain)
            self.note(
                "p4_lag_p99_ms_as_started",
                plain.lag_p99_ms,
                f"the same with the projector at nice {own}, as started"
                f" (p50 {plain.lag_p50_ms:.1f}, p90 {plain.lag_p90_ms:.0f},"
                f" max {plain.lag_max_ms:.0f} ms)",
                1,
            )

    def _lag_under_search(
        self, big: Server, database_url: str, admin: str
    ) -> tuple[LagResult, LoadResult]:
        """Write at --write-rate while the search mixes run on a quarter of the connections."""
        a = self.args
        search_connections = max(2, a.connections // 4)
        writing = a.write_seconds if a.write_seconds is not None else max(a.duration, 10.0)

        async def with_search_load() -> tuple[LagResult, LoadResult]:
            ready = asyncio.Event()  # the writer's setup is done: start searching
            lag = measure_lag(
                big.url,
                database_url,
                rate=a.write_rate,
                seconds=writing,
                admin=admin,
                ready=ready,
            )
            lag_task = asyncio.ensure_future(lag)
            await asyncio.wait(
                [lag_task, asyncio.ensure_future(ready.wait())],
                return_when=asyncio.FIRST_COMPLETED,
            )
            searching = asyncio.to_thread(
                run_load,
                big.url,
                [*FILTERED, *RANKED],
                seconds=writing,
                connections=search_connections,
                max_requests=a.max_requests,
                tool=a.load,
            )
            lag_result, load_result = await asyncio.gather(lag_task, searching)
            return lag_result, load_result

        result = asyncio.run(with_search_load())
        self._settle()
        return result

    def p6(self, big: Server) -> None:
        """Plain searches' median latency while 50 clients flood the board with expensive
        faceted text searches (a "posted within" window, so no kept answer serves them),
        as a ratio to the median with nothing else running; and whether /ready holds."""
        a = self.args
        flood_paths = [
            f"/v1/postings?q={quote(w)}&posted_within_days=30&facets={FACETS}" for w in WORDS
        ]
        idle: list[LoadResult] = []
        loaded: list[LoadResult] = []
        floods: list[LoadResult] = []
        ready: list[int] = []
        for _ in range(a.rounds):
            idle.append(self.load(big, FILTERED, connections=4))
            with ThreadPoolExecutor(max_workers=1) as pool:
                flood = pool.submit(
                    run_load,
                    big.url,
                    flood_paths,
                    seconds=a.duration + 1.0,
                    connections=50,
                    max_requests=a.max_requests,
                    tool=a.load,
                )
                time.sleep(0.5)  # the flood under way before the measured load starts
                loaded.append(
                    run_load(
                        big.url,
                        FILTERED,
                        seconds=a.duration,
                        connections=4,
                        max_requests=a.max_requests,
                        tool=a.load,
                    )
                )
                ready += [httpx.get(f"{big.url}/ready", timeout=5).status_code for _ in range(3)]
                floods.append(flood.result())
            self._settle()
        idle_p50 = statistics.median(r.p50_ms for r in idle)
        loaded_p50 = statistics.median(r.p50_ms for r in loaded)
        flood_requests = sum(f.requests for f in floods) or 1
        self.figures["p6_simple_p50_ms"] = {
            "idle": round(idle_p50, 2),
            "flood": round(loaded_p50, 2),
        }
        self.figures["p6_flood"] = {
            "rps": round(statistics.median(f.rps for f in floods), 1),
            "refused_share": round(sum(f.errors for f in floods) / flood_requests, 3),
            "ready_200": sum(1 for status in ready if status == 200),
            "ready_asked": len(ready),
        }
        self.note(
            "p6_simple_p50_under_abuse",
            _ratio(loaded_p50, idle_p50),
            f"plain p50 {loaded_p50:.1f} ms under 50 faceted-search clients / {idle_p50:.1f} ms"
            f" idle; {self.figures['p6_flood']['refused_share']:.0%} of the flood refused;"
            f" /ready 200 {self.figures['p6_flood']['ready_200']}/{len(ready)}",
        )

    def p7(self, big: Server) -> None:
        """An Atom feed (its default 50 entries) against the search with the same filters
        (its default page of 20), and against a search page of 50, p99 by p99."""
        feeds = [p.replace("/v1/postings", "/v1/postings/feed.atom", 1) for p in FILTERED]
        fifty = [f"{p}{'&' if '?' in p else '?'}limit=50" for p in FILTERED]
        self.load(big, feeds, seconds=min(2.0, self.args.duration))
        results = self.alternate(
            {
                "plain": partial(self.load, big, FILTERED),
                "fifty": partial(self.load, big, fifty),
                "feed": partial(self.load, big, feeds),
            }
        )
        rounds = list(zip(results["feed"], results["plain"], results["fifty"], strict=True))
        ratio = statistics.median(f.p99_ms / p.p99_ms for f, p, _ in rounds)
        same_size = statistics.median(f.p99_ms / s.p99_ms for f, _, s in rounds)
        self.figures["p7_feed"] = {
            "feed_p99_ms": round(statistics.median(f.p99_ms for f, _, _ in rounds), 2),
            "plain_p99_ms": round(statistics.median(p.p99_ms for _, p, _ in rounds), 2),
            "vs_search_of_50": round(same_size, 3),
        }
        self.note(
            "p7_feed_p99_ratio",
            ratio,
            f"Atom feed (50 entries) p99 / plain search (20) p99; / a search of 50:"
            f" {same_size:.2f}",
        )

    def p5(self, report: FillReport) -> None:
        self.figures["fill"] = {
            "postings": report.postings,
            "public_postings": report.public_postings,
            "write_side_s": round(report.write_side_s, 2),
            "read_models_s": round(report.read_models_s, 2),
            "indexes_s": round(report.indexes_s, 2),
            "total_s": round(report.total_s, 2),
            "verify_s": round(report.verify_s, 2) if report.verify_s is not None else None,
            "differences": report.differences,
            "settle_s": round(report.settle_s, 2) if report.settle_s is not None else None,
        }
        self.note(
            "p5_postings_per_s",
            report.postings_per_s,
            f"{report.postings} postings in {report.total_s:.1f}s (write side"
            f" {report.write_side_s:.1f}s, read models {report.read_models_s:.1f}s,"
            f" indexes {report.indexes_s:.1f}s; then VACUUM and CHECKPOINT, outside the"
            f" figure, {report.settle_s or 0:.1f}s)",
            0,
        )

    # ---------------------------------------------------------------- the run

    async def _prepare(self, server_url: str, label: str, postings: int) -> tuple[str, FillReport]:
        url = await create_database(server_url, label)
        try:
            report = await fill(url, postings, self.args.seed)
            verify_it = self.args.verify == "always" or (
                self.args.verify == "auto" and postings <= 100_000
            )
            if verify_it:
                started = time.perf_counter()
                report.differences = await verify(url)
                report.verify_s = time.perf_counter() - started
                if report.differences:
                    raise RuntimeError(
                        f"the bulk-built read models differ from a rebuild in"
                        f" {report.differences} rows"
                    )
            started = time.perf_counter()
            await vacuum_and_checkpoint(url)
            report.settle_s = time.perf_counter() - started
        except BaseException:
            await drop_database(url)
            raise
        return url, report

    def run(self) -> dict[str, Any]:
        a = self.args
        n = a.postings
        small_n = max(10, n // 100)
        tool = a.load if a.load != "auto" else ("wrk" if wrk_available() else "python")
        self.figures.update(
            postings=n,
            small_postings=small_n,
            seed=a.seed,
            load_tool=tool,
            duration_s=a.duration,
            connections=a.connections,
            rounds=a.rounds,
            projector=a.projector,
            write_rate=a.write_rate,
            write_seconds=a.write_seconds if a.write_seconds is not None else max(a.duration, 10.0),
        )
        with server() as server_url:
            print(f"filling {n} postings ...", flush=True)
            big_url, report = asyncio.run(self._prepare(server_url, "big", n))
            try:
                self.p5(report)
                print(f"  {report.total_s:.1f}s; filling {small_n} postings ...", flush=True)
                small_url, _ = asyncio.run(self._prepare(server_url, "small", small_n))
                try:
                    self.figures["word_matches"] = asyncio.run(_word_matches(big_url))
                    self.figures["server_settings"] = asyncio.run(_server_settings(big_url))
                    self._serve_and_measure(big_url, small_url, small_n)
                finally:
                    asyncio.run(drop_database(small_url))
            finally:
                asyncio.run(drop_database(big_url))
        wanted = ["p5_postings_per_s", *(k for p in a.phases for k in PHASE_KEYS[p])]
        missing = [k for k in wanted if k not in self.figures]
        if missing:
            raise RuntimeError(f"figures missing: {missing}")
        return self.figures

    def _serve_and_measure(self, big_url: str, small_url: str, small_n: int) -> None:
        log = self.args.server_log
        self._quiet_dsn = asyncpg_dsn(big_url)
        with serve_all(
            big_url,
            ("jobboard", "raw", "conventional"),
            log=log,
            projector_process=self.args.projector == "process",
            projector_nice=self.args.projector_nice,
        ) as servers:
            same_answers(servers, [*FILTERED, *RANKED])
            phases = self.args.phases
            if "P1" in phases:
                self.phase("P1")
                if self.args.baseline is None:
                    self.p1(servers)
                else:
                    with serve(
                        "jobboard",
                        big_url,
                        log=log,
                        extra_env={"JOBBOARD_RUN_PROJECTOR": "false"},
                        tree=self.args.baseline.resolve(),
                    ) as baseline:
                        self.p1({**servers, "baseline": baseline})
            if "P2" in phases:
                with serve(
                    "jobboard",
                    small_url,
                    log=log,
                    projector_process=self.args.projector == "process",
                    projector_nice=self.args.projector_nice,
                ) as small:
                    self.phase("P2")
                    self.p2(servers["jobboard"], small, small_n)
            if "P3" in phases:
                self.phase("P3")
                self.p3(servers["jobboard"])
            if "P4" in phases:
                self.phase("P4")
                self.p4(servers["jobboard"], big_url)
            if "P6" in phases:
                self.phase("P6")
                self.p6(servers["jobboard"])
            if "P7" in phases:
                self.phase("P7")
                self.p7(servers["jobboard"])
            self.phase("done")

    def phase(self, name: str) -> None:
        # What is measured so far, in case a later phase fails.
        self.args.out.write_text(json.dumps(self.figures | {"complete": False}, indent=2) + "\n")
        now = time.perf_counter()
        if self._phase_started is not None:
            print(f"  {now - self._phase_started:.1f}s", flush=True)
        print(f"{name} ...", flush=True)
        self._phase_started = now

    def table(self) -> str:
        width = max(len(r[0]) for r in self.rows)
        lines = [f"{'figure'.ljust(width)}  {'value':>10}  detail"]
        lines.append("-" * (width + 14 + max(len(r[2]) for r in self.rows)))
        lines += [f"{f.ljust(width)}  {v:>10}  {d}" for f, v, d in self.rows]
        return "\n".join(lines)


# Queries of the benchmark's servers still running (their client gone), other than ours.
LEFTOVERS = """
SELECT pid FROM pg_stat_activity
WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
  AND datname LIKE 'jobboard_bench_%' AND query NOT ILIKE '%pg_advisory_xact_lock%'
"""


async def quiet(dsn: str, within: float = 15.0, interval: float = 0.02) -> int:
    """Wait until no query of the benchmark's servers runs; after ``within`` seconds,
    cancel what runs until nothing does (a server may still hold requests queued for its
    pool, and starts them as the cancelled ones free it). Answers how many were cancelled."""
    connection = await asyncpg.connect(dsn)
    cancelled = 0
    try:
        deadline = time.perf_counter() + within
        while True:
            running = [row["pid"] for row in await connection.fetch(LEFTOVERS)]
            if not running:
                return cancelled
            if time.perf_counter() > deadline:
                for pid in running:
                    await connection.execute("SELECT pg_cancel_backend($1)", pid)
                cancelled += len(running)
            await asyncio.sleep(interval)
    finally:
        await connection.close()


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def same_answers(servers: dict[str, Server], paths: Sequence[str]) -> None:
    """The three servers must return the same items for the same request."""
    with httpx.Client(timeout=60.0) as client:
        for path in paths:
            bodies = {name: client.get(s.url + path) for name, s in servers.items()}
            for name, response in bodies.items():
                if response.status_code != 200:
                    raise RuntimeError(f"{name} answered {response.status_code} to {path}")
            reference = bodies["jobboard"].json()
            for name, response in bodies.items():
                body = response.json()
                if body["items"] != reference["items"] or (
                    (body["next_cursor"] is None) != (reference["next_cursor"] is None)
                ):
                    raise RuntimeError(f"{name} and jobboard answer {path} differently")


def _first_answers_ms(base_url: str, paths: Sequence[str]) -> list[float]:
    """Each path requested once, in turn: how long each answer took, in ms."""
    took: list[float] = []
    with httpx.Client(base_url=base_url, timeout=60.0) as client:
        for path in paths:
            started = time.perf_counter()
            client.get(path).raise_for_status()
            took.append((time.perf_counter() - started) * 1000)
    return took


def _deep_pages(base_url: str, queries: Sequence[str], page: int) -> tuple[list[str], list[int]]:
    """For each query, the path of its page ``page`` by cursor (or its last page)."""
    paths: list[str] = []
    reached: list[int] = []
    with httpx.Client(base_url=base_url, timeout=60.0) as client:
        for query in queries:
            path, number = query, 1
            while number < page:
                cursor = client.get(path).json()["next_cursor"]
                if cursor is None:
                    break
                path = f"{query}{'&' if '?' in query else '?'}cursor={cursor}"
                number += 1
            paths.append(path)
            reached.append(number)
    return paths, reached


async def _word_matches(url: str) -> dict[str, int]:
    """How many public postings each search word matches (rare, mid, common)."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return {
            word: await connection.fetchval(
                "SELECT count(*) FROM public_postings WHERE search @@"
                " (websearch_to_tsquery('simple', $1) || websearch_to_tsquery('english', $1))",
                word,
            )
            for word in WORDS
        }
    finally:
        await connection.close()


# The server's settings that move the figures most at a million postings: with the stock
# 128MB of shared buffers, the pages a ranked search reads are not all kept.
SERVER_SETTINGS = (
    "server_version",
    "shared_buffers",
    "work_mem",
    "effective_cache_size",
    "jit",
    "autovacuum",
)


async def _server_settings(url: str) -> dict[str, str]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await connection.fetch(
            "SELECT name, current_setting(name) AS value FROM pg_settings"
            " WHERE name = ANY($1::text[])",
            list(SERVER_SETTINGS),
        )
    finally:
        await connection.close()
    return {row["name"]: row["value"] for row in rows}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    bench = Bench(args)
    figures = bench.run()
    print()
    print(bench.table())
    settings = figures.get("server_settings", {})
    print("\nserver: " + ", ".join(f"{name} {value}" for name, value in settings.items()))
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0
