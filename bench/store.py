"""Benchmark the store on a large synthetic database and print its figures.

Builds a database of ``--visits`` visits (default 1,000,000) with the store's own bulk path
(``Store.bulk_insert_patients`` / ``bulk_insert_visits``: validated, audited, hash-chained), then
measures, on that file:

- saving one visit durably (``Store.save_visit``: patient match, history, audit chain, one
  ``BEGIN IMMEDIATE`` transaction, ``synchronous=FULL``) against a raw ``sqlite3`` insert of the
  same rows with the same pragmas in the same run (target: at most 3x);
- the prior-sessions lookup for a patient (target: under 5 ms);
- the first page of several visit searches (target: under 100 ms);
- bytes per visit on disk.

With ``--kills K`` it also kills a saving process K times with SIGKILL and checks that no printed
visit id was lost and that the database passes ``check``.

    python bench/store.py [--visits N] [--dir DIR] [--saves N] [--kills K]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from tpi_desktop import paths
from tpi_desktop.coding import evaluate, load_tables
from tpi_desktop.domain import (
    Encounter,
    Injection,
    Patient,
    Provider,
    Side,
    Visit,
    VisitStatus,
)
from tpi_desktop.store import Store, VisitQuery, open_store
from tpi_desktop.store.rows import child_rows, visit_columns
from tpi_desktop.store.visits import coding_columns, line_rows

MUSCLES = ("upper_trapezius", "levator_scapulae", "rhomboid_major", "infraspinatus",
           "quadratus_lumborum", "gluteus_medius", "teres_minor", "supraspinatus")  # fmt: skip
LAST = ("Rivera", "Okafor", "Lindqvist", "Tanaka", "Moreau", "Castellano", "Brandt", "Haddad",
        "Nguyen", "Kowalski", "Abernathy", "Fairweather", "Quintero", "Sorensen")  # fmt: skip
VISITS_PER_PATIENT = 8
WORKER = Path(__file__).resolve().parents[1] / "tests" / "helpers" / "store_worker.py"


def _templates() -> list[tuple[Encounter, object]]:
    """A few encounters coded once by the real engine; the synthetic visits reuse their results."""
    tables = load_tables(paths.resources_dir())
    out = []
    for n in (1, 2, 3, 4):
        for payer in ("medicare", "commercial"):
            enc = Encounter(
                date_of_service=dt.date(2026, 1, 1),
                payer=payer,
                injections=tuple(
                    Injection(m, Side.RIGHT if i % 2 else Side.LEFT, 1 + i % 2)
                    for i, m in enumerate(MUSCLES[: n + 1])
                ),
                diagnoses=("M79.12", "M54.2")[: 1 + n % 2],
            )
            out.append((enc, evaluate(enc, tables)))
    return out


def _patients(n: int, rng: random.Random) -> Iterator[Patient]:
    for i in range(n):
        born = dt.date(1940 + i % 55, 1 + i % 12, 1 + i % 28)
        yield Patient(
            LAST[i % len(LAST)],
            f"P{i:07d}",
            born,
            "FM"[i % 2],
            f"M{i:09d}",
            "medicare" if i % 3 else "commercial",
        )


def _visits(
    n: int, patient_ids: list[int], provider: Provider, rng: random.Random
) -> Iterator[Visit]:
    templates = _templates()
    start = dt.date(2016, 1, 1)
    span = (dt.date(2026, 6, 30) - start).days
    for i in range(n):
        enc, coding = templates[i % len(templates)]
        day = start + dt.timedelta(days=rng.randrange(span))
        pid = patient_ids[rng.randrange(len(patient_ids))]
        status = VisitStatus.FINAL if rng.random() < 0.7 else VisitStatus.DRAFT
        yield Visit(
            Patient("x", "x", dt.date(1950, 1, 1), id=pid),
            provider,
            replace(enc, date_of_service=day),
            status=status,
            coding=coding,
        )  # type: ignore[arg-type]


def build(path: Path, visits: int, rng: random.Random) -> tuple[Store, float]:
    """The synthetic database, through the store's bulk path; returns the store and seconds."""
    started = time.perf_counter()
    store = open_store(path, user="bench")
    store.ensure_payers([("medicare", "Medicare Part B"), ("commercial", "Commercial")])
    provider = store.save_provider(Provider("Dana Whitfield, MD", "1234567893"))
    patient_ids = store.bulk_insert_patients(_patients(max(1, visits // VISITS_PER_PATIENT), rng))
    store.bulk_insert_visits(_visits(visits, patient_ids, provider, rng))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("ANALYZE")
    return store, time.perf_counter() - started


def _timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def _ms(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return f"median {statistics.median(times):7.3f} ms  p95 {p95:7.3f} ms"


def bench_save(store: Store, path: Path, runs: int, rng: random.Random) -> tuple[float, float]:
    """Median ms of a durable ``save_visit`` and of a raw insert of the same rows."""
    enc, coding = _templates()[3]
    patients = store.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
    # Each save is for another patient, as a day at a practice is: saving them all for one
    # patient would give that patient hundreds of sessions, and time the history query with
    # them, which no visit has.
    people = [store.patient(1 + i) for i in rng.sample(range(patients), min(runs, patients))]
    who = people[0]
    provider = store.providers()[0]
    turn = iter(range(10**9))

    def save() -> None:
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(150))
        person = people[next(turn) % len(people)]
        store.save_visit(Visit(person, provider, replace(enc, date_of_service=day), coding=coding))  # type: ignore[arg-type]

    raw = sqlite3.connect(str(path), isolation_level=None)
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("PRAGMA foreign_keys = ON")
    children = child_rows(enc)
    lines = line_rows(coding)  # type: ignore[arg-type]
    now = dt.datetime.now(dt.UTC).isoformat()
    columns = {
        "patient_id": who.id,
        "provider_id": provider.id,
        **visit_columns(enc),
        **coding_columns(coding),
        "created_by": "raw",
        "created_at": now,  # type: ignore[arg-type]
        "updated_by": "raw",
        "updated_at": now,
    }
    sql = f"INSERT INTO visits ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def raw_insert() -> None:
        raw.execute("BEGIN IMMEDIATE")
        vid = raw.execute(sql, tuple(columns.values())).lastrowid
        for table, rows in (*children.items(), ("claim_lines", lines)):
            if rows:
                marks = ", ".join("?" * (len(rows[0]) + 1))
                raw.executemany(f"INSERT INTO {table} VALUES ({marks})", [(vid, *r) for r in rows])
        raw.execute("COMMIT")

    save_times, raw_times = [], []
    for _ in range(runs):  # interleaved, so both see the same disk and cache
        save_times += _timed(save, 1)
        raw_times += _timed(raw_insert, 1)
    raw.close()
    print(f"save one visit (durable)  {_ms(save_times)}")
    print(f"raw sqlite3 insert        {_ms(raw_times)}")
    return statistics.median(save_times), statistics.median(raw_times)


def bench_reads(store: Store, patients: int, rng: random.Random) -> None:
    """Prior-sessions lookups and first pages of searches."""
    prior = _timed(
        lambda: store.prior_sessions(1 + rng.randrange(patients), dt.date(2026, 6, 1)), 1000
    )
    print(f"prior_sessions lookup     {_ms(prior)}   (target < 5 ms)")
    queries = {
        "no filter": VisitQuery(),
        "patient prefix 'tan'": VisitQuery(patient="tan"),
        "patient 'tanaka, p00000'": VisitQuery(patient="tanaka, p00000"),
        "status final": VisitQuery(status=VisitStatus.FINAL),
        "payer + date range": VisitQuery(
            payer="medicare", date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 3, 31)
        ),
        "code 20552": VisitQuery(code="20552"),
        "date of birth": VisitQuery(date_of_birth=dt.date(1941, 2, 2)),
        "oldest first": VisitQuery(newest_first=False),
    }
    for name, query in queries.items():
        times = _timed(lambda q=query: store.search_visits(q, limit=50), 20)  # type: ignore[misc]
        print(f"first page: {name:26} {_ms(times)}   (target < 100 ms)")
    page = store.search_visits(VisitQuery(), limit=50)
    times = _timed(lambda: store.search_visits(VisitQuery(), after=page.next, limit=50), 20)
    print(f"second page (keyset)      {_ms(times)}")


def bench_kills(path: Path, kills: int, rng: random.Random) -> None:
    """Kill a saving process ``kills`` times; count lost printed ids; run check."""
    printed: set[int] = set()
    for _ in range(kills):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), "0", "K"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 5)):
            line = proc.stdout.readline()
            if not line:  # the worker died on its own: a failure to report, not to hide
                _, err = proc.communicate()
                raise SystemExit(f"worker failed after {len(printed)} ids: {err.strip()[-500:]}")
            printed.add(int(line))
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        printed |= {int(x) for x in proc.communicate()[0].split()}
    store = open_store(path, user="bench")
    found = {
        r[0] for r in store.conn.execute("SELECT id FROM visits WHERE created_by = 'worker-K'")
    }
    problems = store.check()
    store.close()
    print(
        f"SIGKILL x{kills}: {len(printed)} ids printed, {len(printed - found)} lost; check: "
        f"{'ok' if not problems else problems[:3]}"
    )


def main() -> int:
    """Build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to build (default: a temp dir)"
    )
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--kills", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(1)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="tpi-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store, seconds = build(path, args.visits, rng)
    size = path.stat().st_size
    print(
        f"built {args.visits:,} visits with the bulk path in {seconds:.1f} s "
        f"({args.visits / seconds:,.0f} visits/s); file {size / 1e6:,.1f} MB, "
        f"{size / args.visits:,.0f} bytes per visit"
    )
    saved, raw = bench_save(store, path, args.saves, rng)
    print(f"save / raw insert ratio   {saved / raw:.2f}x   (target <= 3x)")
    bench_reads(store, max(1, args.visits // VISITS_PER_PATIENT), rng)
    started = time.perf_counter()
    problems = store.check()
    print(
        f"check (integrity, foreign keys, audit chain) {time.perf_counter() - started:.1f} s: "
        f"{'ok' if not problems else problems[:3]}"
    )
    store.close()
    if args.kills:
        bench_kills(path, args.kills, rng)
    print(f"database: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
