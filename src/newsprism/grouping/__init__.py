"""Story grouping: articles about the same event become one story.

:class:`Grouper` places new articles incrementally (each joins the open story it is most like
on average, above a threshold, or starts one; an article that joined an older story moves to
its own day's coverage when that fits it better, ``_placing``; a story found to hold two
look-alike events is cut in two, ``_split``), rebuilds everything on ``regroup``, marks copies (MinHash/LSH),
explains each membership and applies user corrections (split / merge / move) that survive a
regroup. The thresholds are in :class:`Options`; see ``_cluster`` for the scoring rule and
``_index`` for the candidate search.
"""

from __future__ import annotations

from ._explain import MemberWhy, Neighbour, StoryWhy
from ._grouper import Grouper, GroupReport
from ._options import Options

__all__ = ["GroupReport", "Grouper", "MemberWhy", "Neighbour", "Options", "StoryWhy"]
