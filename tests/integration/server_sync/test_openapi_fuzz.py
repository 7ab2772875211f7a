"""schemathesis over `/openapi.json`: no input gives a 5xx, and every answer
matches the documented status codes, content types and schemas."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import DataGenerationMethod
from schemathesis.checks import (  # type: ignore[attr-defined]
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from server_sync.kernel.clock import FixedClock
from tests.integration.server_sync.helpers import config, prepared_app, running

BOOKING_API = (
    "/api/v1/catalogue",
    "/api/v1/slots",
    "/api/v1/challenges",
    "/api/v1/confirmation-codes",
    "/api/v1/bookings",
    "/api/v1/qr",
    "/healthz",
    # citizen accounts
    "/api/v1/captchas",
    "/api/v1/registrations",
    "/api/v1/sessions",
    "/api/v1/account",
    "/api/v1/password-resets",
    "/captcha/",
    # receptions with officials (seed 002)
    "/api/v1/receptions",
)
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture
def api_schema(tmp_path: Path, clock: FixedClock) -> Iterator[object]:
    app = prepared_app(config(f"sqlite:///{tmp_path / 'fuzz.db'}", jobs=False), clock)
    with running(app) as url:
        yield schemathesis.from_uri(
            f"{url}/openapi.json",
            base_url=url,
            data_generation_methods=[DataGenerationMethod.positive, DataGenerationMethod.negative],
        )


schemathesis.experimental.OPEN_API_3_1.enable()  # FastAPI publishes OpenAPI 3.1
with warnings.catch_warnings():  # schemathesis 3.x warns about its own defaults
    warnings.simplefilter("ignore", DeprecationWarning)
    schema = schemathesis.from_pytest_fixture("api_schema")


@pytest.mark.slow
# every operation of the API in one item: past the suite's 300 s on a loaded 2-core machine
@pytest.mark.timeout(1200)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # schemathesis 3.x and jsonschema
@schema.parametrize()
@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_input_breaks_the_api(case: schemathesis.Case) -> None:
    response = case.call(timeout=10)
    if response.status_code == 400 and response.text == "Invalid HTTP request received.":
        # uvicorn refused bytes that are not HTTP (a generated header such as `0: 0` or
        # an Authorization value with control characters): our app never saw them.
        return
    # Every operation must never answer 5xx; the booking API's operations must also
    # match their documentation exactly (other areas document their own codes).
    ours = case.path.startswith(BOOKING_API)
    case.validate_response(response, checks=CHECKS if ours else (not_a_server_error,))
