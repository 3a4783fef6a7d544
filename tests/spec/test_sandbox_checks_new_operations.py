"""The sandbox takes and checks every field of the operations issue 22 added to the spec, as
the parity test does for the wired ones: a value the spec allows is taken (HTTP 200) and
arrives as that field; a value the spec refuses is refused naming the field. Until those
operations' rows: every route of a row outside the `whatsapp` namespace, read from the spec."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from contract_readers import Spec, SpecOperation
from parity_support import OPENAPI, invalid_sample, valid_sample

from smsmobile._operations import OPERATIONS as ROWS
from smsmobile_sandbox.testing import RunningSandbox

NEW = {
    f"{row.rest_method} {row.rest_path}"
    for row in ROWS
    if row.spec is not None and row.spec.namespace != "whatsapp" and row.name != "sms_send"
}
OPERATIONS = {op.label: op for op in Spec(OPENAPI).operations() if op.label in NEW}
CASES = [(label, name) for label, op in sorted(OPERATIONS.items()) for name in sorted(op.fields)]


@pytest.fixture
def rest(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, timeout=30) as client:
        yield client


def call(
    client: httpx.Client, sandbox: RunningSandbox, op: SpecOperation, fields: dict[str, str]
) -> httpx.Response:
    credential = {"apikey": sandbox.api_key}
    if op.method == "GET":
        return client.get(op.path, params={**credential, **fields})
    return client.post(op.path, data={**credential, **fields})


def base_fields(op: SpecOperation) -> dict[str, str]:
    samples = {name: valid_sample(name, op.fields[name]) for name in op.required}
    assert None not in samples.values(), f"{op.label}: a required field has no sample"
    return {name: value for name, value in samples.items() if value is not None}


def test_every_new_operation_is_checked() -> None:
    assert set(OPERATIONS) == NEW and len(NEW) == 10


@pytest.mark.parametrize(("label", "name"), CASES, ids=[f"{lb}-{n}" for lb, n in CASES])
def test_sandbox_takes_and_checks_every_new_field(
    rest: httpx.Client, sandbox: RunningSandbox, label: str, name: str
) -> None:
    op = OPERATIONS[label]
    schema = op.fields[name]
    good = valid_sample(name, schema)
    assert good is not None, f"{label}: no sample value for {name!r}: add one to parity_support"
    accepted = call(rest, sandbox, op, {**base_fields(op), name: good})
    assert accepted.status_code == 200, accepted.text
    logged = sandbox.control.requests(limit=1)[-1]
    assert name in logged["query"] + logged["body"]

    bad = invalid_sample(schema)
    assert bad is not None, f"{label}: {name!r} has no constraint in the spec to check"
    refused = call(rest, sandbox, op, {**base_fields(op), name: bad})
    assert refused.status_code == 400, f"{label}: {name}={bad!r} was taken: {refused.text}"
    assert name in refused.json()["message"]


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_a_missing_required_field_is_refused_naming_it(
    rest: httpx.Client, sandbox: RunningSandbox, label: str
) -> None:
    op = OPERATIONS[label]
    for name in op.required:
        fields = {k: v for k, v in base_fields(op).items() if k != name}
        refused = call(rest, sandbox, op, fields)
        assert refused.status_code == 400, f"{label}: {name} missing was taken"
        assert refused.json()["message"].startswith(f"{name}:")
