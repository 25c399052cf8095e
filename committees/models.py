"""Committees, meetings, resolutions and actions (see the Committees issue)."""

from __future__ import annotations
