"""Benchmark `newsprism update`: 500 local feeds x 20 items, served by real HTTP servers.

The feeds are served from a separate process by threaded HTTP servers on several loopback
addresses (127.0.0.1 .. 127.0.0.<hosts>), so per-host limits apply as they would on the web.
The items are fictional text generated here (events covered by several feeds, so grouping has
real work to do). Phases, each timed: fetch + parse + store (``update`` without grouping), then
grouping of the new articles, then (if the analysis stage exists) analysis of stories with two
or more articles (the first ``--analysis-limit``, extrapolated to all; analysis is otherwise
computed lazily on first view). Peak memory is the process's peak resident set size.

    python benchmarks/update.py [--feeds 500] [--items 20] [--hosts 25] [--politeness 0] [--json out.json]

Goals on the 2-core reference machine: fetch+parse+store < 60 s; with grouping and analysis < 3 min.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "feeds"))

from _synthetic import VOCAB  # noqa: E402  (benchmarks/ is on sys.path when run as a script)


def _vocabulary() -> list[str]:
    """Words to write fiction with: from the shared AllSides excerpts when present (only the word
    list is used, never their sentences), else a small built-in list."""
    import re

    path = REPO.parent / "shared" / "data" / "allsides" / "stories-2021-04-to-08.jsonl"
    if not path.exists():
        return VOCAB
    words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,12}", path.read_text(encoding="utf-8"))})
    return words if len(words) > 1000 else VOCAB


def _event_text(event: int, variant: int, words: int, vocab: list[str]) -> tuple[str, str]:
    """A fictional article about ``event``: its variants share the event's key words."""
    import random

    ev = random.Random(event)
    keys = ev.sample(vocab, 14)
    place = f"Town{event % 97}"
    rnd = random.Random(event * 1000 + variant)
    title = f"{place}: {keys[0]} and {keys[1]} {rnd.choice(['dispute', 'plan', 'vote', 'crisis', 'deal'])}"
    sentences = [f"In the fictional town of {place}, officials discussed the {keys[0]} {keys[1]} {keys[2]}."]
    while sum(len(x.split()) for x in sentences) < words:
        pick = [rnd.choice(keys) if rnd.random() < 0.7 else rnd.choice(vocab) for _ in range(10)]
        sentences.append(" ".join(pick).capitalize() + f" ({variant}).")
    return title, " ".join(sentences)


def _serve(n_feeds: int, n_items: int, hosts: int, words: int, q_out: Any, q_in: Any) -> None:
    from localserver import FeedServer, Reply, rss

    vocab = _vocabulary()
    servers = [FeedServer(f"127.0.0.{h + 1}").__enter__() for h in range(hosts)]
    urls = []
    for i in range(n_feeds):
        srv = servers[i % hosts]
        items = []
        for j in range(n_items):
            n = i * n_items + j
            title, text = _event_text(n // 5, n % 5, words, vocab)
            items.append(
                {
                    "title": title,
                    "link": f"{srv.base}/f{i}/a{j}.html",
                    "guid": f"f{i}-{j}",
                    "date": "Mon, 03 Mar 2025 09:00:00 +0000",
                    "content": f"<p>{text}</p>",
                }
            )
        body = rss(items, title=f"Bench feed {i}").encode()
        srv.route(f"/feed{i}.xml", lambda _r, b=body: Reply(200, b, {"Content-Type": "application/rss+xml"}))
        urls.append(srv.url(f"/feed{i}.xml"))
    q_out.put(urls)
    q_in.get()  # wait until told to stop
    for s in servers:
        s.__exit__()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--hosts", type=int, default=25)
    ap.add_argument("--words", type=int, default=150)
    ap.add_argument("--politeness", type=float, default=0.0, help="fetch.politeness_delay_s")
    ap.add_argument("--no-group", action="store_true")
    ap.add_argument("--no-analysis", action="store_true")
    ap.add_argument(
        "--analysis-limit", type=int, default=300, help="analyse this many stories and extrapolate (0: all)"
    )
    ap.add_argument("--json", dest="json_out", help="write results here")
    args = ap.parse_args()

    from newsprism import Newsprism
    from newsprism.config import settings_from_mapping
    from newsprism.feeds import PollStatus

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanup below on SIGTERM too
    ctx = mp.get_context("spawn")
    q_out, q_in = ctx.Queue(), ctx.Queue()
    proc = ctx.Process(
        target=_serve, args=(args.feeds, args.items, args.hosts, args.words, q_out, q_in), daemon=True
    )
    proc.start()
    urls = q_out.get(timeout=300)
    results: dict[str, Any] = {"feeds": args.feeds, "items_per_feed": args.items, "hosts": args.hosts}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = settings_from_mapping(
                {
                    "fetch": {
                        "allowed_hosts": ["127.0.0.0/8"],
                        "politeness_delay_s": args.politeness,
                        "concurrency": 16,
                        "per_host_concurrency": 2,
                        "retries": 1,
                    }
                },
                {},
                db=str(Path(tmp) / "bench.db"),
                data_dir=tmp,
            )
            np = Newsprism(settings)
            for u in urls:
                np.store.add_feed(u)
            t0, c0 = time.perf_counter(), time.process_time()
            report = np.update(group=False)
            t_fetch, c_fetch = time.perf_counter() - t0, time.process_time() - c0
            n = len(report.imported_ids)
            results.update(
                fetch_parse_store_s=round(t_fetch, 2),
                fetch_parse_store_cpu_s=round(c_fetch, 2),
                articles=n,
                items_per_s=round(n / t_fetch, 1),
                feeds_ok=report.count(PollStatus.OK),
                peak_rss_mb_after_fetch=round(_rss_mb(), 1),
            )
            print(report.summary())
            print(
                f"fetch+parse+store: {t_fetch:.1f} s ({c_fetch:.1f} s CPU), {n} articles,"
                f" {n / t_fetch:.0f} items/s, peak RSS {_rss_mb():.0f} MB"
            )
            total = t_fetch
            if not args.no_group:
                t0, c0 = time.perf_counter(), time.process_time()
                np.group(list(report.imported_ids))
                t_group, c_group = time.perf_counter() - t0, time.process_time() - c0
                total += t_group
                stories = {np.store.story_of_article(i) for i in report.imported_ids} - {None}
                results.update(group_s=round(t_group, 2), group_cpu_s=round(c_group, 2), stories=len(stories))
                print(
                    f"grouping: {t_group:.1f} s ({c_group:.1f} s CPU) -> {len(stories)} stories,"
                    f" peak RSS {_rss_mb():.0f} MB"
                )
                if not args.no_analysis and hasattr(np, "analysis"):
                    multi = sorted(s for s in stories if len(np.story(s).article_ids) >= 2)
                    sample = multi[: args.analysis_limit] if args.analysis_limit else multi
                    t0 = time.perf_counter()
                    np.analyzer().analyze_stories(np.store, sample)  # the batch path update() uses
                    t_an = time.perf_counter() - t0
                    per = t_an / max(1, len(sample))
                    est = per * len(multi)
                    total += est
                    results.update(
                        analysis_s=round(t_an, 2),
                        analysed_stories=len(sample),
                        stories_2plus=len(multi),
                        analysis_per_story_s=round(per, 3),
                        analysis_all_estimated_s=round(est, 1),
                    )
                    print(
                        f"analysis: {t_an:.1f} s for {len(sample)} of {len(multi)} stories with 2+ articles"
                        f" ({per:.2f} s each; all: ~{est:.0f} s)"
                    )
            results.update(total_s=round(total, 2), peak_rss_mb=round(_rss_mb(), 1))
            print(
                f"total: {total:.1f} s, peak RSS {_rss_mb():.0f} MB"
                f" (goals: fetch+parse+store < 60 s, with grouping and analysis < 180 s)"
            )
            np.close()
    finally:
        q_in.put(None)
        proc.join(10)
        if proc.is_alive():
            proc.terminate()
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
