"""Benchmark ``coding.evaluate`` on a busy encounter and print its figures.

A 30-muscle encounter with 4 drugs, 6 diagnoses, an E/M and 2 other procedures, Medicare (all
payer rules on). Prints the median and 95th percentile of ``evaluate`` and, as a yardstick that
does not depend on the machine, the ratio to ``json.loads`` of the same input JSON in the same run.

    python bench/engine.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from tpi_desktop import paths
from tpi_desktop.coding import evaluate, load_tables
from tpi_desktop.domain.encounter_json import parse_encounter

MUSCLES = [
    "temporalis", "masseter", "sternocleidomastoid", "splenius_capitis", "levator_scapulae",
    "upper_trapezius", "teres_major", "supraspinatus", "infraspinatus", "rhomboid_major",
    "latissimus_dorsi", "quadratus_lumborum", "gluteus_medius", "piriformis", "gastrocnemius",
]  # fmt: skip

ENCOUNTER = {
    "date_of_service": "2026-06-15",
    "payer": "medicare",
    "injections": [
        {"muscle": m, "side": side, "count": 2} for m in MUSCLES for side in ("left", "right")
    ],
    "em": {"code": "99214", "significant_separate": True},
    "other_procedures": [
        {"code": "20610", "distinct_site": True},
        {"code": "96372", "distinct_site": False},
    ],
    "imaging": None,
    "drugs": [
        {"agent": "Kenalog-40", "dose_mg": 40, "ndc": "00003-0293-05"},
        {"agent": "methylprednisolone acetate", "dose_mg": 120, "wasted_mg": 40,
         "container": "single_dose", "ndc": "0009-3073-01"},
        {"agent": "dexamethasone sodium phosphate", "dose_mg": 4, "container": "single_dose"},
        {"agent": "lidocaine 1%", "dose_mg": 50},
    ],
    "diagnoses": ["M79.12", "M79.18", "M54.2", "M54.50", "M25.511", "M7911"],
    "prior_sessions": ["2025-09-01", "2026-01-10", "2026-05-20"],
    "documentation": {"needle_gauge": "27G", "pain_before": 7, "pain_after": 2},
}  # fmt: skip


def _times(function: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    runs = parser.parse_args().runs
    tables = load_tables(paths.resources_dir())
    text = json.dumps(ENCOUNTER)
    encounter = parse_encounter(json.loads(text), tables.catalog, tables.payers.keys())
    result = evaluate(encounter, tables)  # warm-up: loads the ICD code list once
    assert result.procedure_code == "20553" and result.muscle_count == 30, result.muscle_count
    _times(lambda: evaluate(encounter, tables), 200)
    engine = _times(lambda: evaluate(encounter, tables), runs)
    loads = _times(lambda: json.loads(text), runs)
    median, p95 = statistics.median(engine), statistics.quantiles(engine, n=20)[-1]
    json_median = statistics.median(loads)
    print(f"evaluate: {len(result.lines)} lines, {len(result.findings)} findings, {runs} runs")
    print(f"evaluate median {median * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms")
    print(f"json.loads of the same input: median {json_median * 1000:.4f} ms")
    print(f"ratio evaluate / json.loads: {median / json_median:.1f}x")


if __name__ == "__main__":
    main()
