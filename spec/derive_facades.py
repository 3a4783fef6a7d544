"""The facades' typed methods, rendered from the derived operations (spec/derive.py): one
class per namespace, `WhatsAppOperations` (what `WhatsApp` inherits) and the account's other
namespaces (`SmsOperations`, ...), sync and async."""

from __future__ import annotations

import re
import textwrap
from typing import Any

TYPING_NAMES = frozenset({"Any", "Literal", "None"})


def class_name(namespace: str, *, asynchronous: bool) -> str:
    """`whatsapp` -> `WhatsAppOperations` (what `WhatsApp` inherits), `sms` -> `SmsOperations`."""
    base = "WhatsApp" if namespace == "whatsapp" else namespace.capitalize()
    return ("Async" if asynchronous else "") + base + "Operations"


def hand_types(operations: list[dict[str, Any]]) -> list[str]:
    """The hand-written types (`_models`) that the operations' argument types and `returns:`
    name: every capitalised name that is neither a spec-derived reply type nor typing's
    (`list[InboundMessage]` -> InboundMessage)."""
    texts = [op["returns"] or "" for op in operations]
    texts += [argument["type"] for op in operations for argument in op["arguments"]]
    named = {name for text in texts for name in re.findall(r"\b[A-Z]\w*", text)}
    return sorted(named - set(derived_types(operations)) - TYPING_NAMES)


def derived_types(operations: list[dict[str, Any]]) -> list[str]:
    """The spec's typed replies an operation returns (`_derived/replies.py`)."""
    typed = {
        re.sub(r"^list\[(.*)\]$", r"\1", op["returns"])
        for op in operations
        if op["reply"] and op["returns"] and op["reply"].split(" in ")[0] in op["returns"]
    }
    return sorted(typed)


def render_facade(
    operations: list[dict[str, Any]], header: str, *, asynchronous: bool, whatsapp: bool = True
) -> str:
    """The typed methods of the `whatsapp` namespace (what `WhatsApp` inherits), or with
    `whatsapp=False` those of the account's other namespaces, in a module of their own that
    `import smsmobile` does not load (`SmsMobile` is imported on first use)."""
    operations = [op for op in operations if (op["namespace"] == "whatsapp") == whatsapp]
    namespaces = list(dict.fromkeys(op["namespace"] for op in operations))
    classes = [class_name(ns, asynchronous=asynchronous) for ns in namespaces]
    clients = "`AsyncWhatsApp`, `AsyncSmsMobile`" if asynchronous else "`WhatsApp`, `SmsMobile`"
    if not whatsapp:
        clients = "`AsyncSmsMobile`" if asynchronous else "`SmsMobile`"
    what = "One class of typed methods per namespace (the service's tags), for the\n" + (
        ("async " if asynchronous else "") + f"clients ({clients})."
    )
    out = [header.format(what=what)]
    # the types the methods name: hand-written ones and the spec's typed results (ruff joins
    # and sorts the imports)
    account = "".join(f"from .._models import {name}\n" for name in hand_types(operations))
    account += "".join(f"from .replies import {name}\n" for name in derived_types(operations))
    # the types are only named in annotations and casts: imported for the type checker, so
    # the reply types are built on a first reply, not by `import smsmobile`
    typed = "".join("    " + line + "\n" for line in account.splitlines())
    out.append(
        "from __future__ import annotations\n\n"
        "import datetime as dt\n"
        "from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast\n\n"
        "from collections.abc import AsyncIterator, Iterator\n"
        "from .. import _calls, _record_pages\n"
        "from .._operations import BY_NAME\n\n"
        "if TYPE_CHECKING:\n"
        + typed
        + "    from .._operations import Operation, WireFields\n\n"
        + f'__all__ = {sorted(classes)!r}\n\nR = TypeVar("R")\n\n'.replace("'", '"')
    )
    for namespace, cls in zip(namespaces, classes, strict=True):
        out += render_class(
            [op for op in operations if op["namespace"] == namespace], cls, asynchronous
        )
    return "\n".join(out) + "\n"


def render_class(operations: list[dict[str, Any]], cls: str, asynchronous: bool) -> list[str]:
    out = [f"class {cls}:"]
    out.append(
        f'    """The `{operations[0]["namespace"]}` operations of spec/overlay.yaml, each checked '
        'before any I/O."""\n'
    )
    out.append("    if TYPE_CHECKING:\n")
    if asynchronous:
        out.append(
            "        async def _call(self, operation: Operation[R], fields: WireFields) -> R: ...\n"
        )
    else:
        out.append(
            "        def _call(self, operation: Operation[R], fields: WireFields) -> R: ...\n"
        )
    for op in operations:
        arguments = op["arguments"]
        positional = [a for a in arguments if a["positional"]]
        keywords = [a for a in arguments if not a["positional"]]
        params = ["self"] + [f"{a['python']}: {a['type']}" for a in positional]
        if keywords:
            params.append("*")
            params += [f"{a['python']}: {a['type']} = {a['default']}" for a in keywords]
        returns = op["returns"] or "dict[str, Any]"
        pages = op["pages"]
        if pages:  # `returns: list[X]` (a typed page) iterates over X
            item = returns[5:-1] if returns.startswith("list[") else "dict[str, Any]"
            returns = ("AsyncIterator" if asynchronous else "Iterator") + f"[{item}]"
        prefix = "async def" if asynchronous and not pages else "def"
        out.append(f"    {prefix} {op['method_name']}(")
        for param in params:
            out.append(f"        {param},")
        out.append(f"    ) -> {returns}:")
        doc = op["doc"].strip()
        lines = doc.splitlines()
        body = [f'        """{lines[0]}'] + [("        " + line).rstrip() for line in lines[1:]]
        if arguments:
            body += ["", "        Args:"]
            for a in arguments:
                text = f"{a['python']}: {a['doc'] or '(no description in the spec)'}"
                wrapped = textwrap.wrap(text, 86, subsequent_indent="    ")
                body += ["            " + w for w in wrapped]
        body.append('        """')
        out += body
        values = ", ".join(f'"{a["python"]}": {a["python"]}' for a in arguments)
        if pages:  # checked now, requested as the iterator is consumed
            out.append(f"        call = _calls.prepare(BY_NAME[{op['name']!r}], {{{values}}})")
            function = "async_records" if asynchronous else "records"
            key = repr(pages["records"])
            out.append(f"        return _record_pages.{function}(self._call, call, {key})\n")
            continue
        row = f'cast("Operation[{returns}]", BY_NAME[{op["name"]!r}])'
        awaited = "await " if asynchronous else ""
        out.append(f"        call = _calls.prepare({row}, {{{values}}})")
        out.append(f"        return {awaited}self._call(*call)\n")
    return out
