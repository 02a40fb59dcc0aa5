"""A story's analysis as the CLI prints it: Markdown to paste (one paragraph per summary
sentence, citations linked to the articles) and a plain terminal view, in plain words.

Lists longer than the limit say so and how to see everything (``--all``). The source numbers
``[n]`` are the analysis' own, the same as ``newsprism stories`` and ``newsprism show`` print.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

STATUS_LABEL = {
    "consensus": "Consensus",
    "corroborated": "Several outlets",
    "single_source": "Single source",
    "disputed": "Disputed",
}
STATUS_PLURAL = {
    "consensus": "consensus claims",
    "corroborated": "claims several outlets carry",
    "single_source": "single-source claims",
    "disputed": "disputed claims",
}
CONFLICT_WORDS = {
    "number": "the numbers differ",
    "date": "the dates differ",
    "negation": "another report says the opposite",
    "denial": "denied",
    "role": "the title differs",
}
TIMELINE_ITEMS = 20


def _when(text: str) -> str:
    try:
        d = datetime.fromisoformat(text)
    except ValueError:
        return text
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC")


class StoryText:
    """Renders one StoryAnalysis; ``markdown`` links citations, ``limit`` None shows all."""

    def __init__(self, analysis: Any, *, markdown: bool, limit: int | None, story_id: int | None = None):
        self.a = analysis
        self.md = markdown
        self.limit = limit
        self.story_id = story_id if story_id is not None else analysis.story_id
        self.urls = {s.n: s.url for s in analysis.sources}

    # -- pieces ----------------------------------------------------------------------------
    def cites(self, ns: tuple[int, ...] | list[int]) -> str:
        if not self.md:
            return "".join(f"[{n}]" for n in ns)
        # reference links ([[2]][s2], defined under Sources): the text stays readable as typed
        return "".join(f"[[{n}]][s{n}]" if self.urls.get(n) else f"\\[{n}\\]" for n in ns)

    def bold(self, text: str) -> str:
        return f"**{text}**" if self.md else text

    def more(self, shown: int, total: int, what: str) -> str:
        hint = (
            f"`newsprism story {self.story_id} --all`"
            if self.md
            else f"newsprism story {self.story_id} --all"
        )
        return f"(showing {shown} of {total} {what}; {hint} shows every one)"

    def conflict(self, x: Any) -> str:
        if x.kind == "denial":  # the detail already says who denies what
            return f"{x.detail} {self.cites(x.cites)}".strip()
        words = CONFLICT_WORDS.get(x.kind, "they disagree")
        return f"{words}: {x.detail} {self.cites(x.cites)}".strip()

    def claim_line(self, c: Any) -> list[str]:
        who = f" (attributed to {c.speaker})" if c.speaker else ""
        n = "1 source" if c.independent == 1 else f"{c.independent} sources"
        out = [f"- {c.text} {self.cites(c.cites)}{who}, {n}"]
        out += [f"    - {self.conflict(x)}" for x in c.conflicts]
        return out

    # -- the whole -------------------------------------------------------------------------
    def render(self) -> str:
        a = self.a
        out = [f"# {a.title}", ""]
        out += self.summary()
        out += self.claims()
        out += self.coverage()
        out += self.framing()
        out += self.timeline()
        out += self.faq()
        out += self.sources()
        return "\n".join(out).rstrip() + "\n"

    def summary(self) -> list[str]:
        out = ["## Summary", ""]
        if not self.a.summary:
            return [*out, "No summary: no sentence is carried by enough sources yet.", ""]
        names = {src.n: src.outlet_name for src in self.a.sources}
        for s in self.a.summary:  # one paragraph per sentence, so each keeps its citations
            out += [f"{s.text} {self.cites(s.cites)}", ""]
            # under it, each citation's supporting sentence (one quoted line each), related apart
            for e in s.evidence:
                out += [f"> {self.cites([e.source])} {names.get(e.source, '')}: “{e.text}”", ""]
            for e in s.related:
                out += [f"> related, not cited: [{e.source}] {names.get(e.source, '')}: “{e.text}”", ""]
        return out

    def claims(self) -> list[str]:
        out = ["## Claims", ""]
        for status in ("consensus", "disputed", "corroborated", "single_source"):
            group = [c for c in self.a.claims if c.status == status]
            if not group:
                continue
            shown = group if self.limit is None else group[: self.limit]
            out += [f"### {STATUS_LABEL[status]}", ""]
            for c in shown:
                out += self.claim_line(c)
            if len(shown) < len(group):
                out.append(self.more(len(shown), len(group), STATUS_PLURAL[status]))
            out.append("")
        unread = [s for s in self.a.sources if not s.read]
        if unread:
            names = ", ".join(f"{self.cites([s.n])} {s.outlet_name} ({s.language})" for s in unread)
            out += [
                f"Not in the claims (the claim analysis reads English): {names}; counted in the coverage.",
                "",
            ]
        return out

    def coverage(self) -> list[str]:
        cov = self.a.coverage
        out = [
            "## Coverage",
            "",
            f"left {cov.left} · center {cov.center} · right {cov.right} · unrated {cov.unrated}",
        ]
        if cov.blindspot:
            out.append(self.bold(f"Blindspot for the {cov.blindspot}.") + f" {cov.blindspot_rule}")
        return [*out, ""]

    def framing(self) -> list[str]:
        out = ["## Framing by side", ""]
        for side in self.a.framing:
            out.append(f"### {side.side.title()}")
            out += [f"- headline: {h.text} {self.cites(h.cites)}" for h in side.headlines]
            for i in side.claims:
                try:
                    c = self.a.claim(i)
                except KeyError:
                    continue
                out.append(f"- mostly here: {c.text} {self.cites(c.cites)}")
            out += [f"- quote: “{q.text}” {self.cites(q.cites)}" for q in side.quotes]
            if side.loaded_words:
                out.append(
                    "- loaded words: "
                    + ", ".join(f"{w.text} {self.cites(w.cites)}" for w in side.loaded_words)
                )
            out.append("")
        return out

    def timeline(self) -> list[str]:
        events = list(self.a.timeline)
        shown = events if self.limit is None else events[:TIMELINE_ITEMS]
        out = ["## Timeline", ""]
        for e in shown:
            if e.kind == "mentioned":
                written, _, sentence = e.text.partition(": ")
                out.append(f"- mentioned “{written}”: {sentence or e.text} {self.cites(e.cites)}")
            elif e.kind == "side_first":
                who = "an unrated outlet" if e.side == "unrated" else f"the {e.side}"
                name = e.text.rpartition(": ")[2]
                out.append(f"- {_when(e.at)}: first coverage from {who}: {name} {self.cites(e.cites)}")
            else:
                out.append(f"- {_when(e.at)}: {e.text} {self.cites(e.cites)}")
        if len(shown) < len(events):
            out.append(self.more(len(shown), len(events), "timeline entries"))
        return [*out, ""]

    def faq(self) -> list[str]:
        if not self.a.faq:
            return []
        out = ["## Questions", ""]
        for item in self.a.faq:
            out += [self.bold(item.question), ""]
            out += [f"- {c.text} {self.cites(c.cites)}" for c in item.answer]
            out.append("")
        return out

    def sources(self) -> list[str]:
        out = ["## Sources", ""]
        for s in self.a.sources:
            copy = f", a copy of [{self._n_of(s.copy_of)}]" if s.copy_of else ""
            lean = "unrated" if s.lean in ("", "unrated") else s.lean
            if self.md and s.url:
                out.append(f"{s.n}. {s.outlet_name} ({lean}): [{s.title}]({s.url}){copy}")
            else:
                link = f" <{s.url}>" if s.url else ""
                out.append(f"{s.n}. {s.outlet_name} ({lean}): {s.title}{link}{copy}")
        if self.md:
            out += [""] + [f"[s{s.n}]: {s.url}" for s in self.a.sources if s.url]
        return out

    def _n_of(self, article_id: int) -> str:
        for s in self.a.sources:
            if s.article_id == article_id:
                return str(s.n)
        return f"article {article_id}"


def story_markdown(analysis: Any, *, limit: int | None = 12) -> str:
    return StoryText(analysis, markdown=True, limit=limit).render()


def story_text(analysis: Any, *, limit: int | None = 8) -> str:
    return StoryText(analysis, markdown=False, limit=limit).render()
