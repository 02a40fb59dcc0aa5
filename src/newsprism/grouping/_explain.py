"""Why each article is in its story: its nearest fellow members, their scores, shared names,
and a sentence a reader understands ("same people and place as article 12 (Michael Steele;
Afghanistan), published two days after the first report")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._features import surface_forms
from ._state import lex_vector
from ._words import days_words, reason

if TYPE_CHECKING:
    from ._grouper import Grouper

MAX_MEMBERS = 200
NEAREST = 3


@dataclass(frozen=True)
class Neighbour:
    """Another member of the story and how alike the two articles are."""

    article_id: int
    score: float
    """The grouping score between the two (embedding and TF-IDF mixed as in grouping)."""
    embedding: float
    lexical: float
    shared_names: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "score": self.score,
            "embedding": self.embedding,
            "lexical": self.lexical,
            "shared_names": list(self.shared_names),
        }


@dataclass(frozen=True)
class MemberWhy:
    """One member of a story: how it joined and what ties it to the others."""

    article_id: int
    title: str
    joined_score: float | None
    """Its score against the story when it joined, or against its part when the machine split its
    story in two (None: it started the story, or was placed by a correction)."""
    copy_of: int | None
    copy_overlap: float | None
    nearest: tuple[Neighbour, ...]
    days_after_first: float | None = None
    """Days between the story's first report and this article's publication (None: undated)."""
    reason: str = ""
    """Why it is here, in words: what it shares with its nearest member and when it came."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "joined_score": self.joined_score,
            "copy_of": self.copy_of,
            "copy_overlap": self.copy_overlap,
            "nearest": [n.to_dict() for n in self.nearest],
            "days_after_first": self.days_after_first,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class StoryWhy:
    story_id: int
    title: str
    members: tuple[MemberWhy, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "title": self.title,
            "members": [m.to_dict() for m in self.members],
        }


def explain(grouper: Grouper, story_id: int) -> StoryWhy:
    store = grouper.store
    story = store.get_story(story_id)
    members = store.story_members(story_id)[:MAX_MEMBERS]
    ids = [m.article_id for m in members]
    items = grouper.items(ids)
    idf = grouper.idf_for(items.values())
    o = grouper.options
    lex = {a: lex_vector(it, idf, o.name_boost) for a, it in items.items()}
    arts = store.get_articles(ids)
    titles = {a.id: a.title for a in arts}
    words = {a.id: surface_forms(a) for a in arts}
    kinds = grouper.entity_kinds(arts)
    dated = [it.day for it in items.values() if it.dated]
    first = min(dated) if dated else None
    out = []
    for m in members:
        it = items.get(m.article_id)
        near: list[Neighbour] = []
        if it is not None:
            we = o.embed_weight(sum(it.terms.values()))
            for b, other in items.items():
                if b == m.article_id:
                    continue
                emb = float(it.vec @ other.vec)
                lx = sum(v * lex[b].get(t, 0.0) for t, v in lex[m.article_id].items())
                score = we * emb + (1 - we) * lx
                shared = tuple(
                    words.get(m.article_id, {}).get(t, t)
                    for t in sorted(it.names & other.names, key=lambda t: (-idf(t), t))[:8]
                )
                near.append(Neighbour(b, round(score, 4), round(emb, 4), round(lx, 4), shared))
            near.sort(key=lambda n: -n.score)
        after = round(it.day - first, 2) if it is not None and it.dated and first is not None else None
        said = ""
        if near:
            said = reason(
                kinds.get(m.article_id, {}),
                near[0].article_id,
                near[0].shared_names,
                days_words(after),
                m.copy_of,
            )
        out.append(
            MemberWhy(
                m.article_id,
                titles.get(m.article_id, ""),
                m.score,
                m.copy_of,
                m.copy_overlap,
                tuple(near[:NEAREST]),
                after,
                said,
            )
        )
    return StoryWhy(story_id, story.title, tuple(out))
