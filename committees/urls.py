from __future__ import annotations

urlpatterns: list = []  # the Committees issue fills this in
