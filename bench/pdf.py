"""Claim summary PDF speed: one summary against a minimal reportlab page, and 1,000 summaries.

Run from the repository root: ``python bench/pdf.py [--visits 1000] [--workers 2]``. It fills a
temporary demo database, then prints

- the median time of a minimal one-page reportlab document and of one claim summary, and their
  ratio (target: at most 5x). Both run in this process, after warm-up, interleaved run by run
  (so a busy neighbour slows both alike), and the ratio is taken of median CPU times; the
  summary's median over many different visits is printed too, so that no per-process cache
  flatters the one visit measured over and over; and a floor: as much text and rules as a
  summary, placed by hand on a bare canvas (no platypus), which is already past 5x;
- where one summary's time goes: building its blocks, pagination, drawing (with the page
  furniture), compressing the page content and reportlab's ``save()`` (median CPU of each);
- the total time to export the claim summaries of ``--visits`` visits, one PDF each, with
  ``--workers`` processes (target: under 20 s for 1,000 on 2 cores), database reads included.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from tpi_desktop import paths
from tpi_desktop.export import document, render_claim_summary
from tpi_desktop.export.canvas import paint_furniture
from tpi_desktop.export.ink import Ink
from tpi_desktop.export.prepared import compress_pages
from tpi_desktop.export.summary import ClaimSummary
from tpi_desktop.services import Workspace, fill_demo
from tpi_desktop.services.export import claim_summary_for, export_visits

# Made once, as the summary's own styles are: the baseline times a document, not a style sheet.
NORMAL = getSampleStyleSheet()["Normal"]


def minimal_pdf() -> bytes:
    """The smallest useful platypus document: one paragraph on one Letter page."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=letter).build([Paragraph("Claim summary", NORMAL)])
    return buffer.getvalue()


def hand_placed_pdf() -> bytes:
    """The floor: three pages of text and rules placed by hand on a bare canvas, about what a
    summary draws (270 strings, 180 lines), with no layout, wrapping or tables at all."""
    canvas = Canvas(io.BytesIO(), pagesize=letter)
    for _ in range(3):
        for i in range(90):
            canvas.setFont("Helvetica" if i % 3 else "Helvetica-Bold", 8.5)
            canvas.drawString(40 + (i % 5) * 100, 700 - i * 7, "Trigger point injection(s)")
        for i in range(60):
            canvas.line(40, 700 - i * 10, 570, 700 - i * 10)
        canvas.showPage()
    canvas.save()
    return bytes(canvas.getpdfdata())


PHASES = ("canvas", "blocks", "pagination", "drawing", "compression", "save")


def phases(summary: ClaimSummary) -> list[float]:
    """CPU seconds of each step of ``render_claim_summary`` (see ``document``), in PHASES order."""
    clock = time.process_time
    marks = [clock()]
    canvas = document._canvas(io.BytesIO(), "Claim summary")
    ink = Ink(canvas)
    marks.append(clock())
    blocks = document.story(summary)
    marks.append(clock())
    pages = document.paginate(
        blocks, document.FRAME_WIDTH, document.FRAME_HEIGHT, document.FIRST_FRAME_HEIGHT
    )
    marks.append(clock())
    around = document.furniture(summary)
    for number, page in enumerate(pages, start=1):
        ink.new_page()
        top = document.FIRST_FRAME_TOP if number == 1 else document.FRAME_TOP
        for block, offset in page:
            block.draw(ink, document.FRAME_LEFT, top - offset)
        paint_furniture(ink, around, number, len(pages))
        canvas.showPage()
    marks.append(clock())
    compress_pages(canvas)
    marks.append(clock())
    canvas.save()
    marks.append(clock())
    return [b - a for a, b in itertools.pairwise(marks)]


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - start_cpu


def median_ms(runs: Sequence[Callable[[], object]], repeat: int) -> list[tuple[float, float]]:
    """Median (wall, CPU) milliseconds of each of ``runs``, timed in turn ``repeat`` times.

    Each is warmed up first; interleaving them means a neighbour's burst of work slows all of
    them, not just whichever happened to be running. CPU time is what one core spends.
    """
    for run in runs:
        run(), run()
    times: list[list[tuple[float, float]]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, out in zip(runs, times, strict=True):
            out.append(_timed(run))
    return [
        (statistics.median(w for w, _ in out) * 1000, statistics.median(c for _, c in out) * 1000)
        for out in times
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=60)
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

        (minimal, minimal_cpu), (one, one_cpu), (_, floor_cpu) = median_ms(
            [minimal_pdf, lambda: render_claim_summary(summary), hand_placed_pdf], args.repeat
        )
        pages = render_claim_summary(summary).count(b"/Type /Page\n")
        print(f"minimal one-page document: {minimal:7.2f} ms wall, {minimal_cpu:7.2f} ms CPU")
        print(
            f"one claim summary ({pages} pages): {one:7.2f} ms wall, {one_cpu:7.2f} ms CPU "
            f"({one_cpu / minimal_cpu:.1f}x the minimal page in CPU time; target <= 5x)"
        )
        print(
            f"  floor: the same amount of text and rules placed by hand on a bare canvas: "
            f"{floor_cpu:7.2f} ms CPU ({floor_cpu / minimal_cpu:.1f}x)"
        )
        steps = [phases(summary) for _ in range(args.repeat * 3)]
        medians = [statistics.median(step[i] for step in steps) * 1000 for i in range(6)]
        print(
            "  where it goes (median ms CPU): "
            + ", ".join(f"{name} {ms:.2f}" for name, ms in zip(PHASES, medians, strict=True))
        )
        others = [claim_summary_for(ws, i, body_dir=body) for i in ids[:: max(len(ids) // 60, 1)]]
        cpu_each = sorted(_timed(lambda s=s: render_claim_summary(s))[1] for s in others)
        print(
            f"  median over {len(others)} different visits: "
            f"{statistics.median(cpu_each) * 1000:7.2f} ms CPU "
            f"({statistics.median(cpu_each) * 1000 / minimal_cpu:.1f}x)"
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
