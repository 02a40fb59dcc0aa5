"""Build the bundled outlet table from the open rating files (run by scripts/build_outlets.py).

Inputs (``<source>/`` is ``../shared/data/outlets``): the MBFC scrape and reliability labels of
Burdisso et al. 2024 (``idiap/``), the MBFC corpora of Baly et al. 2018 and 2020 (``baly/``),
and AllSides 2019 (``allsider/``). Every label goes through ``_labels``; an unseen one raises
:class:`~newsprism.outlets._labels.UnknownLabelError`. The output is deterministic JSON (sorted),
gzipped with a zero timestamp, so the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import _curated as cur
from . import _labels as lab
from ._lean import displayed_lean
from ._resolve import host_of, registrable
from ._table import FORMAT, OutletTable
from ._types import UNRATED, Rating

IDIAP = "idiap/data/golden_truth/"
SOURCES: dict[str, dict[str, str]] = {
    "mbfc": {
        "rater": "MBFC",
        "date": "2024",
        "file": IDIAP + "mbfc/mbfc.csv",
        "source": "Media Bias/Fact Check scrape, Burdisso et al. NAACL 2024 "
        "(github.com/idiap/News-Media-Reliability@c3f5025)",
    },
    "baly2018": {
        "rater": "MBFC",
        "date": "2018",
        "file": "baly/data/emnlp18/corpus.tsv",
        "source": "Media Bias/Fact Check labels, Baly et al. EMNLP 2018 "
        "(github.com/ramybaly/News-Media-Reliability@28ab9b4)",
    },
    "baly2020": {
        "rater": "MBFC",
        "date": "2020",
        "file": "baly/data/acl2020/corpus.tsv",
        "source": "Media Bias/Fact Check labels on a 3-point scale, Baly et al. ACL 2020 "
        "(github.com/ramybaly/News-Media-Reliability@28ab9b4)",
    },
    "allsides2019": {
        "rater": "AllSides",
        "date": "2019",
        "file": "allsider/data/allsides_data.csv",
        "source": "AllSides media bias ratings via AllSideR (github.com/favstats/AllSideR@48ccaf4)",
    },
    "nela2018": {
        "rater": "AllSides",
        "date": "2018",
        "file": IDIAP + "nela-gt/labels_nela_gt+domain(2018).csv",
        "source": "AllSides bias ratings in the NELA-GT-2018 source labels "
        "(github.com/idiap/News-Media-Reliability@c3f5025)",
    },
    "buzzfeed": {
        "rater": "BuzzFeed News",
        "date": "2018",
        "file": IDIAP + "nela-gt/labels_nela_gt+domain(2018).csv",
        "source": "BuzzFeed News hyperpartisan-site leaning in the NELA-GT-2018 source labels",
    },
    "newsguard": {
        "rater": "NewsGuard",
        "date": "2018",
        "file": IDIAP + "nela-gt/newsguard.csv",
        "source": "NewsGuard scores in NELA-GT (github.com/idiap/News-Media-Reliability@c3f5025)",
    },
    "wikipedia": {
        "rater": "Wikipedia RSP",
        "date": "2024",
        "file": IDIAP + "wikipedia_perennial_sources/wikipedia_perennial_sources.json",
        "source": "Wikipedia: Reliable sources/Perennial sources, as collected by Burdisso et al. 2024",
    },
    "idiap": {
        "rater": "Idiap",
        "date": "2024",
        "file": IDIAP + "golden_truth_dataset.csv",
        "source": "manual reliability annotations, Burdisso et al. NAACL 2024 (label_source=manual)",
    },
}


@dataclass
class _Draft:
    domain: str
    domains: set[str] = field(default_factory=set)
    names: list[tuple[int, str]] = field(default_factory=list)
    country: str | None = None
    media_type: str | None = None
    ratings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class BuildStats:
    rows: Counter[str] = field(default_factory=Counter)
    unmatched_allsides: list[str] = field(default_factory=list)
    outlets: int = 0
    rated_outlets: int = 0
    rated_domains: int = 0


def _read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def _country(raw: str) -> str | None:
    text = " ".join(raw.split("(")[0].split()).strip()
    if not text or text == "unknown":
        return None
    return "USA" if text in ("usa", "us", "united states") else text.title()


def _media_type(raw: str) -> str | None:
    text = " ".join(raw.lower().replace("/ ", "/").split())
    return text or None


class Builder:
    """Collects ratings per outlet; :meth:`document` returns the table."""

    def __init__(self, source_dir: Path) -> None:
        self.root = source_dir
        self.drafts: dict[str, _Draft] = {}
        self.stats = BuildStats()
        self.alias_of = {a: canon for canon, al in cur.ALIASES.items() for a in al}

    def canon(self, domain: str) -> str:
        d = domain.strip().lower().rstrip(".")
        d = d[4:] if d.startswith("www.") else d
        d = cur.DOMAIN_FIXES.get(d, d)
        return self.alias_of.get(d, d)

    def draft(self, domain: str) -> _Draft:
        key = self.canon(domain)
        if key not in self.drafts:
            self.drafts[key] = _Draft(key, {key, *cur.ALIASES.get(key, ())})
        return self.drafts[key]

    def rate(
        self,
        src: str,
        domain: str,
        verdict: lab.BiasVerdict,
        bias_label: str | None,
        factual: str | None = None,
        factual_label: str | None = None,
        url: str | None = None,
    ) -> _Draft:
        meta = SOURCES[src]
        if "." not in self.canon(domain):
            self.stats.rows[f"{src} (no domain, left out)"] += 1
            return _Draft("")  # a row without a domain rates nothing
        d = self.draft(domain)
        rating = Rating(
            meta["rater"],
            verdict[0],
            bias_label or None,
            factual,
            factual_label or None,
            meta["date"],
            verdict[1],
            meta["source"],
            url,
        )
        row = {k: v for k, v in rating.__dict__.items() if v is not None}
        if row not in d.ratings:
            d.ratings.append(row)
        self.stats.rows[src] += 1
        return d

    # -- readers ----------------------------------------------------------------------------
    def mbfc(self) -> None:
        path = self.root / SOURCES["mbfc"]["file"]
        for i, r in enumerate(_read_csv(path), start=2):
            where = f"{path.name} line {i}"
            v = lab.bias(lab.MBFC_BIAS, r["bias"], where)
            f = lab.factual(lab.MBFC_FACTUAL, r["factual_reporting"], where)
            d = self.rate("mbfc", r["source"], v, r["bias"].strip(), f, r["factual_reporting"].strip())
            d.country = d.country or _country(r["country"])
            d.media_type = d.media_type or _media_type(r["media_type"])

    def baly(self, src: str, bias_table: dict[str, lab.BiasVerdict]) -> None:
        path = self.root / SOURCES[src]["file"]
        for i, r in enumerate(_read_csv(path, "\t"), start=2):
            where = f"{SOURCES[src]['file']} line {i}"
            host = host_of(r["source_url"])
            if not host:
                raise InputError(f"no host in {r['source_url']!r} ({where})")
            v = lab.bias(bias_table, r["bias"], where)
            f = lab.factual(lab.BALY_FACTUAL, r["fact"], where)
            self.rate(src, host, v, r["bias"], f, r["fact"], url=r["ref"] or None)

    def nela(self) -> None:
        path = self.root / SOURCES["nela2018"]["file"]
        rows = [r for r in _read_csv(path) if r["domain"].strip()]
        seen = Counter(r["domain"] for r in rows)
        for i, r in enumerate(rows, start=2):
            dom = r["domain"].strip()
            if seen[dom] > 1 or dom in cur.NELA_WRONG_DOMAIN:
                continue  # one domain listed for several sources, or a wrong domain: unusable
            where = f"{path.name} row {i}"
            label = r["Allsides, bias_rating"]
            v = lab.bias(lab.ALLSIDES_BIAS, label, where)
            if v != (None, None):
                self.rate("nela2018", dom, v, label).names.append((3, r["Source"].strip()))
            label = r["BuzzFeed, leaning"]
            v = lab.bias(lab.BUZZFEED_BIAS, label, where)
            if v != (None, None):
                self.rate("buzzfeed", dom, v, label)

    def newsguard(self) -> None:
        path = self.root / SOURCES["newsguard"]["file"]
        for i, r in enumerate(_read_csv(path), start=2):
            f = lab.factual(lab.NEWSGUARD_FACTUAL, r["reliability_label"], f"{path.name} line {i}")
            score = r["reliability_score"].strip()
            label = f"score {float(score):g}/100" if score else r["reliability_label"]
            self.rate("newsguard", r["domain"], (None, None), None, f, label)

    def wikipedia(self) -> None:
        path = self.root / SOURCES["wikipedia"]["file"]
        data = json.loads(path.read_text(encoding="utf-8"))
        for dom, value in sorted(data.items()):
            k = lab.key(str(value))
            f = lab.factual(lab.WIKIPEDIA_FACTUAL, k, f"{path.name} entry {dom!r}")
            self.rate("wikipedia", dom, (None, None), None, f, lab.WIKIPEDIA_WORDS[k])

    def idiap_manual(self) -> None:
        path = self.root / SOURCES["idiap"]["file"]
        for i, r in enumerate(_read_csv(path), start=2):
            if r["label_source"] != "manual":
                continue  # the other rows repeat MBFC / Wikipedia / NewsGuard, read directly
            k = lab.key(r["reliability_label"])
            f = lab.factual(lab.IDIAP_FACTUAL, k, f"{path.name} line {i}")
            self.rate("idiap", r["domain"], (None, None), None, f, lab.IDIAP_WORDS[k])

    def allsides(self) -> None:
        path = self.root / SOURCES["allsides2019"]["file"]
        by_label: dict[str, set[str]] = {}
        for dom in self.drafts:
            base = registrable(dom)
            if base and base == dom:
                label = dom.split(".")[0]
                for k in {label, label.removeprefix("the")}:
                    by_label.setdefault(k, set()).add(dom)
        for i, r in enumerate(_read_csv(path), start=2):
            name = r["news_source"].strip()
            where = f"{path.name} line {i}"
            v = lab.bias(lab.ALLSIDES_BIAS, r["rating"], where)  # every row's label is checked
            if r["type"] == "Author" or name in cur.ALLSIDES_SKIP:
                continue
            if any(w in name.lower() for w in ("opinion", "editorial", "(humor)", "blog)")):
                continue
            target = cur.ALLSIDES_DOMAINS.get(name) or self._match(name, by_label)
            if target is None:
                self.stats.unmatched_allsides.append(name)
                continue
            d = self.rate("allsides2019", target, v, r["rating"], url=r["url"] or None)
            d.names.append((2, name))

    @staticmethod
    def _match(name: str, by_label: dict[str, set[str]]) -> str | None:
        text = name.lower().split("(")[0]
        for tail in (".com", ".org", ".net"):
            text = text.replace(tail, "")
        squeezed = "".join(ch for ch in text if ch.isalnum())
        for k in (squeezed, squeezed.removeprefix("the")):
            found = by_label.get(k, set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def run(self) -> dict[str, Any]:
        self.mbfc()
        self.baly("baly2018", lab.BALY_BIAS)
        self.baly("baly2020", lab.BALY3_BIAS)
        self.nela()
        self.newsguard()
        self.wikipedia()
        self.idiap_manual()
        self.allsides()
        return self.document()

    def document(self) -> dict[str, Any]:
        outlets = []
        for key in sorted(self.drafts):
            d = self.drafts[key]
            ratings = sorted(
                d.ratings, key=lambda r: (r["rater"], -int(r["date"]), json.dumps(r, sort_keys=True))
            )
            name = cur.NAMES.get(key) or (min(d.names)[1] if d.names else key)
            rec: dict[str, Any] = {
                "domain": key,
                "name": name,
                "domains": sorted(d.domains),
                "ratings": ratings,
            }
            if d.country:
                rec["country"] = d.country
            if d.media_type:
                rec["media_type"] = d.media_type
            if key in cur.OWNERS:
                owner, otype, source = cur.OWNERS[key]
                rec.update(owner=owner, owner_type=otype, owner_source=source)
            outlets.append(rec)
        missing = sorted(set(cur.OWNERS) - set(self.drafts))
        if missing:
            raise InputError(f"owners listed for outlets missing from every source: {missing}")
        sources = [{"id": k, **v} for k, v in SOURCES.items()]
        doc = {"format": FORMAT, "sources": sources, "outlets": outlets}
        self._count(doc)
        return doc

    def _count(self, doc: dict[str, Any]) -> None:
        table = OutletTable(doc)
        self.stats.outlets = len(table)
        for rec in table:
            if displayed_lean(rec.ratings)[0] != UNRATED:
                self.stats.rated_outlets += 1
                self.stats.rated_domains += len(rec.domains)


def build(source_dir: Path) -> tuple[dict[str, Any], BuildStats]:
    """Build the table document from ``source_dir``; raises UnknownLabelError on an unseen label."""
    b = Builder(source_dir)
    return b.run(), b.stats


def encode(doc: dict[str, Any]) -> bytes:
    """Deterministic gzipped JSON (sorted keys, zero mtime, no file name)."""
    raw = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return buf.getvalue()


def summary(stats: BuildStats) -> Iterable[str]:
    yield f"outlets: {stats.outlets}"
    yield f"outlets with a displayed lean: {stats.rated_outlets}"
    yield f"domains resolving to an outlet with a displayed lean: {stats.rated_domains}"
    for src, n in sorted(stats.rows.items()):
        yield f"  ratings read from {src}: {n}"
    yield f"AllSides 2019 entries with no domain match (left out): {len(stats.unmatched_allsides)}"
