"""TPI Desktop: an offline coding workstation for trigger point injections."""

from __future__ import annotations

__version__ = "0.1.0"
