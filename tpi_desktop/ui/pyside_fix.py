"""Keep ``None``, ``True`` and ``False`` alive under PySide6 6.12.0 on Python 3.11.

PySide6 6.12.0 (abi3 wheels) returns ``None`` from every void method (``setText``, ``update``...)
and ``True`` from ``Signal.emit`` without taking a reference, as if those objects were immortal,
which they are only from Python 3.12 on. On 3.11 each call drops one reference, and after some
thousands of calls the interpreter aborts ("none_dealloc: deallocating None" or "bool_dealloc").
``protect_singletons()`` detects the fault with a few probe calls and, only when it is there,
gives the three singletons a reference count no program can use up (what 3.12 does by design).
It runs on import, so importing any widget module of this package is enough; the composition
root (app.py) should call it as well, before the first window is built.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_HEADROOM = 1 << 40
_state: dict[str, bool] = {}


class _Probe(QObject):
    ping = Signal()


def _drops_references() -> bool:
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(64):
        probe.setObjectName("probe")  # a void method: returns None
        probe.ping.emit()  # returns True
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    return lost_none >= 64 or lost_true >= 64


def protect_singletons() -> bool:
    """Apply the fix if this PySide6 needs it; True when it was needed (idempotent)."""
    if "needed" not in _state:
        needed = sys.version_info < (3, 12) and _drops_references()
        if needed:
            for singleton in (None, True, False):
                # ob_refcnt is the first field of every CPython object.
                ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
        _state["needed"] = needed
    return _state["needed"]


protect_singletons()
