"""Story analysis: claims, alignment across outlets, consensus / single-source / disputed,
framing by side, a cited summary, coverage by lean, timeline and FAQ.

``Analyzer(embedder, registry).analyze_articles(articles)`` returns a :class:`StoryAnalysis`;
its ``to_dict()`` form is documented in ``docs/analysis-schema.md``.
"""

from __future__ import annotations

from ._model import (
    SCHEMA_VERSION,
    ClaimGroup,
    Cited,
    Conflict,
    Coverage,
    FaqItem,
    Mention,
    SideFraming,
    Source,
    StoryAnalysis,
    SummarySentence,
    TimelineEvent,
)

__all__ = [
    "SCHEMA_VERSION",
    "ClaimGroup",
    "Cited",
    "Conflict",
    "Coverage",
    "FaqItem",
    "Mention",
    "SideFraming",
    "Source",
    "StoryAnalysis",
    "SummarySentence",
    "TimelineEvent",
]
