"""The quarterly performance report (see the Reports issue)."""

from __future__ import annotations
