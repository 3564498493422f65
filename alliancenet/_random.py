"""Seeds, generators and worker counts: the one place that normalises them.

Every public function that draws random numbers takes a keyword-only ``rng``
(SPEC 7) and passes it through :func:`as_generator` once; work split into tasks
draws one child per task with :func:`spawn`, so a seeded result does not depend
on ``n_jobs`` or the scheduler. :func:`check_n_jobs` gives ``n_jobs`` joblib's
meaning and caps it to the number of tasks. :func:`igraph_seeded` lets igraph
draw from a private generator without racing other threads.

Accepted ``rng`` values (anything :func:`numpy.random.default_rng` accepts):
``None`` (fresh OS entropy), a non-negative ``int`` or a sequence of them, a
:class:`numpy.random.SeedSequence`, a :class:`numpy.random.BitGenerator` or a
:class:`numpy.random.Generator`. A legacy :class:`numpy.random.RandomState` is
refused everywhere with the same message (it cannot spawn independent children).
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from numbers import Integral
from typing import TypeAlias

import numpy as np

from .errors import ParameterError

__all__ = ["RNGLike", "as_generator", "spawn", "int_seed", "check_n_jobs", "igraph_seeded"]

#: What ``rng=`` accepts.
RNGLike: TypeAlias = (
    int
    | Sequence[int]
    | np.random.SeedSequence
    | np.random.BitGenerator
    | np.random.Generator
    | None
)

_ACCEPTED = (
    "None, a non-negative int (or a list of them), a numpy SeedSequence, BitGenerator or Generator"
)


def as_generator(rng: RNGLike, *, name: str = "rng") -> np.random.Generator:
    """Normalise `rng` to a :class:`numpy.random.Generator` (SPEC 7).

    Parameters
    ----------
    rng : None, int, sequence of int, SeedSequence, BitGenerator or Generator
        A Generator is returned as is (draws advance it); anything else seeds a
        new one.
    name : str, default "rng"
        The parameter name used in error messages.

    Raises
    ------
    ParameterError
        For negative or non-integer seeds, strings, :class:`random.Random` and
        legacy :class:`numpy.random.RandomState`.

    Examples
    --------
    >>> int(as_generator(42).integers(100)) == int(as_generator(42).integers(100))
    True
    >>> as_generator(-1)
    Traceback (most recent call last):
    ...
    alliancenet.errors.ParameterError: rng: expected None, a non-negative int ...
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence | np.random.BitGenerator):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.RandomState):
        raise ParameterError(
            f"{name}: got a legacy numpy RandomState, which cannot spawn independent streams; "
            f"pass np.random.default_rng(seed) or an int seed instead (accepted: {_ACCEPTED})."
        )
    seeds = [rng] if not isinstance(rng, Sequence | np.ndarray) or isinstance(rng, str) else rng
    ok = len(seeds) > 0 and all(
        isinstance(s, Integral | np.integer) and not isinstance(s, bool) and int(s) >= 0
        for s in seeds
    )
    if not ok:
        raise ParameterError(
            f"{name}: expected {_ACCEPTED}; got {rng!r} ({type(rng).__name__}). "
            f"Pass e.g. {name}=2024."
        )
    return np.random.default_rng([int(s) for s in seeds] if len(seeds) > 1 else int(seeds[0]))


def spawn(rng: RNGLike, n: int) -> list[np.random.Generator]:
    """`n` independent child generators of `rng` (one per task, never per worker).

    The same seed gives the same children, so results do not depend on how the
    tasks are scheduled.

    Examples
    --------
    >>> a, b = spawn(42, 2), spawn(42, 2)
    >>> [g.integers(1000) for g in a] == [g.integers(1000) for g in b]
    True
    """
    return list(as_generator(rng).spawn(int(n)))


def int_seed(rng: RNGLike) -> int:
    """One integer seed in ``[0, 2**32)`` drawn from `rng` (for libraries such as igraph).

    Examples
    --------
    >>> int_seed(7) == int_seed(7)
    True
    """
    return int(as_generator(rng).integers(0, 2**32))


def check_n_jobs(n_jobs: int | None, n_tasks: int | None = None) -> int:
    """Validate `n_jobs` with joblib's meaning and cap it to the work.

    ``None`` and ``1`` run in this process; ``k > 1`` uses k workers; ``-1`` all
    cores, ``-2`` all but one, and so on. The result never exceeds `n_tasks` (no
    64 processes for one task) nor is below 1.

    Examples
    --------
    >>> check_n_jobs(None), check_n_jobs(64, n_tasks=3), check_n_jobs(-1, n_tasks=1)
    (1, 3, 1)
    """
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, Integral | np.integer) or n_jobs == 0:
        raise ParameterError(
            f"n_jobs: expected a positive number of workers, -1 (all cores) or None (one); "
            f"got {n_jobs!r}."
        )
    cores = os.cpu_count() or 1
    n = int(n_jobs) if n_jobs > 0 else max(cores + 1 + int(n_jobs), 1)
    if n_tasks is not None:
        n = min(n, max(int(n_tasks), 1))
    return max(n, 1)


_IGRAPH_LOCK = threading.RLock()


@contextmanager
def igraph_seeded(seed: int) -> Iterator[None]:
    """Let igraph draw from ``random.Random(seed)`` inside the block, thread-safely.

    igraph has one process-wide random generator. The block holds a lock while
    that generator is swapped, so two threads (or a threaded Dask worker) never
    draw from each other's generator; each process has its own igraph, so
    processes need no lock. igraph is handed :mod:`random` back afterwards.
    """
    import igraph as ig

    with _IGRAPH_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
