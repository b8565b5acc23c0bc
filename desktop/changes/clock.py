"""The hybrid logical clock that orders concurrent edits (design §4): never the wall clock alone.

A stamp is the wall time in milliseconds and a counter. It never goes backwards on a site, and a
site that receives a change moves its clock past that change's stamp, so anything it writes later
is ordered after what it had seen, even when its PC's clock is wrong by a day.
"""

from __future__ import annotations

import time

WIDTH_MS, WIDTH_COUNT = 13, 6


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def stamp(ms: int, count: int) -> str:
    """Fixed width, so stamps compare as text in the same order as in time."""
    return f"{ms:0{WIDTH_MS}d}.{count:0{WIDTH_COUNT}d}"


def parse(text: str) -> tuple[int, int]:
    ms, count = text.split(".")
    if len(ms) != WIDTH_MS or len(count) != WIDTH_COUNT:
        raise ValueError(text)
    return int(ms), int(count)


def tick(ms: int, count: int, wall_ms: int) -> tuple[int, int]:
    """The clock for a new local write."""
    if wall_ms > ms:
        return wall_ms, 0
    return ms, count + 1


def observe(ms: int, count: int, seen: str) -> tuple[int, int]:
    """The clock after receiving a change stamped `seen`: at least as late."""
    return max((ms, count), parse(seen))
