"""Shared by the trust benchmark's parts: the labelled stories as articles, their prepared sentences,
the label loader and grouped folds (see ``benchmarks/trust.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import json  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

import trust_corpus as tc  # noqa: E402
from newsprism.analysis import Analyzer  # noqa: E402
from newsprism.analysis._sentences import Sent  # noqa: E402
from newsprism.analysis._support import FactCache  # noqa: E402
from newsprism.models import Article, Outlet  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "trust"
CPU_STORIES = ["demo:ilse", "demo:strike", "demo:referendum", "demo:marek", "seeds:seeds"] + [
    f"neus-val:{k}" for k in range(20)
]
CPU_BASELINE_MS = 82.8


def load_labels(name: str) -> list[dict[str, Any]]:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    pairs: list[dict[str, Any]] = data["pairs"] if isinstance(data, dict) else data
    return pairs


def story_of(sid: str) -> str:
    parts = sid.split("#")[0].split(":")
    return f"{parts[0]}:{parts[1]}"


def articles(story: str) -> list[Article]:
    """The story's documents as articles (source n = document order + 1)."""
    start = datetime(2021, 1, 1, tzinfo=UTC)
    out = []
    for i, d in enumerate(tc.story(story)):
        out.append(
            Article(
                id=1000 + i,
                title=d.title,
                text=d.text,
                url=None,
                outlet=Outlet(i + 1, d.outlet, d.outlet),
                dek=None,
                authors=(),
                published_at=None,
                fetched_at=start + timedelta(hours=i),
                language="en",
                content_hash=f"{d.id}",
                source_kind="bench",
                source_ref=d.id,
            )
        )
    return out


def norm(text: str) -> str:
    t = " ".join(text.split()).strip().rstrip(".")
    return t[:1].lower() + t[1:]


@dataclass
class Corpus:
    """Prepared sentences (spaCy + MiniLM) of the labelled stories, and each labelled sentence's
    :class:`Sent` and vector (the spaCy sentence it is, or a fresh parse of its text)."""

    analyzer: Analyzer

    def __post_init__(self) -> None:
        self.prepared: dict[str, dict[str, tuple[list[Sent], np.ndarray]]] = {}
        self.cache = FactCache()
        self._sent: dict[str, tuple[Sent, np.ndarray]] = {}

    def docs(self, story: str) -> dict[str, tuple[list[Sent], np.ndarray]]:
        if story not in self.prepared:
            arts = articles(story)
            ready = self.analyzer.prepare(arts)
            self.prepared[story] = {
                a.source_ref: ([replace(s, source=i + 1) for s in ready[a.id].sents], ready[a.id].vectors)
                for i, a in enumerate(arts)
            }
        return self.prepared[story]

    def sentence(self, sid: str) -> tuple[Sent, np.ndarray]:
        if sid in self._sent:
            return self._sent[sid]
        text = tc.sentence(sid)
        doc_id = sid.split("#")[0]
        sents, vecs = self.docs(story_of(sid))[doc_id]
        key = norm(text)
        hit = next((k for k, s in enumerate(sents) if norm(s.text) == key), None)
        if hit is None:  # the frozen splitter cut elsewhere than spaCy: the spaCy sentence holding it
            hit = next((k for k, s in enumerate(sents) if key[5:60] and key[5:60] in norm(s.text)), None)
        if hit is not None:
            out = (sents[hit], vecs[hit])
        else:
            parsed = self.analyzer.nlp.sentences(0, "", text)
            s = max(parsed, key=lambda x: len(x.text)) if parsed else Sent(source=0, position=0, text=text)
            s = replace(s, text=text)
            out = (s, np.asarray(self.analyzer.embedder.embed([text]), np.float32)[0])
        self._sent[sid] = out
        return out


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "tp": tp, "fp": fp, "fn": fn}


def grouped_folds(stories: list[str], k: int) -> list[set[str]]:
    distinct = sorted(set(stories))
    size = Counter(stories)
    folds: list[set[str]] = [set() for _ in range(min(k, len(distinct)))]
    load = [0] * len(folds)
    for s in sorted(distinct, key=lambda s: -size[s]):  # largest story to the lightest fold
        i = load.index(min(load))
        folds[i].add(s)
        load[i] += size[s]
    return folds
