"""Story analysis: claims, alignment across outlets, consensus / single-source / disputed,
framing by side, a cited summary, coverage by lean, timeline and FAQ.

``Analyzer(embedder, registry).analyze_articles(articles)`` returns a :class:`StoryAnalysis`;
its ``to_dict()`` form is documented in ``docs/analysis-schema.md``. Stored stories:
``analyze_story(store, id)`` / ``analyze_stories(store, ids)`` (cached per story, and each
article's sentences and embeddings cached per article, so only new articles are processed).
"""

from __future__ import annotations

from ._analyzer import ANALYZER_VERSION, Analyzer, signature
from ._model import (
    SCHEMA_VERSION,
    Cited,
    ClaimGroup,
    Conflict,
    Coverage,
    Evidence,
    FaqItem,
    Mention,
    SideFraming,
    Source,
    StoryAnalysis,
    SummarySentence,
    TimelineEvent,
)
from ._prepare import PREPARE_VERSION, Prepared
from ._queue import AnalysisQueue, QueueRun
from ._render import to_markdown, to_text
from ._summary import STORY_VIEW, SummaryOptions

__all__ = [
    "ANALYZER_VERSION",
    "PREPARE_VERSION",
    "SCHEMA_VERSION",
    "STORY_VIEW",
    "AnalysisQueue",
    "Analyzer",
    "Cited",
    "ClaimGroup",
    "Conflict",
    "Coverage",
    "Evidence",
    "FaqItem",
    "Mention",
    "Prepared",
    "QueueRun",
    "SideFraming",
    "Source",
    "StoryAnalysis",
    "SummaryOptions",
    "SummarySentence",
    "TimelineEvent",
    "signature",
    "to_markdown",
    "to_text",
]
