"""Labelled grouping data (AllSides, ECB+, BASIL) read from ``../shared/data`` as import records.

Each loader returns ``(records, gold)``: records are JSON objects the importer reads from a
``.jsonl`` file (title, text, url, date, source), gold maps a record's url to its gold story.

* AllSides: one article per outlet side of a roundup; every article gets only the calendar day
  of its story (midnight UTC) as its date, like a feed item with a day-level date.
* ECB+: tokens joined per ``sentence`` attribute; the first sentence is the title (ECB+ "plus"
  documents start with their source URL, which is dropped). ECB+ gives no dates for the ECB
  documents, so every ECB+ document gets the same date (2013-01-01): the grouping must tell
  the two look-alike events of a topic apart by what they say, not by when.
* BASIL (2010-2014 events): full articles by Fox News, the New York Times and HuffPost on the
  same event, with their real publication days (midnight UTC; 51 % of an event's articles
  share its first day, the rest follow one to four days later). Gold: ``triplet-uuid``. Only
  title, body, date, url and outlet are read (never the annotated ``main-event`` or
  ``keywords``); the one article without a title gets its first sentence as title.
"""

from __future__ import annotations

import csv
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ALLSIDES = DATA / "allsides" / "stories-2021-04-to-08.jsonl"
ECBPLUS = DATA / "ecbplus"
BASIL = DATA / "basil" / "articles"
BASIL_OUTLETS = {"fox": "foxnews.com", "nyt": "nytimes.com", "hpo": "huffpost.com"}

Records = list[dict[str, Any]]

_STAND_IN = re.compile(r"^https://(allsides|ecbplus|basil)\.example/(.*)$")


def web_url(url: str) -> str:
    """The address a record is imported under: the importer keeps only http(s) links, so a
    record id such as ``ecbplus://1_10ecb`` goes in as ``https://ecbplus.example/1_10ecb``."""
    if url.startswith(("http://", "https://")):
        return url
    scheme, _, rest = url.partition("://")
    return f"https://{scheme}.example/{rest}"


def record_url(url: str) -> str:
    """The record id an imported article's address stands for (inverse of :func:`web_url`)."""
    m = _STAND_IN.match(url)
    return f"{m.group(1)}://{m.group(2)}" if m else url


def importable(records: Records) -> Records:
    """``records`` with addresses the importer keeps (:func:`web_url`)."""
    return [{**r, "url": web_url(r["url"])} for r in records]


def load_allsides(path: Path = ALLSIDES) -> tuple[Records, dict[str, str]]:
    records: Records = []
    gold: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            day = story["date"][:10]
            for side, art in sorted((story.get("news") or {}).items()):
                url = art.get("newsLink") or f"allsides://{story['id']}/{side}"
                title = (art.get("newsTitle") or "").strip()
                text = "\n".join(art.get("newBody") or []).strip()
                if not title or not text or url in gold:
                    continue
                gold[url] = f"allsides-{story['id']}"
                records.append(
                    {
                        "title": title,
                        "text": text,
                        "url": url,
                        "date": day,
                        "source": art.get("newsSource") or side,
                    }
                )
    return records, gold


def _doc_text(path: Path) -> list[str]:
    sentences: dict[int, list[str]] = {}
    for tok in ET.parse(path).getroot().iter("token"):
        sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    out = []
    for _, toks in sorted(sentences.items()):
        s = " ".join(toks)
        s = re.sub(r" ([.,;:!?%)\]}'])", r"\1", s)
        s = re.sub(r"([(\[{$]) ", r"\1", s).replace("`` ", '"').replace(" ''", '"').replace(" n't", "n't")
        out.append(s.strip())
    return [s for s in out if s]


_DATELINE = re.compile(
    r"\b(GMT|BST|EST|EDT|PST|PDT|UTC)\b|\b\d{1,2}:\s?\d{2}\s?(AM|PM)\b|last updated"
    r"|^\W*(posted|updated|published)\b"
    r"|^\W*\w+\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}\b|^\W*\d{1,2}\s+\w+\s+\d{4}\b",
    re.IGNORECASE,
)


def load_ecbplus(root: Path = ECBPLUS) -> tuple[Records, dict[str, str]]:
    records: Records = []
    gold: dict[str, str] = {}
    with (root / "doc_index.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        doc = row["doc_id"]
        path = root / row["topic"] / f"{doc}.xml"
        if not path.exists():
            continue
        sents = _doc_text(path)
        if sents and re.match(r"^\s*https?\s*:", sents[0]):
            sents = sents[1:]
        # The title is the first line of at least five words that is not a dateline (ECB+
        # documents may start with "APR 28" or "21 July 2013 Last updated at 11: 11 GMT");
        # the lines skipped stay in the text.
        k = next((i for i, s in enumerate(sents) if len(s.split()) >= 5 and not _DATELINE.search(s)), None)
        if k is None or len(sents) < 2:
            continue
        url = f"ecbplus://{doc}"
        gold[url] = row["event_cluster"]
        records.append(
            {
                "title": sents[k][:300],
                "text": "\n".join(sents[:k] + sents[k + 1 :]),
                "url": url,
                "date": "2013-01-01",
                "source": "ecbplus.example",
            }
        )
    return records, gold


def load_basil(root: Path = BASIL, years: tuple[int, ...] | None = None) -> tuple[Records, dict[str, str]]:
    """BASIL articles (``years``: only events of those years, by folder) and their gold events."""
    records: Records = []
    gold: dict[str, str] = {}
    for path in sorted(root.glob("*/*.json")):
        if years is not None and int(path.parent.name) not in years:
            continue
        art = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(s.strip() for s in para).strip() for para in art.get("body-paragraphs") or []]
        paragraphs = [p for p in paragraphs if p]
        title = (art.get("title") or "").strip()
        if not title and paragraphs:
            title, paragraphs = paragraphs[0][:300], paragraphs[1:]
        url = art.get("url") or f"basil://{art['uuid']}"
        if not title or not paragraphs or url in gold:
            continue
        gold[url] = f"basil-{art['triplet-uuid']}"
        records.append(
            {
                "title": title,
                "text": "\n\n".join(paragraphs),
                "url": url,
                "date": art["date"][:10],
                "source": BASIL_OUTLETS.get(str(art.get("source", "")).lower(), art.get("source") or "basil"),
            }
        )
    return records, gold


def coverage_spread(records: Records, gold: dict[str, str]) -> dict[str, Any]:
    """How an event's coverage spreads over days: for every article after its event's first
    report, the whole days since that report; a geometric fit (maximum likelihood: ratio
    q = mean / (1 + mean)) and the nats a day that it fades (ln 1/q): the time model's slope."""
    from datetime import date

    first: dict[str, date] = {}
    for r in records:
        d = date.fromisoformat(r["date"][:10])
        first[gold[r["url"]]] = min(first.get(gold[r["url"]], d), d)
    gaps = sorted((date.fromisoformat(r["date"][:10]) - first[gold[r["url"]]]).days for r in records)
    events = len(first)
    later = gaps[events:]  # each event's first report is one of its gap-0 articles
    mean = sum(later) / max(1, len(later))
    q = mean / (1 + mean)
    counts: dict[int, int] = {}
    for g in later:
        counts[g] = counts.get(g, 0) + 1
    return {
        "events": events,
        "days_after_first": counts,
        "mean": mean,
        "ratio": q,
        "nats_per_day": -math.log(q) if q > 0 else math.inf,
    }


def bcubed(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, float]:
    """B-cubed precision/recall/F1 and pairwise F1 over the items in both maps."""
    from collections import Counter

    keys = [k for k in gold if k in pred]
    pc = Counter(pred[k] for k in keys)
    gc = Counter(gold[k] for k in keys)
    both = Counter((pred[k], gold[k]) for k in keys)
    p = sum(both[(pred[k], gold[k])] / pc[pred[k]] for k in keys) / max(1, len(keys))
    r = sum(both[(pred[k], gold[k])] / gc[gold[k]] for k in keys) / max(1, len(keys))
    f = 2 * p * r / (p + r) if p + r else 0.0
    tp = sum(n * (n - 1) / 2 for n in both.values())
    pp = sum(n * (n - 1) / 2 for n in pc.values())
    gp = sum(n * (n - 1) / 2 for n in gc.values())
    pw_p = tp / pp if pp else 1.0
    pw_r = tp / gp if gp else 1.0
    pw_f = 2 * pw_p * pw_r / (pw_p + pw_r) if pw_p + pw_r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "pairwise_f1": pw_f,
        "pred_stories": float(len(pc)),
        "gold_stories": float(len(gc)),
        "articles": float(len(keys)),
    }


def error_kinds(pred: dict[str, Any], gold: dict[str, Any], dates: dict[str, str]) -> dict[str, Any]:
    """Where the grouping goes wrong, by kind: predicted stories that hold more than one gold
    story (wrong merges), counted apart when their gold stories began on different days
    (cross-day: the time model let a later story join), and gold stories cut into several
    predicted ones (wrong splits), apart when their articles span days. ``dates``: record url ->
    its ``YYYY-MM-DD`` date. The B-cubed precision lost to each kind of merge is given too
    (the share of articles' precision below 1 that those predicted stories account for)."""
    from collections import Counter, defaultdict

    keys = [k for k in gold if k in pred]
    by_pred: dict[Any, list[str]] = defaultdict(list)
    by_gold: dict[Any, list[str]] = defaultdict(list)
    for k in keys:
        by_pred[pred[k]].append(k)
        by_gold[gold[k]].append(k)
    first = {g: min(dates[k][:10] for k in ks) for g, ks in by_gold.items()}
    out: dict[str, Any] = {
        "merged_same_day": 0,
        "merged_cross_day": 0,
        "split_same_day": 0,
        "split_cross_day": 0,
        "p_lost_same_day": 0.0,
        "p_lost_cross_day": 0.0,
    }
    for ks in by_pred.values():
        gs = Counter(gold[k] for k in ks)
        if len(gs) < 2:
            continue
        kind = "same_day" if len({first[g] for g in gs}) == 1 else "cross_day"
        out[f"merged_{kind}"] += 1
        out[f"p_lost_{kind}"] += sum(1 - gs[gold[k]] / len(ks) for k in ks) / max(1, len(keys))
    for ks in by_gold.values():
        if len({pred[k] for k in ks}) > 1:
            kind = "same_day" if len({dates[k][:10] for k in ks}) == 1 else "cross_day"
            out[f"split_{kind}"] += 1
    return out
