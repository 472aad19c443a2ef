"""``tpi-desktop --selftest``: a smoke test of the engine, store and PDF exporter together.

Runs in a temporary database (the user's data is never touched): codes and saves the seed's two
scenarios, reads them back, writes a claim summary PDF and checks every result. Needs no display,
so it also proves that a packaged build carries its resources. Exit 0 when all is well, else 1.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tpi_desktop import __version__, paths
from tpi_desktop.domain import Encounter, Injection, Patient, Provider, Side, Visit

# The seed's two scenarios: (title, injections, expected procedure code).
SCENARIOS: tuple[tuple[str, tuple[Injection, ...], str], ...] = (
    (
        "4x left gastrocnemius + 2x left soleus",
        (Injection("gastrocnemius", Side.LEFT, 4), Injection("soleus", Side.LEFT, 2)),
        "20552",
    ),
    (
        "right upper trapezius, posterior deltoid, supraspinatus",
        (
            Injection("upper_trapezius", Side.RIGHT),
            Injection("posterior_deltoid", Side.RIGHT),
            Injection("supraspinatus", Side.RIGHT),
        ),
        "20553",
    ),
)


def run_selftest(out: TextIO | None = None) -> int:
    """Run every check, print one line each and a summary; the exit status."""
    stream = out or sys.stdout
    failures: list[str] = []
    started = time.perf_counter()

    def check(name: str, test: Callable[[], str]) -> None:
        try:
            detail = test()
        except Exception as error:  # a self-test reports every failure rather than stopping
            failures.append(name)
            stream.write(f"FAIL  {name}: {type(error).__name__}: {error}\n")
        else:
            stream.write(f"ok    {name}{': ' + detail if detail else ''}\n")

    stream.write(f"TPI Desktop {__version__} self-test\n")
    with tempfile.TemporaryDirectory(prefix="tpi-selftest-") as folder:
        from tpi_desktop.services import Workspace
        from tpi_desktop.services.export import export_visits

        workspace = Workspace.open(
            Path(folder) / "selftest.sqlite3",
            paths.resources_dir(),
            user="selftest",
            backups_dir=Path(folder) / "backups",
        )
        try:
            provider = workspace.save_provider(Provider("Self Test, MD", "1234567893"))
            patient = workspace.save_patient(Patient("Selftest", "Pat", dt.date(1960, 1, 1), "U"))
            ids: list[int] = []
            for title, injections, expected in SCENARIOS:

                def scenario(
                    injections: tuple[Injection, ...] = injections, expected: str = expected
                ) -> str:
                    encounter = Encounter(
                        dt.date.today(), "commercial", injections=injections, diagnoses=("M79.18",)
                    )
                    stored = workspace.save_visit(Visit(patient, provider, encounter))
                    ids.append(stored.id or 0)
                    again = workspace.get_visit(stored.id or 0)
                    code = again.coding.procedure_code if again.coding else None
                    if code != expected:
                        raise AssertionError(f"coded {code}, expected {expected}")
                    if again.encounter.injections != injections:
                        raise AssertionError("the injections did not read back as saved")
                    return f"{code} (visit {stored.id})"

                check(f"code and save: {title}", scenario)

            def pdf() -> str:
                target = Path(folder) / "selftest.pdf"
                report = export_visits(workspace, ids[:1], target, as_file=True)
                if not report.ok:
                    raise AssertionError(f"export failed: {report.failures}")
                data = target.read_bytes()
                if not data.startswith(b"%PDF") or len(data) < 1000:
                    raise AssertionError(f"not a PDF ({len(data)} bytes)")
                return f"{len(data):,} bytes"

            check("claim summary PDF", pdf)

            def integrity() -> str:
                problems = workspace.check()
                if problems:
                    raise AssertionError("; ".join(problems))
                return "integrity, foreign keys and audit chain clean"

            check("database check", integrity)
        finally:
            workspace.close()
    seconds = time.perf_counter() - started
    if failures:
        stream.write(f"self-test FAILED: {len(failures)} check(s) failed in {seconds:.1f} s\n")
        return 1
    stream.write(f"self-test passed in {seconds:.1f} s\n")
    return 0
