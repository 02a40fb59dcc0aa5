"""The outlet registry: bundled ratings + the user's overrides -> :class:`OutletProfile`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..config import OutletOverride
from ..errors import InputError
from ._lean import displayed_factual, displayed_lean
from ._resolve import host_of
from ._table import OutletRecord, OutletTable, bundled_table
from ._types import BIASES, FACTUAL, OutletProfile

if TYPE_CHECKING:
    from ..models import Article
    from ..storage import Store

OVERRIDE_FIELDS = ("lean", "factual", "name", "owner", "note")


def normalise_domain(value: str) -> str:
    """The key an outlet is stored under: a host without ``www.`` (URLs accepted), lower case.

    Any token works, so fictional outlets ("daily-bugle", "bugle.example") can be given a lean.
    """
    text = (value or "").strip().lower()
    if not text or any(c.isspace() for c in text):
        raise InputError(f"not a domain: {value!r}")
    if "/" in text or ":" in text:
        host = host_of(text)
        if not host:
            raise InputError(f"no domain in {value!r}")
        return host
    text = text.rstrip(".")
    return text[4:] if text.startswith("www.") and text.count(".") >= 2 else text


def check_override(lean: str | None = None, factual: str | None = None) -> None:
    """Raise InputError unless ``lean`` and ``factual`` are on the documented scales."""
    if lean is not None and lean not in BIASES:
        raise InputError(f"unknown lean {lean!r}; use one of: {', '.join(BIASES)}")
    if factual is not None and factual not in FACTUAL:
        raise InputError(f"unknown factual verdict {factual!r}; use one of: {', '.join(FACTUAL)}")


def _merge(*layers: OutletOverride | None) -> OutletOverride | None:
    """Field by field, later layers win; None when no layer sets anything."""
    values: dict[str, str] = {}
    for layer in layers:
        if layer is None:
            continue
        for f in OVERRIDE_FIELDS:
            v = getattr(layer, f)
            if v is not None:
                values[f] = v
    return OutletOverride(**values) if values else None


class OutletRegistry:
    """Looks up outlet profiles: the bundled table, then the user's overrides on top.

    Overrides come from the config file (``[outlets."domain"]``, passed as ``overrides``) and
    from the database (``newsprism outlets set``, through ``store``); field by field the
    database wins over the config file, and both win over every rater. Overrides live outside
    the bundled table, so rebuilding the table never loses them.
    """

    def __init__(
        self,
        store: Store | Any = None,
        overrides: Mapping[str, OutletOverride] | None = None,
        table: OutletTable | None = None,
    ) -> None:
        self.store = store
        self.overrides: dict[str, OutletOverride] = {
            normalise_domain(k): v for k, v in (overrides or {}).items()
        }
        for ov in self.overrides.values():
            check_override(ov.lean, ov.factual)
        self._table = table
        self._config: dict[str, OutletOverride] | None = None

    @property
    def table(self) -> OutletTable:
        if self._table is None:
            self._table = bundled_table()
        return self._table

    # -- resolution -------------------------------------------------------------------------
    def resolve(self, url_or_domain: str) -> str | None:
        """The outlet domain of a URL or domain (aliases folded: bbc.co.uk -> bbc.com)."""
        return self.table.resolve(url_or_domain)

    def _key(self, domain: str) -> str:
        key = normalise_domain(domain)
        return self.table.resolve(key) or key

    def outlet_domain(self, value: str) -> str:
        """The key a domain, URL or imported outlet slug is known under (aliases folded)."""
        return self._key(value)

    def stored_overrides(self) -> Mapping[str, OutletOverride]:
        """The overrides stored in the database (``newsprism outlets set``)."""
        if self.store is None:
            return {}
        stored: Mapping[str, OutletOverride] = self.store.outlet_overrides()
        return stored

    def user_override(
        self, domain: str, stored: Mapping[str, OutletOverride] | None = None
    ) -> OutletOverride | None:
        """The user's merged override for ``domain`` (config file, then database), if any."""
        key = self._key(domain)
        stored = self.stored_overrides() if stored is None else stored
        if self._config is None:  # config keys folded onto outlet domains (bbc.co.uk -> bbc.com)
            self._config = {}
            for k, v in sorted(self.overrides.items()):
                folded = self._key(k)
                self._config[folded] = _merge(self._config.get(folded), v) or v
        return _merge(self._config.get(key), stored.get(key))

    # -- profiles ---------------------------------------------------------------------------
    def profile(
        self, domain: str, name: str | None = None, *, stored: Mapping[str, OutletOverride] | None = None
    ) -> OutletProfile:
        """The profile of the outlet behind ``domain`` (or URL). Unknown outlets are "unrated"."""
        key = self._key(domain)
        rec = self.table.get(key)
        if name is None and self.store is not None and (rec is None or rec.name == rec.domain):
            name = self._names(key)
        return self._profile(key, rec, name, self.user_override(domain, stored))

    def for_article(self, article: Article) -> OutletProfile:
        """The profile of an article's outlet; an article with no known outlet is "unrated"."""
        if article.outlet is not None:
            return self.profile(article.outlet.domain, article.outlet.name)
        domain = self.resolve(article.url) if article.url else None
        if domain:
            return self.profile(domain)
        return OutletProfile(domain="", name="unknown source")

    def _names(self, key: str) -> str | None:
        name: str | None = self.store.outlet_name(key) if self.store is not None else None
        return name

    def _profile(
        self, key: str, rec: OutletRecord | None, name: str | None, ov: OutletOverride | None
    ) -> OutletProfile:
        if rec is None:
            base = OutletProfile(domain=key, name=name or key, domains=(key,))
        else:
            lean, agreement, raters = displayed_lean(rec.ratings)
            factual, _ = displayed_factual(rec.ratings)
            base = OutletProfile(
                domain=rec.domain,
                name=rec.name if rec.name != rec.domain or not name else name,
                lean=lean,
                lean_source="raters" if raters else "none",
                agreement=agreement,
                ratings=rec.ratings,
                country=rec.country,
                media_type=rec.media_type,
                owner=rec.owner,
                owner_type=rec.owner_type,
                owner_source=rec.owner_source,
                factual=factual,
                factual_source="raters" if factual else "none",
                domains=rec.domains,
                lean_raters=raters,
                known=True,
            )
        if ov is None:
            return base
        changes: dict[str, Any] = {"user_override": True}
        if ov.lean is not None:
            changes.update(lean=ov.lean, lean_source="user", agreement="user", lean_raters=())
        if ov.factual is not None:
            changes.update(factual=ov.factual, factual_source="user")
        if ov.name is not None:
            changes["name"] = ov.name
        if ov.owner is not None:
            changes.update(owner=ov.owner, owner_source="user")
        return replace(base, **changes)

    def profiles(
        self,
        lean: str | None = None,
        rater: str | None = None,
        country: str | None = None,
        domains: Iterable[str] | None = None,
    ) -> Iterator[OutletProfile]:
        """Outlets by domain, filtered: every outlet of the bundled table (or only ``domains``),
        plus every outlet the user has overridden."""
        stored = self.stored_overrides()
        base = set(self.table.records) if domains is None else {self._key(d) for d in domains}
        keys = base | {self._key(k) for k in (*self.overrides, *stored)}
        names: Mapping[str, str] = self.store.outlet_names() if self.store is not None else {}
        for key in sorted(keys):
            p = self.profile(key, names.get(key, ""), stored=stored)  # "": no per-outlet query
            if lean is not None and p.lean != lean:
                continue
            if rater is not None and p.rating(rater) is None:
                continue
            if country is not None and (p.country or "").lower() != country.lower():
                continue
            yield p

    # -- overrides in the database ---------------------------------------------------------
    def set_override(self, domain: str, **values: str | None) -> OutletProfile:
        """Store the user's own verdict (lean, factual, name, owner, note); unset fields stay."""
        unknown = set(values) - set(OVERRIDE_FIELDS)
        if unknown:
            raise InputError(f"unknown override field(s): {', '.join(sorted(unknown))}")
        check_override(values.get("lean"), values.get("factual"))
        if all(v is None for v in values.values()):
            raise InputError("nothing to set: give --lean, --factual, --name, --owner or --note")
        if self.store is None:
            raise InputError("no database to store the override in")
        key = self._key(domain)
        old = self.stored_overrides().get(key)
        merged = _merge(old, OutletOverride(**{k: v for k, v in values.items() if v is not None}))
        assert merged is not None
        self.store.set_outlet_override(key, merged)
        return self.profile(key)

    def unset_override(self, domain: str) -> bool:
        """Remove the database override of ``domain``; True when there was one."""
        if self.store is None:
            return False
        return bool(self.store.delete_outlet_override(self._key(domain)))
