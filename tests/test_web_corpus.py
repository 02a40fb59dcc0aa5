"""A small FICTIONAL corpus for the web tests (invented town, outlets and events), built on disk.

Two events reported by several invented outlets with leans set in the config, one story only the
left covers (a blindspot for the right), and one article whose title, text and outlet name carry
XSS payloads. Imported through the facade, so grouping runs for real.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsprism import Newsprism, Outcome
from newsprism.config import settings_from_mapping

XSS_TITLE = '<script>window.__xss=1</script>Ferry <img src=x onerror="window.__xss=2"> fares'
XSS_OUTLET = '<svg onload="window.__xss=3">Evil Outlet</svg>'

OUTLETS = {
    "harbor-left-gazette.com": ("The Harbor Left Gazette", "left"),
    "millbrook-ledger.com": ("Millbrook Ledger", "lean left"),
    "fictown-courier.com": ("Fictown Courier", "center"),
    "plainview-times.com": ("Plainview Times", "lean right"),
    "ridge-sentinel.com": ("Ridge Sentinel", "right"),
}

BRIDGE = (
    "The Fictown harbor bridge was closed on Monday after inspectors found deep cracks in two"
    " steel girders, the Fictown transport office said. Mayor Odile Varga said the bridge would"
    " stay shut for at least six weeks while engineers assess the damage. About 31,000 vehicles"
    " cross the bridge every day, and ferries will run every ten minutes during the closure."
    " Commuters faced long queues at the ferry terminal on Monday morning."
)
FLOOD = (
    "Heavy rain flooded the lower town of Glenmoor on Thursday, forcing 400 residents from their"
    " homes, the Glenmoor fire brigade said. The river Aske rose two metres in six hours and broke"
    " through a temporary barrier near the old mill. Volunteers filled sandbags through the night"
    " while the regional council opened three emergency shelters in school halls."
)
RENT = (
    "Tenants in the Quayside district of Fictown marched to city hall on Saturday demanding a cap"
    " on rents, which the tenants' union says rose 23 percent in two years. Union organiser Mirela"
    " Danu told the crowd that landlords had raised rents on 900 flats since the spring. The"
    " council said it would study the union's petition at its next meeting."
)


def records() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    day = {
        "bridge": "2026-03-02T{h}:00:00Z",
        "flood": "2026-03-05T{h}:00:00Z",
        "rent": "2026-03-07T{h}:00:00Z",
    }
    texts = {"bridge": BRIDGE, "flood": FLOOD, "rent": RENT}
    titles = {
        "bridge": [
            "Fictown harbor bridge shut for six weeks after girder cracks found",
            "Cracked girders close Fictown's harbor bridge; commuters crowd ferries",
            "Harbor bridge closure: Mayor Varga says six weeks at least",
            "Fictown bridge closed as inspectors find cracks in steel girders",
            "Commuter chaos as Fictown shuts harbor bridge over cracked girders",
        ],
        "flood": [
            "Glenmoor lower town flooded, 400 residents evacuated",
            "River Aske floods Glenmoor: 400 leave homes as barrier breaks",
            "Floods in Glenmoor force 400 from homes after river Aske rises",
            "Glenmoor flooding: barrier breaks near old mill, shelters opened",
        ],
        "rent": [
            "Quayside tenants march on Fictown city hall demanding rent cap",
            "Fictown tenants' union: rents up 23 percent in two years",
            "Rent cap march: hundreds of Quayside tenants rally at city hall",
        ],
    }
    plan = {
        "bridge": list(OUTLETS),
        "flood": [
            "harbor-left-gazette.com",
            "fictown-courier.com",
            "plainview-times.com",
            "ridge-sentinel.com",
        ],
        "rent": ["harbor-left-gazette.com", "millbrook-ledger.com", "fictown-courier.com"],
    }
    for event, domains in plan.items():
        for i, dom in enumerate(domains):
            variant = texts[event].replace(
                "said", ["said", "told reporters", "announced", "stated", "said"][i], 1
            )
            out.append(
                {
                    "title": titles[event][i],
                    "text": f"{variant}\n\nReporting by the {OUTLETS[dom][0]} newsroom ({i + 1}).",
                    "url": f"https://www.{dom}/{event}/{i}",
                    "date": day[event].format(h=f"{8 + i:02d}"),
                    "source": OUTLETS[dom][0],
                }
            )
    out.append(
        {
            "title": XSS_TITLE,
            "text": 'Ferry fares <b onmouseover="window.__xss=4">rise</b> again.'
            " <script>window.__xss=5</script>"
            " The Fictown ferry company raised fares by 12 percent on Tuesday, its third rise in a year,"
            " and said rising fuel costs left it no choice. Passenger groups called the rise unfair and"
            " asked the harbor authority to review the ferry contract before the summer season begins.",
            "url": "https://www.evil-outlet-example.com/ferry",
            "date": "2026-03-03T12:00:00Z",
            "source": XSS_OUTLET,
        }
    )
    return out


def build_corpus(tmp: Path) -> Newsprism:
    """Write the corpus to ``tmp`` and import it into a fresh database there."""
    src = tmp / "corpus.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records()) + "\n", encoding="utf-8")
    raw = {
        "data_dir": str(tmp / "data"),
        "outlets": {d: {"lean": lean, "name": name} for d, (name, lean) in OUTLETS.items()},
    }
    settings = settings_from_mapping(raw, db=str(tmp / "web.db"))
    np = Newsprism(settings)
    report = np.import_paths([src])
    assert report.count(Outcome.IMPORTED) == len(records()), report.summary()
    return np


def test_corpus_imports_every_record(tmp_path: Path) -> None:
    np = build_corpus(tmp_path)
    try:
        assert np.store.count_articles() == len(records())
        digests = np.store.story_digests()
        assert sum(d.n_articles for d in digests) == len(records())
    finally:
        np.close()
