"""A small HTTP load driver: N simulated users, each sending one request after
another (a closed loop, no think time) for a fixed time, over plain asyncio
streams. gunicorn's sync workers close the connection after each response,
so each request opens its own connection, as a browser's would to them.

Run as `python -m bench.load ARGS.json OUT.json` in a process of its own, so
that the driver does not share an interpreter with anything it measures.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

TIMEOUT = 30.0


async def _request(host: str, port: int, raw: bytes) -> tuple[int, int]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        await writer.drain()
        data = await reader.read()  # to EOF: the server closes the connection
    finally:
        writer.close()
    if not data.startswith(b"HTTP/1."):
        return 0, len(data)
    return int(data.split(b" ", 2)[1]), len(data)


async def _user(
    host: str,
    port: int,
    raw: bytes,
    deadline: float,
    latencies: list[float],
    errors: dict[str, int],
    once: bool = False,
) -> None:
    while once or time.perf_counter() < deadline:
        once = False
        start = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(_request(host, port, raw), TIMEOUT)
        except (TimeoutError, OSError) as exc:
            key = type(exc).__name__
            errors[key] = errors.get(key, 0) + 1
            continue
        if status != 200:
            errors[f"HTTP {status}"] = errors.get(f"HTTP {status}", 0) + 1
            continue
        latencies.append(time.perf_counter() - start)


async def run(
    host: str,
    port: int,
    path: str,
    cookie: str,
    users: int,
    seconds: float,
    once: bool = False,
) -> dict[str, Any]:
    """`once`: each user sends one request (to warm the server), whatever
    `seconds` says."""
    headers = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "User-Agent: scrutineer-bench",
        "Accept: text/html,application/json",
        "Connection: close",
    ]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    raw = ("\r\n".join(headers) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(
        *(
            _user(host, port, raw, deadline, latencies, errors, once)
            for _ in range(users)
        )
    )
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {
        "path": path,
        "users": users,
        "requested_seconds": seconds,
        "seconds": round(elapsed, 1),
        "requests_ok": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
    }


def main(argv: list[str]) -> None:
    args_path, out_path = argv
    args = json.loads(Path(args_path).read_text())
    result = asyncio.run(
        run(
            args["host"],
            int(args["port"]),
            args["path"],
            args.get("cookie", ""),
            int(args["users"]),
            float(args["seconds"]),
            bool(args.get("once", False)),
        )
    )
    Path(out_path).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
