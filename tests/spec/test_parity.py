"""spec/openapi.yaml drives every layer: each of its request fields is in the operation table, in
the WSDL with the same constraints, reachable from `WhatsApp` and the CLI, and taken by the
sandbox; each reply field is in the WSDL's response. Deliberate omissions are in the one
commented list, `parity_support.ALLOWED_OMISSIONS`.

The mutation tests at the end edit copies of the spec and the WSDL and check that the failure
names what is missing: a parity test that cannot fail proves nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from parity_support import (
    OPENAPI,
    WSDL,
    Spec,
    all_static_problems,
    check_arguments,
    field_schemas,
    invalid_sample,
    rows_by_route,
    valid_sample,
)

from smsmobile._operations import OPERATIONS, Operation
from smsmobile_sandbox.testing import RunningSandbox


def test_spec_wsdl_table_facade_and_cli_agree() -> None:
    problems = all_static_problems()
    assert problems == [], "\n".join(problems)


def test_every_spec_operation_is_checked() -> None:
    """The checks see every operation of the spec (a parser that saw none would pass)."""
    labels = {op.label for op in Spec(OPENAPI).operations()}
    assert {f"{row.rest_method} {row.rest_path}" for row in OPERATIONS} <= labels
    # the two GET twins, the token endpoint and the operations not wired yet (issue 22)
    variants = len(OPERATIONS) - len({(row.rest_method, row.rest_path) for row in OPERATIONS})
    assert len(labels) == len(OPERATIONS) - variants + 3  # the GET twins, the token endpoint


# -- the sandbox takes every field ---------------------------------------------------------------

SCHEMAS = field_schemas()
CASES = [(row, name) for row in rows_by_route().values() for name in row.fields]


@pytest.fixture
def rest(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, timeout=30) as client:
        yield client


def call(
    client: httpx.Client, sandbox: RunningSandbox, row: Operation[Any], fields: dict[str, str]
) -> httpx.Response:
    """One raw REST call of the row, as a caller of the service would make it."""
    credential = {"apikey": sandbox.api_key}
    if row.rest_method == "GET":
        return client.get(row.rest_path, params={**credential, **fields})
    return client.post(row.rest_path, data={**credential, **fields})


def base_fields(row: Operation[Any]) -> dict[str, str]:
    samples = {name: valid_sample(name, SCHEMAS[row.name][name]) for name in row.required}
    missing = [name for name, value in samples.items() if value is None]
    assert not missing, f"{row.name}: no sample value for {missing}: add one to parity_support"
    return {name: value for name, value in samples.items() if value is not None}


@pytest.mark.parametrize(("row", "name"), CASES, ids=[f"{r.name}-{n}" for r, n in CASES])
def test_sandbox_takes_and_checks_every_field(
    rest: httpx.Client, sandbox: RunningSandbox, row: Operation[Any], name: str
) -> None:
    """A valid value is taken (HTTP 200) and arrives as that field; a value the spec refuses
    is refused naming the field: the sandbox knows the field, it does not just ignore it."""
    schema = SCHEMAS[row.name][name]
    good = valid_sample(name, schema)
    assert good is not None, f"{row.name}: no sample value for {name!r}: add one to parity_support"
    if row.name == "fetch_messages":  # the sandbox serves /getwa/ only with retrieval on
        call(
            rest, sandbox, next(r for r in OPERATIONS if r.name == "set_retrieval"), {"statut": "1"}
        )
        call(rest, sandbox, next(r for r in OPERATIONS if r.name == "synchronize"), {})

    accepted = call(rest, sandbox, row, {**base_fields(row), name: good})
    assert accepted.status_code == 200, accepted.text
    logged = sandbox.control.requests(limit=1)[-1]
    assert name in logged["query"] + logged["body"]

    bad = invalid_sample(schema)
    assert bad is not None, f"{row.name}: {name!r} has no constraint in the spec to check"
    refused = call(rest, sandbox, row, {**base_fields(row), name: bad})
    assert refused.status_code == 400, f"{row.name}: {name}={bad!r} was taken: {refused.text}"
    assert name in refused.json()["message"]


# -- the checks fail, naming what is missing -------------------------------------------------------


def edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert text.count(old) == 1, f"{old!r} is not once in {source.name}"
    copy = tmp_path / source.name
    copy.write_text(text.replace(old, new))
    return copy


NEW_SEND_PARAMETER = """        shorturl: {$ref: "#/components/schemas/ZeroOne"}
        priority: {type: string, enum: [high, normal]}
"""


def test_a_new_spec_field_is_named_everywhere_it_is_missing(tmp_path: Path) -> None:
    spec = edited(
        tmp_path,
        OPENAPI,
        '        shorturl: {$ref: "#/components/schemas/ZeroOne"}\n',
        NEW_SEND_PARAMETER,
    )
    problems = all_static_problems(spec, WSDL)
    assert "send: field 'priority' of the spec is not in the row's fields" in problems
    assert "send: SendWhatsAppRequest has no element 'priority'" in problems
    assert "GET /sendsms/: field 'priority' is not in both GET and POST" in problems


def test_a_new_spec_operation_without_a_row_is_named(tmp_path: Path) -> None:
    spec = edited(
        tmp_path,
        OPENAPI,
        "  /whatsapp/checknumber/:\n",
        "  /whatsapp/contacts/:\n    get:\n      operationId: listContacts\n      responses: {}\n"
        "  /whatsapp/checknumber/:\n",
    )
    assert "GET /whatsapp/contacts/: no row in _operations.OPERATIONS" in all_static_problems(
        spec, WSDL
    )


def test_a_field_the_wsdl_lost_is_named(tmp_path: Path) -> None:
    wsdl = edited(
        tmp_path,
        WSDL,
        '<xs:element name="shorturl" type="tns:ZeroOne" minOccurs="0"/>',
        "",
    )
    assert "send: SendWhatsAppRequest has no element 'shorturl'" in all_static_problems(
        OPENAPI, wsdl
    )


def test_a_reply_field_the_wsdl_lost_is_named(tmp_path: Path) -> None:
    wsdl = edited(
        tmp_path, WSDL, '<xs:element name="expire_at" type="xs:string" minOccurs="0"/>', ""
    )
    assert "synchronize: reply field 'expire_at' is not in SynchronizeResponse" in (
        all_static_problems(OPENAPI, wsdl)
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a pattern
        (
            '<xs:pattern value="\\+?[0-9]{6,15}"/>',
            '<xs:pattern value="[0-9]{6,15}"/>',
            "send: 'recipients' pattern differs",
        ),
        # an enumeration
        ('<xs:enumeration value="x"/>', "", "set_retrieval: 'statut' enum differs"),
        # a bound
        (
            '<xs:restriction base="xs:long">\n          <xs:minInclusive value="0"/>\n'
            "        </xs:restriction>\n      </xs:simpleType>\n"
            '      <xs:simpleType name="Recipient">',
            '<xs:restriction base="xs:long">\n        </xs:restriction>\n      </xs:simpleType>\n'
            '      <xs:simpleType name="Recipient">',
            "send: 'schedule_timestamp' minimum differs",
        ),
        # a length
        ('<xs:maxLength value="2048"/>', "", "send: 'url_media' maxLength differs"),
        # string vs integer
        (
            '<xs:element name="port" type="tns:SimPort" minOccurs="0">',
            '<xs:element name="port" type="tns:NonEmptyString" minOccurs="0">',
            "send: 'port' type differs",
        ),
        # required vs optional
        (
            '<xs:element name="message" type="tns:NonEmptyString"/>',
            '<xs:element name="message" type="tns:NonEmptyString" minOccurs="0"/>',
            "send: 'message' is optional in the WSDL, not in the spec",
        ),
    ],
)
def test_a_constraint_that_drifted_is_named(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    problems = all_static_problems(OPENAPI, edited(tmp_path, WSDL, old, new))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_spec_constraint_that_drifted_is_named(tmp_path: Path) -> None:
    spec = edited(tmp_path, OPENAPI, "      maxLength: 64\n", "      maxLength: 32\n")
    assert any(
        re.match(r"send: 'sIdentifiant' maxLength differs: spec 32, WSDL 64", problem)
        for problem in all_static_problems(spec, WSDL)
    )


def test_an_argument_without_its_keyword_or_flag_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import parity_support

    from smsmobile._wire import Argument

    arguments = dict(parity_support.ARGUMENTS)
    arguments["send"] = (
        *arguments["send"][:-1],
        Argument("sim_slot", "--sim-slot", ("port",)),
    )
    monkeypatch.setattr(parity_support, "ARGUMENTS", arguments)
    problems = check_arguments()
    assert "send: WhatsApp.send has no keyword 'sim_slot'" in problems
    assert "send: `smsmobile send` has no flag '--sim-slot'" in problems
    arguments["send"] = arguments["send"][:-1]
    assert (
        "send: wire field 'port' has no entry in _wire.ARGUMENTS "
        "(a WhatsApp.send keyword and a CLI flag)"
    ) in check_arguments()
