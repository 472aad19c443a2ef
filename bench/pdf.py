"""Claim summary PDF speed: one summary against a minimal reportlab page, and 1,000 summaries.

Run from the repository root: ``python bench/pdf.py [--visits 1000] [--workers 2]``. It fills a
temporary demo database, then prints

- the median time of a minimal one-page reportlab document and of one claim summary, and their
  ratio (target: at most 5x);
- the total time to export the claim summaries of ``--visits`` visits, one PDF each, with
  ``--workers`` processes (target: under 20 s for 1,000 on 2 cores), database reads included.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from tpi_desktop import paths
from tpi_desktop.export import render_claim_summary
from tpi_desktop.services import Workspace, fill_demo
from tpi_desktop.services.export import claim_summary_for, export_visits


def minimal_pdf() -> bytes:
    """The smallest useful platypus document: one paragraph on one Letter page."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter).build(
        [Paragraph("Claim summary", getSampleStyleSheet()["Normal"])]
    )
    return buffer.getvalue()


def median_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU time of ``run`` in milliseconds, after one warm-up call.

    CPU time is printed too because the machine may be shared: it is what one core spends.
    """
    run()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    body = paths.resources_dir() / "body"
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        ws = Workspace.open(
            base / "bench.sqlite3",
            paths.resources_dir(),
            user="bench",
            backups_dir=base / "backups",
        )
        start = time.perf_counter()
        ids = fill_demo(ws, visits=args.visits)[: args.visits]
        print(f"demo database: {len(ids)} visits in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        summary = claim_summary_for(ws, ids[len(ids) // 2], body_dir=body)
        print(f"first summary gathered in {time.perf_counter() - start:.2f} s (ICD index, once)")

        minimal, minimal_cpu = median_ms(minimal_pdf, args.repeat)
        one, one_cpu = median_ms(lambda: render_claim_summary(summary), args.repeat)
        pages = render_claim_summary(summary).count(b"/Type /Page\n")
        print(f"minimal one-page document: {minimal:7.2f} ms wall, {minimal_cpu:7.2f} ms CPU")
        print(
            f"one claim summary ({pages} pages): {one:7.2f} ms wall, {one_cpu:7.2f} ms CPU "
            f"({one_cpu / minimal_cpu:.1f}x the minimal page in CPU time; target <= 5x)"
        )

        start, cpu = time.perf_counter(), _cpu_seconds()
        report = export_visits(ws, ids, base / "out", workers=args.workers, body_dir=body)
        total, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        assert report.ok and len(report.written) == len(ids), report.failures[:3]
        print(
            f"{len(ids)} claim summaries, {args.workers} worker(s): {total:.1f} s total, "
            f"{total / len(ids) * 1000:.1f} ms each (target < 20 s for 1,000)"
        )
        # On a shared machine the wall time depends on the neighbours; the CPU time does not.
        print(
            f"  CPU spent (this process and the workers): {cpu:.1f} s; "
            f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        ws.close()


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (the workers)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
