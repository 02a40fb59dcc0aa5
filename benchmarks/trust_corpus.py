"""Documents and sentences of the labelled trust sets, read from ``../shared/data``, the seeds and
the demo, with stable ids, so label fixtures store ids and hashes, never text.

* A document id is ``<set>:<story>:<part>``: ``neus-train:<line>:<i>``, ``neus-val:<line>:<i>``
  (``i`` = position in the ``[SEP]`` list), ``allsides:<line>:<side>``, ``basil:<triplet>:<source>``,
  ``ecbplus:<topic>:<doc>``, ``seeds:seeds:<file prefix>``, ``demo:<event>:<line>``.
* A document's sentences come from :func:`split` (frozen: labels depend on it; never change it,
  add a new function instead). A sentence id is ``<doc id>#<sha1(sentence)[:12]>``; index 0 is
  the title (seeds have no title: their sentence 0 is the first line's first sentence).

``python benchmarks/trust_corpus.py STORY`` prints a story's documents with numbered sentences
and their ids (for labelling by reading); ``--stories SET`` lists a set's story ids.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
DEMO = ROOT / "src" / "newsprism" / "demo" / "articles.jsonl"

# demo events by line number in articles.jsonl (src/newsprism/demo/README.md, "Events")
_DEMO_EVENTS = {
    "ilse": range(0, 5),
    "strike": range(5, 10),
    "museum": range(10, 11),
    "rents": range(11, 12),
    "referendum": range(12, 17),
    "marek": range(17, 21),
    "metro": range(21, 24),
}


@dataclass(frozen=True)
class Doc:
    id: str
    story: str
    """``<set>:<story>``: the documents of one story share it."""
    outlet: str
    title: str
    text: str
    date: str | None = None

    @property
    def sentences(self) -> list[str]:
        return [self.title, *split(self.text)] if self.title else split(self.text)

    def sentence_ids(self) -> list[str]:
        return [sentence_id(self.id, s) for s in self.sentences]


_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Inc|Co|Corp|No|vs|U\.S|U\.N|U\.K|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$"
)


def split(text: str) -> list[str]:
    """Frozen sentence splitter: paragraphs (lines), then sentence ends before a capital."""
    out: list[str] = []
    for para in text.splitlines():
        para = " ".join(para.split())
        if not para:
            continue
        start = 0
        for m in _BOUNDARY.finditer(para):
            piece = para[start : m.start()].rstrip()
            if _ABBREV.search(para[start : m.start()].split('"')[-1].rstrip("\"'”’)")):
                continue
            if piece:
                out.append(para[start : m.end()].strip())
                start = m.end()
        if para[start:].strip():
            out.append(para[start:].strip())
    return out


def sentence_id(doc_id: str, sentence: str) -> str:
    return f"{doc_id}#{hashlib.sha1(sentence.encode('utf-8')).hexdigest()[:12]}"


def _neus(split_name: str) -> Iterator[Doc]:
    path = DATA / "neus" / f"{split_name}.source"
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh):
            for i, piece in enumerate(line.split("[SEP]")):
                m = re.match(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", piece, re.S)
                if not m:
                    continue
                title, text = m.group(1).strip(), m.group(2).strip()
                yield Doc(
                    f"neus-{split_name}:{line_no}:{i}",
                    f"neus-{split_name}:{line_no}",
                    f"side{i}",
                    title,
                    text,
                )


def _allsides() -> Iterator[Doc]:
    with (DATA / "allsides" / "stories-2021-04-to-08.jsonl").open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh):
            story = json.loads(line)
            for side, art in sorted((story.get("news") or {}).items()):
                text = "\n".join(art.get("newBody") or []).strip()
                title = (art.get("newsTitle") or "").strip()
                if text:
                    yield Doc(
                        f"allsides:{line_no}:{side}",
                        f"allsides:{line_no}",
                        art.get("newsSource") or side,
                        title,
                        text,
                        story.get("date", "")[:10] or None,
                    )


def _basil() -> Iterator[Doc]:
    for path in sorted((DATA / "basil" / "articles").glob("*/*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join(" ".join(p) for p in art.get("body-paragraphs") or [])
        trip = art["triplet-uuid"]
        yield Doc(
            f"basil:{trip}:{art['source']}",
            f"basil:{trip}",
            art["source"],
            art.get("title", ""),
            text,
            art.get("date"),
        )


def _ecbplus() -> Iterator[Doc]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from grouping_data import load_ecbplus

    records, gold = load_ecbplus()
    for r in records:
        doc = r["url"].removeprefix("ecbplus://")
        topic = doc.split("_")[0]
        yield Doc(f"ecbplus:{topic}:{doc}", f"ecbplus:{topic}", gold[r["url"]], r["title"], r["text"])


def _seeds() -> Iterator[Doc]:
    for path in sorted(SEEDS.glob("*.txt")):
        # pasted pages: no reliable title line, every line is text
        yield Doc(
            f"seeds:seeds:{path.name[:3]}", "seeds:seeds", path.name[:3], "", path.read_text(encoding="utf-8")
        )


def _demo() -> Iterator[Doc]:
    event_of = {i: e for e, r in _DEMO_EVENTS.items() for i in r}
    with DEMO.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            rec = json.loads(line)
            text = "\n".join(x for x in (rec.get("dek"), rec.get("text")) if x)
            ev = event_of.get(i, "other")
            yield Doc(f"demo:{ev}:{i}", f"demo:{ev}", rec["source"], rec["title"], text, rec.get("date"))


_SETS = {
    "neus-train": lambda: _neus("train"),
    "neus-val": lambda: _neus("val"),
    "allsides": _allsides,
    "basil": _basil,
    "ecbplus": _ecbplus,
    "seeds": _seeds,
    "demo": _demo,
}


@cache
def documents(set_name: str) -> tuple[Doc, ...]:
    return tuple(_SETS[set_name]())


def story(story_id: str) -> list[Doc]:
    """The documents of one story (``<set>:<story>``)."""
    return [d for d in documents(story_id.split(":")[0]) if d.story == story_id]


@cache
def _sentence_index(set_name: str) -> dict[str, str]:
    return {sid: s for d in documents(set_name) for sid, s in zip(d.sentence_ids(), d.sentences, strict=True)}


def sentence(sid: str) -> str:
    """The text of a sentence id; KeyError when the data no longer has it."""
    return _sentence_index(sid.split(":")[0])[sid]


def doc(doc_id: str) -> Doc:
    return next(d for d in documents(doc_id.split(":")[0]) if d.id == doc_id)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--stories":
        seen: dict[str, int] = {}
        for d in documents(argv[1]):
            seen[d.story] = seen.get(d.story, 0) + 1
        for s, n in seen.items():
            print(s, n)
        return 0
    for story_id in argv:
        for d in story(story_id):
            print(f"=== {d.id}  outlet={d.outlet}  date={d.date}")
            for k, (sid, s) in enumerate(zip(d.sentence_ids(), d.sentences, strict=True)):
                print(f"[{k}] {sid.split('#')[1]} {s}")
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
