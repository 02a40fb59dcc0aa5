"""Plain renderings of a StoryAnalysis: Markdown (an export to paste) and terminal text."""

from __future__ import annotations

from ._model import ClaimGroup, Evidence, Source, StoryAnalysis, SummarySentence

STATUS_LABEL = {
    "consensus": "Consensus",
    "corroborated": "Several outlets",
    "single_source": "Single source",
    "disputed": "Disputed",
}


def _cites(ns: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in ns)


def _claim_line(c: ClaimGroup) -> str:
    who = f" — attributed to {c.speaker}" if c.speaker else ""
    conflicts = "".join(
        f"\n    - {x.kind} (claim {x.other}): {x.detail} {_cites(x.cites)}" for x in c.conflicts
    )
    label = STATUS_LABEL.get(c.status, c.status)
    # independent sources: an outlet counts once, copies with their original, an article of no
    # known outlet as one source
    sources = "1 source" if c.independent == 1 else f"{c.independent} sources"
    return f"- **{label}** ({sources}){who}: {c.text} {_cites(c.cites)}{conflicts}"


def _evidence_line(e: Evidence, names: dict[int, str]) -> str:
    return f"[{e.source}] {names.get(e.source, f'source {e.source}')}: “{e.text}”"


def summary_lines(s: SummarySentence, names: dict[int, str]) -> list[str]:
    """A summary sentence with its citations, then each citation's supporting sentence
    (footnote style) and, apart, the related sentences of sources that are not cited."""
    out = [f"{s.text} {_cites(s.cites)}"]
    out += [f"  - {_evidence_line(e, names)}" for e in s.evidence]
    if s.related:
        out.append("  - related, not cited: " + "; ".join(_evidence_line(e, names) for e in s.related))
    return out


def not_read_line(sources: list[Source]) -> str:
    """Which articles the claim analysis could not read, and why."""
    names = ", ".join(f"[{s.n}] {s.outlet_name} ({s.language})" for s in sources)
    return f"Not in the claims (the claim analysis reads English): {names}; counted in the coverage."


def to_markdown(a: StoryAnalysis, *, max_claims: int = 12) -> str:
    out = [f"# {a.title}", "", "## Summary", ""]
    names = {src.n: src.outlet_name for src in a.sources}
    for sentence in a.summary:
        out += [*summary_lines(sentence, names), ""]
    if not a.summary:
        out.append("(no checked summary sentence)")
    out += ["", "## Claims", ""]
    for status in ("consensus", "disputed", "corroborated", "single_source"):
        group = [c for c in a.claims if c.status == status][:max_claims]
        if group:
            out += [f"### {STATUS_LABEL[status]}", ""] + [_claim_line(c) for c in group] + [""]
    unread = [src for src in a.sources if not src.read]
    if unread:
        out += [not_read_line(unread), ""]
    cov = a.coverage
    out += [
        "## Coverage",
        "",
        f"left {cov.left} · center {cov.center} · right {cov.right} · unrated {cov.unrated}",
    ]
    if cov.blindspot:
        out.append(f"**Blindspot for the {cov.blindspot}.** {cov.blindspot_rule}")
    out += ["", "## Framing by side", ""]
    for side in a.framing:
        out.append(f"### {side.side.title()}")
        out += [f"- headline: {h.text} {_cites(h.cites)}" for h in side.headlines]
        out += [f"- mostly here: {a.claim(i).text} {_cites(a.claim(i).cites)}" for i in side.claims]
        out += [f"- quote: “{q.text}” {_cites(q.cites)}" for q in side.quotes]
        if side.loaded_words:
            out.append(
                "- loaded words: " + ", ".join(f"{w.text} {_cites(w.cites)}" for w in side.loaded_words)
            )
        out.append("")
    out += ["## Timeline", ""]
    out += [f"- {e.at} ({e.kind}) {e.text} {_cites(e.cites)}" for e in a.timeline]
    out += ["", "## FAQ", ""]
    for item in a.faq:
        out += [f"**{item.question}**", ""] + [f"- {c.text} {_cites(c.cites)}" for c in item.answer] + [""]
    out += ["## Sources", ""]
    for s in a.sources:
        copy = f" (copy of article {s.copy_of})" if s.copy_of else ""
        link = f" <{s.url}>" if s.url else ""
        out.append(f"{s.n}. {s.outlet_name} ({s.lean}): {s.title}{link}{copy}")
    return "\n".join(out).rstrip() + "\n"


def to_text(a: StoryAnalysis, *, max_claims: int = 8) -> str:
    """A readable terminal view (Markdown without the heavy parts)."""
    return to_markdown(a, max_claims=max_claims).replace("**", "")
