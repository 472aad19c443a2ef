"""Export claim summary PDFs: gather each visit's summary from the store, render, write, audit.

``export_visits`` is the use case behind ``tpi-desktop pdf`` and the window's batch export. It
is made to run off the GUI thread: it reports ``progress(done, total)`` and polls
``cancelled()`` between visits. A visit that fails (unknown id, no coding, a file that cannot be
written) is reported with a plain reason and the others are still written. With ``workers > 1``
the rendering runs in worker processes (the database is read and the audit written here only).
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from tpi_desktop.coding import CodeTables
from tpi_desktop.domain import Container, Drug, VisitStatus
from tpi_desktop.export import (
    DEFAULT_ACCENT,
    ClaimSummary,
    ExportCancelled,
    render_claim_summaries,
    render_claim_summary,
    write_claim_summary,
    write_pdf,
)
from tpi_desktop.services.workspace import Workspace
from tpi_desktop.store import NotFound, StoreError

log = logging.getLogger(__name__)

__all__ = [
    "ClaimSummary",
    "ExportCancelled",
    "ExportReport",
    "claim_summary_for",
    "claim_summary_pdf",
    "export_visits",
    "pdf_name",
    "render_claim_summaries",
    "render_claim_summary",
    "usual_containers",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export did: files written, visits that failed (id, plain reason), cancellation."""

    written: tuple[Path, ...] = ()
    failures: tuple[tuple[int, str], ...] = ()
    cancelled: bool = False
    exported_ids: tuple[int, ...] = ()  # the finalized visits given an "exported" audit row

    @property
    def ok(self) -> bool:
        """True when every visit was written and nothing was cancelled."""
        return not self.failures and not self.cancelled


def claim_summary_for(
    workspace: Workspace,
    visit_id: int,
    *,
    body_dir: Path | None = None,
    accent: str = DEFAULT_ACCENT,
    now: dt.datetime | None = None,
) -> ClaimSummary:
    """Everything the claim summary of ``visit_id`` prints; ``NotFound`` for an unknown id.

    ``body_dir`` is the folder of ``front.svg``/``back.svg`` (callers pass the resources folder's
    ``body``); without it the workspace's own resources folder is used when it knows one.
    """
    visit = workspace.get_visit(visit_id)
    if visit.coding is None:  # stored visits carry their coding; else code it with its history
        visit = replace(visit, coding=workspace.code(visit))
    tables = workspace.tables
    descriptions = {code: tables.icd.description(code) or "" for code in visit.encounter.diagnoses}
    try:
        payer_name = workspace.payer_profile(visit.encounter.payer).name
    except KeyError:
        payer_name = ""
    if body_dir is None:
        resources = getattr(workspace, "resources_dir", None)
        body_dir = Path(resources) / "body" if resources else None
    coding = visit.coding
    amended = visit.status is VisitStatus.AMENDED and visit.id is not None
    superseded_by = workspace.amended_by(visit_id) if amended else None
    return ClaimSummary(
        visit=visit,
        practice=workspace.practice(),
        catalog=tables.catalog,
        diagnosis_descriptions=descriptions,
        # A final visit keeps the versions its coding snapshot was made with.
        data_versions=(
            coding.data_versions if coding and coding.data_versions else tables.versions
        ),
        engine_version=coding.engine_version if coding else "",
        icd_release=str(getattr(tables.icd, "release", "")),
        body_dir=body_dir,
        amendment_of=visit.amends,
        accent=accent,
        payer_name=payer_name,
        generated_at=now or dt.datetime.now().replace(microsecond=0),
        superseded_by=superseded_by,
        usual_containers=usual_containers(tables, visit.encounter.drugs),
    )


def usual_containers(tables: CodeTables, drugs: Sequence[Drug]) -> tuple[Container | None, ...]:
    """Each drug's usual container from the drug table (``None`` for a drug it does not know),
    so that a drug entered without one prints the container the engine assumed."""
    found = []
    for drug in drugs:
        info = tables.drug_for(drug.agent, (drug.hcpcs or "").strip().upper() or None)
        found.append(info.container if info is not None else None)
    return tuple(found)


def claim_summary_pdf(
    workspace: Workspace,
    visit_id: int,
    *,
    body_dir: Path | None = None,
    accent: str = DEFAULT_ACCENT,
    now: dt.datetime | None = None,
) -> bytes:
    """The claim summary PDF of ``visit_id`` as bytes: the same document a file export writes
    (for print and preview). Nothing is written or audited; ``NotFound`` for an unknown id."""
    summary = claim_summary_for(workspace, visit_id, body_dir=body_dir, accent=accent, now=now)
    return render_claim_summary(summary)


def pdf_name(summary: ClaimSummary) -> str:
    """``visit-12-2026-06-15-rivera.pdf``: id, date of service and a file-safe last name."""
    visit = summary.visit
    folded = (
        unicodedata.normalize("NFKD", visit.patient.last_name).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", folded.casefold()).strip("-") or "patient"
    return f"visit-{visit.id}-{visit.encounter.date_of_service.isoformat()}-{slug[:40]}.pdf"


def _reason(error: BaseException, visit_id: int) -> str:
    if isinstance(error, NotFound):
        return f"no visit with id {visit_id}"
    if isinstance(error, OSError):
        target = error.filename2 or error.filename  # os.replace names the destination second
        where = f" {target}" if target else ""
        return f"cannot write{where}: {error.strerror or error}"
    if isinstance(error, StoreError | ValueError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def export_visits(
    workspace: Workspace,
    visit_ids: Sequence[int],
    out: Path,
    *,
    combined: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    workers: int = 1,
    body_dir: Path | None = None,
    accent: str = DEFAULT_ACCENT,
    as_file: bool | None = None,
) -> ExportReport:
    """Write the claim summaries of ``visit_ids``.

    ``out`` is a folder (created if needed; one ``visit-<id>-<date>-<lastname>.pdf`` each), or a
    file for a single visit or a ``combined`` export: ``as_file`` says which, and ``None`` lets a
    ``.pdf`` suffix decide. Finalized visits get an "exported" audit row. Never raises for one
    visit's failure: see ``ExportReport.failures``.
    """
    out = Path(out)
    total = len(visit_ids)
    failures: list[tuple[int, str]] = []
    summaries: list[ClaimSummary] = []
    for visit_id in visit_ids:
        if cancelled is not None and cancelled():
            return ExportReport(failures=tuple(failures), cancelled=True)
        try:
            summaries.append(
                claim_summary_for(workspace, visit_id, body_dir=body_dir, accent=accent)
            )
        except Exception as error:
            failures.append((visit_id, _reason(error, visit_id)))
    if not summaries:
        return ExportReport(failures=tuple(failures))
    if as_file is None:
        as_file = out.suffix.lower() == ".pdf" and (combined or len(visit_ids) == 1)
    if combined or as_file:
        target = out if as_file else out / _combined_name(summaries)
        return _export_one_file(workspace, summaries, target, failures, progress, cancelled)
    return _export_folder(workspace, summaries, out, failures, progress, cancelled, workers, total)


def _combined_name(summaries: Sequence[ClaimSummary]) -> str:
    if len(summaries) == 1:
        return pdf_name(summaries[0])
    return f"visits-{summaries[0].visit.id}-to-{summaries[-1].visit.id}.pdf"


def _export_one_file(
    workspace: Workspace,
    summaries: list[ClaimSummary],
    out: Path,
    failures: list[tuple[int, str]],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ExportReport:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        data = render_claim_summaries(summaries, progress=progress, cancelled=cancelled)
        write_pdf(data, out)
    except ExportCancelled:
        return ExportReport(failures=tuple(failures), cancelled=True)
    except Exception as error:
        reason = _reason(error, summaries[0].visit.id or 0)
        failures += [(s.visit.id or 0, reason) for s in summaries]
        return ExportReport(failures=tuple(failures))
    exported = _audit(workspace, [(s, out) for s in summaries])
    return ExportReport((out,), tuple(failures), exported_ids=exported)


def _audit(workspace: Workspace, done: Sequence[tuple[ClaimSummary, Path]]) -> tuple[int, ...]:
    exported = []
    for summary, path in done:
        visit_id = summary.visit.id
        if visit_id is not None and summary.visit.status is VisitStatus.FINAL:
            try:
                workspace.record_export(visit_id, str(path))
                exported.append(visit_id)
            except StoreError:
                log.warning(
                    "could not record the export of a visit in the audit log", exc_info=True
                )
    return tuple(exported)


def _export_folder(
    workspace: Workspace,
    summaries: list[ClaimSummary],
    out: Path,
    failures: list[tuple[int, str]],
    progress: Progress | None,
    cancelled: Cancelled | None,
    workers: int,
    total: int,
) -> ExportReport:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        failures += [(s.visit.id or 0, _reason(error, 0)) for s in summaries]
        return ExportReport(failures=tuple(failures))
    written: list[tuple[ClaimSummary, Path]] = []
    done = len(failures)
    was_cancelled = False
    results = _serial if workers <= 1 or len(summaries) < 4 else _pooled
    for summary, result in results(summaries, out, workers, cancelled):
        if result is None:
            was_cancelled = True
            break
        if isinstance(result, BaseException):
            failures.append((summary.visit.id or 0, _reason(result, summary.visit.id or 0)))
        else:
            written.append((summary, result))
        done += 1
        if progress is not None:
            progress(done, total)
    exported = _audit(workspace, written)
    return ExportReport(tuple(p for _, p in written), tuple(failures), was_cancelled, exported)


Result = Path | BaseException | None  # None: cancelled before this one


def _serial(
    summaries: Sequence[ClaimSummary], out: Path, workers: int, cancelled: Cancelled | None
) -> Iterator[tuple[ClaimSummary, Result]]:
    for summary in summaries:
        if cancelled is not None and cancelled():
            yield summary, None
            return
        try:
            yield summary, write_claim_summary(summary, out / pdf_name(summary))
        except Exception as error:
            yield summary, error


def _pooled(
    summaries: Sequence[ClaimSummary], out: Path, workers: int, cancelled: Cancelled | None
) -> Iterator[tuple[ClaimSummary, Result]]:
    # "spawn": forking a process that runs Qt threads is unsafe; each worker parses the body
    # SVGs once and keeps them. A bounded window of submissions keeps cancel responsive.
    context = multiprocessing.get_context("spawn")
    pending: dict[Future[Path], ClaimSummary] = {}
    queue = list(reversed(summaries))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            while queue or pending:
                while queue and len(pending) < workers * 4:
                    summary = queue.pop()
                    target = out / pdf_name(summary)
                    pending[pool.submit(write_claim_summary, summary, target)] = summary
                finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                if cancelled is not None and cancelled():
                    for future in pending:
                        future.cancel()
                    yield next(iter(pending.values())), None
                    return
                for future in finished:
                    summary = pending.pop(future)
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        raise error
                    yield summary, error if error is not None else future.result()
    except BrokenProcessPool:
        # Worker processes could not start or died (e.g. a frozen build without
        # freeze_support): finish the rest here rather than fail the export.
        log.warning("PDF worker processes failed; exporting the rest in this process")
        rest = list(pending.values()) + list(reversed(queue))
        yield from _serial(rest, out, 1, cancelled)
