"""Every facade keyword of every operation, through every layer, checked where it lands: the
sandbox's record of the spec fields each accepted request carried (`control.calls()`).

The layers: `WhatsApp` over REST and over SOAP, `AsyncWhatsApp` over REST and over SOAP, the CLI
flag, and a SOAP caller through the gateway (which forwards over REST). A layer that drops or
mangles a field fails with its name, the keyword and what arrived. The mutation tests at the end
unwire one layer at a time (in this process) and show that the check names it: a parity test
that cannot fail proves nothing.

Fields the facade does not offer are the overlay's `hidden` ones (spec/overlay.yaml, with the
reason); every other spec field is some keyword's (the static parity test proves that).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from parity_support import valid_sample

from smsmobile import (
    ApiKey,
    AsyncSmsMobile,
    RetryPolicy,
    SmsMobile,
    SmsMobileError,
    WhatsApp,
)
from smsmobile.cli import main as cli_main
from smsmobile.contract import OPERATION_SPECS, Argument, OperationSpec
from smsmobile.gateway import make_gateway_app, serve
from smsmobile_sandbox.testing import RunningSandbox

NUMBER = "+32 470 12 34 56"
ERRORED = "32470999999"  # the sandbox fails sends to it: resendable guids
GUID = "<guid>"


@dataclass(frozen=True)
class Sample:
    """A keyword's value, its CLI spelling, the wire fields it must arrive as, and what else the
    call needs (a PDF link for a preview, ...)."""

    value: object
    cli: tuple[str, ...]
    wire: dict[str, str]
    also: dict[str, object] | None = None


PDF = "https://example.com/a.pdf"
#: By (operation, keyword): the overlay's hand-converted keywords. Plain spec fields get a sample
#: from their schema (`plain_sample`).
SAMPLES: dict[tuple[str, str], Sample] = {
    ("send", "to"): Sample(NUMBER, (NUMBER,), {"recipients": "32470123456"}),
    ("send", "message"): Sample("parity text", ("parity text",), {"message": "parity text"}),
    ("send", "media_url"): Sample(PDF, (PDF,), {"url_media": PDF}),
    ("send", "pdf_preview"): Sample(True, (), {"pdf_with_image": "yes"}, {"media_url": PDF}),
    ("send", "short_url"): Sample(
        True, (), {"url_media_shorted": "yes"}, {"media_url": PDF, "pdf_preview": True}
    ),
    ("send", "also_sms"): Sample(True, (), {"sendwa": "1", "sendsms": "1"}),
    ("send", "schedule_at"): Sample(
        4102444800, ("4102444800",), {"schedule_timestamp": "4102444800"}
    ),
    ("send", "device_sid"): Sample("phone-2", ("phone-2",), {"sIdentifiant": "phone-2"}),
    ("send", "sim_port"): Sample(2, ("2",), {"port": "2"}),
    ("resend", "guid"): Sample(GUID, (GUID,), {"guid": GUID}),
    ("set_retrieval", "enabled"): Sample(False, ("off",), {"statut": "0"}),
    ("fetch_messages", "date"): Sample("2025-03-11", ("2025-03-11",), {"date": "2025-03-11"}),
    ("fetch_messages", "message_type"): Sample("audio", ("audio",), {"message_type": "audio"}),
    ("fetch_messages", "before"): Sample(1741683600, ("1741683600",), {"before": "1741683600"}),
    ("check_number", "number"): Sample(NUMBER, (NUMBER,), {"recipients": "32470123456"}),
    ("sms_send", "to"): Sample(NUMBER, (NUMBER,), {"recipients": "32470123456", "sendsms": "1"}),
    ("sms_send", "message"): Sample("an sms", ("an sms",), {"message": "an sms"}),
    ("sms_send", "schedule_at"): Sample(
        4102444800, ("4102444800",), {"schedule_timestamp": "4102444800"}
    ),
    ("sms_send", "device_sid"): Sample("phone-2", ("phone-2",), {"sIdentifiant": "phone-2"}),
    ("sms_send", "sim_port"): Sample(2, ("2",), {"port": "2"}),
}
#: What every call of an operation needs besides the keyword under test (required keywords).
BASE: dict[str, dict[str, object]] = {
    "send": {"to": NUMBER, "message": "parity"},
    "resend": {"guid": GUID},
    "check_number": {"number": NUMBER},
    "set_retrieval": {"enabled": True},
    "sms_send": {"to": NUMBER, "message": "parity"},
}


def plain_sample(spec: OperationSpec, argument: Argument) -> Sample:
    """A value the spec allows for a plain field (`parity_support.valid_sample`)."""
    rule = next(r for r in spec.fields if r.wire == argument.wire[0])
    schema = {
        key: value
        for key, value in {
            "type": rule.type,
            "enum": list(rule.enum) if rule.enum else None,
            "pattern": rule.pattern,
            "format": rule.format,
            "minimum": rule.minimum,
            "maximum": rule.maximum,
            "maxLength": rule.max_length,
        }.items()
        if value is not None
    }
    text = valid_sample(rule.wire, schema)
    assert text is not None, f"{spec.name}: no sample for {rule.wire!r}: add one to parity_support"
    value: object = int(text) if rule.type == "integer" else text
    return Sample(value, (text,), {rule.wire: text})


CASES = [
    (spec, argument)
    for spec in OPERATION_SPECS
    for argument in spec.arguments
    if argument.cli is not None
]


#: (method, path) -> the row name the sandbox records a request under.
PRIMARY: dict[tuple[str, str], str] = {}
for _spec in OPERATION_SPECS:
    PRIMARY.setdefault((_spec.rest_method, _spec.rest_path), _spec.name)


def sample_of(spec: OperationSpec, argument: Argument) -> Sample:
    found = SAMPLES.get((spec.name, argument.python))
    return found if found is not None else plain_sample(spec, argument)


def cli_words(spec: OperationSpec, keywords: dict[str, object]) -> list[str]:
    """The command line of a call: the command's words, positional values, then flags."""
    words = list(spec.command)
    for argument in spec.arguments:
        if argument.python not in keywords or argument.cli is None:
            continue
        value = keywords[argument.python]
        sample = sample_of(spec, argument)
        text = list(sample.cli) if value == sample.value else [str(value)]
        if argument.python == "enabled":  # `retrieval on|off|toggle`
            text = ["on" if value is True else "off" if value is False else "toggle"]
        if not argument.cli.flag.startswith("-"):
            words += text
        elif argument.cli.action == "store_true":
            words += [argument.cli.flag] if value else []
        else:
            words += [argument.cli.flag, *text]
    return words


# -- the layers -----------------------------------------------------------------------------


@dataclass
class Layers:
    sandbox: RunningSandbox
    gateway_url: str

    def client(self, base_url: str, transport: str) -> SmsMobile:
        return SmsMobile(
            auth=ApiKey(self.sandbox.api_key), base_url=base_url, transport=transport,  # type: ignore[arg-type]
            retry=RetryPolicy(attempts=1),
        )  # fmt: skip

    def sync(self, transport: str, base_url: str | None = None) -> Callable[..., None]:
        def call(spec: OperationSpec, keywords: dict[str, object]) -> None:
            with self.client(base_url or self.sandbox.url, transport) as client:
                namespace = getattr(client, spec.namespace)
                result = getattr(namespace, spec.method_name)(**keywords)
                if isinstance(result, Iterator):  # a list operation: requested when read
                    list(result)

        return call

    def asynchronous(self, transport: str) -> Callable[..., None]:
        def call(spec: OperationSpec, keywords: dict[str, object]) -> None:
            async def run() -> None:
                async with AsyncSmsMobile(
                    auth=ApiKey(self.sandbox.api_key), base_url=self.sandbox.url,
                    transport=transport,  # type: ignore[arg-type]
                    retry=RetryPolicy(attempts=1),
                ) as client:  # fmt: skip
                    namespace = getattr(client, spec.namespace)
                    result = getattr(namespace, spec.method_name)(**keywords)
                    if isinstance(result, AsyncIterator):
                        [record async for record in result]
                    else:
                        await result

            asyncio.run(run())

        return call

    def all(self) -> dict[str, Callable[[OperationSpec, dict[str, object]], None]]:
        def facade(call: Callable[..., None]) -> Callable[[OperationSpec, dict[str, object]], None]:
            return call

        def cli(spec: OperationSpec, keywords: dict[str, object]) -> None:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                cli_main(
                    ["--base-url", self.sandbox.url, "--api-key", self.sandbox.api_key,
                     *cli_words(spec, keywords)]
                )  # fmt: skip

        layers = {
            "WhatsApp REST": facade(self.sync("rest")),
            "WhatsApp SOAP": facade(self.sync("soap")),
            "AsyncWhatsApp REST": facade(self.asynchronous("rest")),
            "AsyncWhatsApp SOAP": facade(self.asynchronous("soap")),
            "CLI": cli,
            "gateway (SOAP caller)": facade(self.sync("soap", self.gateway_url)),
        }
        assert set(layers) == LAYER_NAMES
        return layers


LAYER_NAMES = {
    "WhatsApp REST",
    "WhatsApp SOAP",
    "AsyncWhatsApp REST",
    "AsyncWhatsApp SOAP",
    "CLI",
    "gateway (SOAP caller)",
}


@pytest.fixture(scope="module")
def gateway_url(_sandbox_server: RunningSandbox) -> Iterator[str]:
    server = serve(make_gateway_app(_sandbox_server.url, retry=RetryPolicy(backoff=0.01)))
    server.start()
    try:
        yield server.url
    finally:
        server.close()


def errored_guid(sandbox: RunningSandbox) -> str:
    with WhatsApp(auth=ApiKey(sandbox.api_key), base_url=sandbox.url) as wa:
        return wa.send(ERRORED, "to resend").guid


def unwired(
    sandbox: RunningSandbox, gateway_url: str, spec: OperationSpec, keyword: str
) -> list[str]:
    """The layers through which `keyword` did not arrive as its sample's wire fields."""
    sandbox.control.faults(error_recipients=[ERRORED])
    argument = next(a for a in spec.arguments if a.python == keyword)
    sample = sample_of(spec, argument)
    problems: list[str] = []
    for layer, call in Layers(sandbox, gateway_url).all().items():
        guid = errored_guid(sandbox) if spec.name == "resend" else ""
        required = {
            a.python: sample_of(spec, a).value
            for a in spec.arguments
            if a.positional and a.cli is not None
        }
        keywords = {**required, **BASE.get(spec.name, {}), **(sample.also or {})}
        keywords[keyword] = sample.value
        keywords = {k: guid if v == GUID else v for k, v in keywords.items()}
        expected = {k: guid if v == GUID else v for k, v in sample.wire.items()}
        before = len(sandbox.control.calls(1000))
        with contextlib.suppress(SmsMobileError):  # retrieval off, ...: the request still came
            call(spec, keywords)
        recorded_as = PRIMARY[(spec.rest_method, spec.rest_path)]  # a variant's is its operation's
        calls = [c for c in sandbox.control.calls(1000)[before:] if c["operation"] == recorded_as]
        arrived = calls[-1]["fields"] if calls else None
        if arrived is None or any(arrived.get(k) != v for k, v in expected.items()):
            problems.append(f"{layer}: {spec.name}({keyword}=...) arrived as {arrived}")
    return problems


@pytest.mark.parametrize(
    ("spec", "argument"), CASES, ids=[f"{s.name}-{a.python}" for s, a in CASES]
)
def test_every_keyword_reaches_the_sandbox_through_every_layer(
    sandbox: RunningSandbox, gateway_url: str, spec: OperationSpec, argument: Argument
) -> None:
    assert unwired(sandbox, gateway_url, spec, argument.python) == []


def test_every_operation_is_covered() -> None:
    names = {spec.name for spec, _ in CASES}
    assert names >= {spec.name for spec in OPERATION_SPECS if spec.arguments}


# -- mutation: unwire one layer, the check names it -------------------------------------------

SEND = next(spec for spec in OPERATION_SPECS if spec.name == "send")


def _dropping(function: Callable[..., Any], position: int, field: str) -> Callable[..., Any]:
    """`function` with the wire field `field` removed from its `position`th argument."""

    def mutated(*args: Any, **kwargs: Any) -> Any:
        fields = {k: v for k, v in args[position].items() if k != field}
        return function(*args[:position], fields, *args[position + 1 :], **kwargs)

    return mutated


def _mutations() -> dict[str, tuple[Callable[[pytest.MonkeyPatch], None], set[str]]]:
    """By the wiring removed: how to remove it, and the layers that must then fail."""
    from smsmobile._derived import facade_async, facade_sync
    from smsmobile.cli import _operation_flags
    from smsmobile.gateway import _backend
    from smsmobile.transports import rest, rest_async, soap, soap_async

    def facade(module: Any) -> Callable[[pytest.MonkeyPatch], None]:
        """The derived methods' hand-over of `device_sid` to the call they build."""

        def apply(mp: pytest.MonkeyPatch) -> None:
            original = module._calls.prepare

            def prepare(operation: Any, arguments: dict[str, object]) -> Any:
                return original(operation, {**arguments, "device_sid": None})

            mp.setattr(module, "_calls", type("Calls", (), {"prepare": staticmethod(prepare)}))

        return apply

    def flags(mp: pytest.MonkeyPatch) -> None:
        original = _operation_flags.keywords
        mp.setattr(
            _operation_flags, "keywords", lambda *a, **k: {**original(*a, **k), "device_sid": None}
        )

    def method(cls: Any, name: str, position: int) -> Callable[[pytest.MonkeyPatch], None]:
        return lambda mp: mp.setattr(
            cls, name, _dropping(getattr(cls, name), position, "sIdentifiant")
        )

    sync, gateway, cli = "WhatsApp", "gateway (SOAP caller)", "CLI"
    sync_rest, sync_soap = f"{sync} REST", f"{sync} SOAP"
    async_rest, async_soap = "AsyncWhatsApp REST", "AsyncWhatsApp SOAP"
    return {
        "WhatsApp's methods": (facade(facade_sync), {sync_rest, sync_soap, cli, gateway}),
        "AsyncWhatsApp's methods": (facade(facade_async), {async_rest, async_soap}),
        "the CLI's flags": (flags, {cli}),
        # the gateway forwards over RestTransport's `exchange`; the clients call its `fetch`
        # (typed results straight from the bytes): one layer, two entry points, both unwired
        "RestTransport": (
            lambda mp: [method(rest.RestTransport, name, 2)(mp) for name in ("exchange", "fetch")],
            {sync_rest, cli, gateway},
        ),
        "AsyncRestTransport": (method(rest_async.AsyncRestTransport, "exchange", 2), {async_rest}),
        # a SOAP caller of the gateway is SoapTransport here; as for REST, the clients call its
        # `fetch` (a page read straight from zeep's reply objects), anything else `exchange`
        "SoapTransport": (
            lambda mp: [method(soap.SoapTransport, name, 2)(mp) for name in ("exchange", "fetch")],
            {sync_soap, gateway},
        ),
        "AsyncSoapTransport": (method(soap_async.AsyncSoapTransport, "exchange", 2), {async_soap}),
        "the gateway's forwarding": (method(_backend.GatewayBackend, "call", 3), {gateway}),
    }


MUTATIONS = list(_mutations())


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_unwiring_one_layer_fails_naming_it(
    sandbox: RunningSandbox, gateway_url: str, monkeypatch: pytest.MonkeyPatch, mutation: str
) -> None:
    apply, expected = _mutations()[mutation]
    apply(monkeypatch)
    problems = unwired(sandbox, gateway_url, SEND, "device_sid")
    assert {problem.split(":")[0] for problem in problems} == expected, problems


def test_every_layer_is_named_by_some_mutation() -> None:
    named = set().union(*(expected for _, expected in _mutations().values()))
    assert named == LAYER_NAMES
