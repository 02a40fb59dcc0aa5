"""Fuzz the JSON API from its own OpenAPI schema (schemathesis): no server error, documented codes.

(``schemathesis.pytest.from_fixture`` does not work with pytest 9 yet, so the corpus is built at
collection time in a temporary folder removed at exit.)
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from newsprism.web import create_app  # noqa: E402
from test_web_corpus import build_corpus  # noqa: E402

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

_tmp = Path(tempfile.mkdtemp(prefix="newsprism-openapi-"))
_np = build_corpus(_tmp)
atexit.register(shutil.rmtree, _tmp, True)
atexit.register(_np.close)
# POST /api/articles fetches the address it is given: fuzzing it would reach for the network
# (it is tested against a local server in test_web_actions.py)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_np)).exclude(
    path="/api/articles", method="POST"
)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_fuzz(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
