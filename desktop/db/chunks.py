"""Long lists of ids cut into slices for `IN (…)`: SQLite builds before 3.32 refuse more than 999
bound parameters in one statement, and Windows PCs may carry such a build."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def in_chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
