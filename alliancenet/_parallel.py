"""Seeded parallel execution shared by the simulation stages.

Work is split into tasks whose boundaries do not depend on ``n_jobs``; each task
gets its own child generator spawned from one :class:`numpy.random.SeedSequence`
(SPEC 7), so a seeded result is identical serially, with ``n_jobs=2``, or on a
Dask cluster. joblib runs the tasks; a user with a cluster switches backend
without changing code::

    from dask.distributed import Client
    import joblib
    client = Client("scheduler-address:8786")
    with joblib.parallel_config(backend="dask"):
        anet.robustness_panel(panel, n_jobs=-1, rng=1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ._random import check_n_jobs

__all__ = ["run_tasks"]


def run_tasks(
    func: Callable[..., Any],
    tasks: Sequence[Any] | Iterable[Any],
    *,
    n_jobs: int | None = 1,
    progress: bool = False,
    desc: str | None = None,
) -> list[Any]:
    """Run ``func(task)`` for every task, in order, serially or through joblib.

    Parameters
    ----------
    func : callable
        Called once per task; must be picklable for ``n_jobs != 1``.
    tasks : sequence
        The task arguments. Results come back in the same order.
    n_jobs : int or None, default 1
        1 or None runs in this process; other values (joblib's meaning, ``-1`` =
        all cores) are validated and capped to the number of tasks by
        :func:`alliancenet._random.check_n_jobs`, then passed to
        :class:`joblib.Parallel`, which honours an enclosing
        ``joblib.parallel_config(backend="dask")``.
    progress : bool, default False
        Show a tqdm progress bar.
    desc : str, optional
        Label of the progress bar.

    Examples
    --------
    >>> run_tasks(abs, [-1, -2, 3])
    [1, 2, 3]
    """
    tasks = list(tasks)
    n_jobs = check_n_jobs(n_jobs, len(tasks))
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(tasks, desc=desc, total=len(tasks))
    else:
        iterator = tasks
    if n_jobs == 1:
        return [func(t) for t in iterator]
    from joblib import Parallel, delayed  # imported here: serial runs need not load it

    return list(Parallel(n_jobs=n_jobs)(delayed(func)(t) for t in iterator))
