"""Story analysis: claims, alignment across outlets, consensus / single-source / disputed,
framing by side, a cited summary, coverage by lean, timeline and FAQ.

``Analyzer(embedder, registry).analyze_articles(articles)`` returns a :class:`StoryAnalysis`;
its ``to_dict()`` form is documented in ``docs/analysis-schema.md``.
"""

from __future__ import annotations

from ._analyzer import ANALYZER_VERSION, Analyzer, signature
from ._model import (
    SCHEMA_VERSION,
    Cited,
    ClaimGroup,
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
from ._render import to_markdown, to_text
from ._summary import STORY_VIEW, SummaryOptions

__all__ = [
    "ANALYZER_VERSION",
    "SCHEMA_VERSION",
    "STORY_VIEW",
    "Analyzer",
    "Cited",
    "ClaimGroup",
    "Conflict",
    "Coverage",
    "FaqItem",
    "Mention",
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
