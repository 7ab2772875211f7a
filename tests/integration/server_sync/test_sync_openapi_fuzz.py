"""schemathesis over the sync API (`/api/v1/sync/…`) with a valid centre token
(issue 11, item 6): whatever the published schema admits, and whatever it does
not, the answer is never a 5xx. Bodies are published in the OpenAPI document
(`routes._documented_body`) so the fuzzer generates whole batches and heartbeats."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import DataGenerationMethod
from schemathesis.checks import not_a_server_error  # type: ignore[attr-defined]

from server_sync.kernel.clock import FixedClock
from server_sync.sync_api.tokens import issue_token
from tests.integration.server_sync.helpers import config, prepared_app, running

TOKEN: dict[str, str] = {}


@pytest.fixture
def sync_schema(tmp_path: Path, clock: FixedClock) -> Iterator[object]:
    app = prepared_app(config(f"sqlite:///{tmp_path / 'sync-fuzz.db'}", jobs=False), clock)
    TOKEN["value"] = issue_token(app.state.services.engine, "baku-1", clock.now(), "fuzz")
    with running(app) as url:
        yield schemathesis.from_uri(
            f"{url}/openapi.json",
            base_url=url,
            data_generation_methods=[DataGenerationMethod.positive, DataGenerationMethod.negative],
        )


schemathesis.experimental.OPEN_API_3_1.enable()
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    schema = schemathesis.from_pytest_fixture("sync_schema", endpoint="^/api/v1/sync/")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_sync_message_breaks_the_api(case: schemathesis.Case) -> None:
    if isinstance(case.body, dict) and "centre_id" in case.body:
        case.body["centre_id"] = "baku-1"  # the token's centre: reach the store, not the 403
    response = case.call(headers={"Authorization": f"Bearer {TOKEN['value']}"}, timeout=10)
    if response.status_code == 400 and response.text == "Invalid HTTP request received.":
        return  # bytes uvicorn refused before our app saw them
    assert response.status_code != 401, "the fuzzer must run with a valid token"
    case.validate_response(response, checks=(not_a_server_error,))
