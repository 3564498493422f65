"""Read treaty, state-system and capability data into the canonical tables.

See :mod:`alliancenet.schema` for the canonical membership table every reader returns.
"""

from . import example, fetch, readers
from .example import *  # noqa: F403
from .fetch import *  # noqa: F403
from .readers import *  # noqa: F403

__all__ = [*readers.__all__, *fetch.__all__, *example.__all__]
