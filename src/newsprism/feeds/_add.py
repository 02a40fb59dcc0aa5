"""``newsprism add URL``: fetch one article page the user pasted and store it.

The fetch is the user's own request, like opening the page in a browser, so robots.txt is not
consulted; every safety rule of :class:`Fetcher` still applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..models import ItemResult
from ._fetch import Fetcher, run_blocking
from ._update import fetch_article

if TYPE_CHECKING:
    import httpx

    from ..config import Settings
    from ..storage import Store


def add_url(
    store: Store, settings: Settings, url: str, client: httpx.AsyncClient | None = None
) -> ItemResult:
    """Fetch, extract and store the article at ``url``; a known URL is reported as a duplicate."""
    from ..ingest import Candidate, Importer, ImportOptions

    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(f"not an http(s) address: {url!r}")
    known = store.article_id_by_url(url)
    if known is not None:
        from ..models import Outcome

        return ItemResult(url, Outcome.DUPLICATE, f"same URL as article {known}", known)

    async def fetch() -> Candidate:
        async with Fetcher(settings.fetch, client) as fetcher:
            return await fetch_article(url, fetcher, None, ref=url)

    cand = run_blocking(fetch)
    report = Importer(store, ImportOptions(settings=settings.import_)).ingest([cand], kind="add")
    return report.items[0]
