"""Bounded parsing of structured input: JSON documents, JSONL lines and YAML front matter.

Nesting depth, record size and (for YAML) the number of nodes counted with every alias expanded
are checked on the parser's event stream *before* any Python object is built, so JSON nested
200,000 deep or a 1 KB YAML alias bomb is refused in bounded memory and time with one reason.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from ._limits import LimitExceeded, ReadLimits

_STARTS = ("start_map", "start_array")
_ENDS = ("end_map", "end_array")


def _too_deep(limits: ReadLimits) -> str:
    return f"nested deeper than {limits.max_depth} levels (setting import.max_depth)"


def _build(
    events: Iterator[tuple[str, Any]], ev: str, val: Any, limits: ReadLimits
) -> tuple[Any, str | None]:
    """Build one value whose first event is (ev, val) from ijson ``basic_parse`` events.

    Past a limit the rest of the value is consumed without building it; returns (value, None) or
    (None, reason)."""
    if ev not in _STARTS:
        return val, None
    root: Any = {} if ev == "start_map" else []
    stack: list[Any] = [root]
    keys: list[Any] = [None]
    depth, size = 1, 0
    problem: str | None = None
    for ev, val in events:
        size += 16
        if ev in _STARTS:
            depth += 1
            if problem is None:
                if depth > limits.max_depth:
                    problem, stack, keys = _too_deep(limits), [], []
                    continue
                new: Any = {} if ev == "start_map" else []
                _add(stack[-1], keys[-1], new)
                stack.append(new)
                keys.append(None)
        elif ev in _ENDS:
            depth -= 1
            if problem is None:
                stack.pop()
                keys.pop()
            if depth == 0:
                break
        elif problem is not None:
            continue
        elif ev == "map_key":
            size += len(val)
            keys[-1] = val
        else:
            if isinstance(val, str):
                size += len(val)
            _add(stack[-1], keys[-1], val)
        if problem is None and size > limits.max_record_bytes:
            problem, stack, keys = f"record is {limits.record_too_large(size)}", [], []
    else:
        raise ValueError("incomplete JSON (the file ends inside a record)")
    return (None, problem) if problem else (root, None)


def _add(container: Any, key: Any, value: Any) -> None:
    if isinstance(container, dict):
        container[key] = value
    else:
        container.append(value)


def iter_json_records(fh: BinaryIO, limits: ReadLimits) -> Iterator[tuple[int, Any, str | None]]:
    """(n, record, problem) for each record of a JSON document: the elements of a top-level
    array, or the one top-level value. ijson errors (malformed JSON) propagate to the caller."""
    import ijson

    events = ijson.basic_parse(fh, use_float=True)
    first = next(events, None)
    if first is None:
        return
    if first[0] != "start_array":
        rec, problem = _build(events, first[0], first[1], limits)
        yield 1, rec, problem
        return
    for n, (ev, val) in enumerate(events, start=1):
        if ev == "end_array":
            return
        rec, problem = _build(events, ev, val, limits)
        yield n, rec, problem


def json_depth_over(raw: bytes, max_depth: int) -> bool:
    """True when the JSON text ``raw`` nests deeper than ``max_depth`` (stops at the first level
    past it; malformed JSON counts as not too deep, json.loads then says what is wrong)."""
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return False  # cannot be deeper than its number of openers
    import ijson

    depth = 0
    try:
        for ev, _val in ijson.basic_parse(io.BytesIO(raw)):
            if ev in _STARTS:
                depth += 1
                if depth > max_depth:
                    return True
            elif ev in _ENDS:
                depth -= 1
    except ijson.JSONError:
        return False
    return False


def load_json_line(raw: bytes, limits: ReadLimits) -> Any:
    """One JSONL line -> value; LimitExceeded when nested too deep, ValueError when malformed."""
    if json_depth_over(raw, limits.max_depth):
        raise LimitExceeded(_too_deep(limits))
    return json.loads(raw)


# -- YAML front matter ----------------------------------------------------------------------
_FM_OPEN = re.compile(r"\A\s*-{3,}[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^-{3,}[ \t]*\r?$\n?", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter, body) of a text that starts with a ``---`` block, else None."""
    m = _FM_OPEN.match(text)
    if not m:
        return None
    close = _FM_CLOSE.search(text, m.end())
    if not close:
        return None
    return text[m.end() : close.start()], text[close.end() :]


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_yaml_budget(source: str, limits: ReadLimits) -> None:
    """Walk the YAML event stream (no objects built, no recursion): LimitExceeded when it nests
    deeper than ``max_depth`` or has more than ``max_yaml_nodes`` nodes once every alias is
    counted as a full copy of the node it names (an alias bomb)."""
    import yaml
    from yaml import events as ev

    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[0, None]]
    total = 0
    for e in yaml.parse(source, Loader=_loader()):
        if isinstance(e, ev.CollectionStartEvent):
            if len(stack) > limits.max_depth:
                raise LimitExceeded(f"front matter {_too_deep(limits)}")
            stack.append([1, e.anchor])
            total += 1
        elif isinstance(e, ev.CollectionEndEvent):
            count, anchor = stack.pop()
            if anchor:
                sizes[anchor] = count
            stack[-1][0] += count
        elif isinstance(e, ev.ScalarEvent):
            if e.anchor:
                sizes[e.anchor] = 1
            stack[-1][0] += 1
            total += 1
        elif isinstance(e, ev.AliasEvent):
            n = sizes.get(e.anchor or "", 1)
            stack[-1][0] += n
            total += n
        if total > limits.max_yaml_nodes:
            raise LimitExceeded(
                f"front matter expands to over {limits.max_yaml_nodes} YAML nodes"
                " (aliases counted as copies: an alias bomb?)"
            )


def load_front_matter(source: str, limits: ReadLimits) -> dict[str, Any]:
    """Front matter -> mapping (safe loader, after the budget check). Raises LimitExceeded, or
    yaml.YAMLError for invalid YAML."""
    import yaml

    check_yaml_budget(source, limits)
    data = yaml.load(source, Loader=_loader())
    return data if isinstance(data, dict) else {}
