"""`SMSMOBILE_LOG=info|debug`: the package's logging to stderr, switched on by one variable.

Like `OPENAI_LOG` and `STRIPE_LOG`: set it and every request the SDK makes is logged (`info`: one
line per HTTP request, from httpx; `debug`: also each attempt, retry, reply body and SOAP
envelope), without configuring `logging` by hand. Every line goes through the redacting filter
(`_redact`) at the handler, so no key, secret or token reaches stderr, whichever logger wrote it.
Read once, when `smsmobile` is imported; unset, it changes nothing.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping

from ._redact import _FILTER, install_log_filter

__all__ = ["ENV_LOG", "LOGGERS", "switch_logging_on"]

ENV_LOG = "SMSMOBILE_LOG"
#: The loggers the switch turns on: ours, and httpx's one line per request.
LOGGERS = ("smsmobile", "httpx")
_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _SwitchHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler the switch installs (recognised so that it is installed once)."""


def switch_logging_on(environ: Mapping[str, str] | None = None) -> int | None:
    """Apply `SMSMOBILE_LOG` from `environ` (default: the process's); the level set, or None.

    A value other than info or debug is named in one line on stderr, not raised: an import must
    not fail over a logging setting.
    """
    value = (os.environ if environ is None else environ).get(ENV_LOG, "").strip().lower()
    if not value:
        return None
    level = _LEVELS.get(value)
    if level is None:
        print(f"{ENV_LOG}={value!r} ignored: use info or debug", file=sys.stderr)
        return None
    install_log_filter()
    handler = _SwitchHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(_FILTER)  # at the handler: records of every logger that reaches it
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not any(isinstance(existing, _SwitchHandler) for existing in logger.handlers):
            logger.addHandler(handler)
    return level
