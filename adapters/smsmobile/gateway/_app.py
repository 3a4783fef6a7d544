"""The gateway as a product: its WSGI app, its own waitress server, and its set-up from the
environment (for `waitress-serve --call` or gunicorn).

Nothing here is the sandbox's: the server answers `Server: smsmobile-gateway`, runs with the
limits of a server exposed to callers we do not control (`ServerLimits`), has no fault hook,
and leaves every logger's level as the operator set it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from .._auth import OAuth2ClientCredentials
from .._config import resolve as resolve_configuration
from .._models import Timeouts
from .._retry import RetryPolicy
from .._serving import ExposedServer, ServerLimits
from ..replay import ReplayStore
from ..replay import replay_store as resolve_replay_store
from ..soapserver import WsgiApp
from ._backend import DEFAULT_UPSTREAM, GatewayBackend
from ._keys import gateway_keys
from ._metrics import GatewayMetrics
from ._readiness import Readiness
from ._requestlog import ENV_LOG_FORMAT, install_request_log
from ._wsgi import GatewayApp, WsdlAddress

__all__ = [
    "ENV_PUBLIC_URL",
    "ENV_UPSTREAM",
    "SERVER_NAME",
    "app_from_env",
    "make_gateway_app",
    "serve",
]

ENV_UPSTREAM = "SMSMOBILE_GATEWAY_UPSTREAM"
ENV_PUBLIC_URL = "SMSMOBILE_GATEWAY_PUBLIC_URL"
#: The `Server` header of every reply.
SERVER_NAME = "smsmobile-gateway"


def make_gateway_app(
    upstream: str = DEFAULT_UPSTREAM,
    *,
    oauth2: OAuth2ClientCredentials | None = None,
    gateway_keys: Iterable[str] = (),
    timeout: Timeouts | float = Timeouts(),  # noqa: B008 (frozen)
    retry: RetryPolicy | None = None,
    public_url: str | None = None,
    hosts: Iterable[str] = (),
    replay_store: ReplayStore | str | None = None,
) -> WsgiApp:
    """The gateway as a WSGI application (pass-through unless `oauth2` is given).

    The WSDL's soap:address is `public_url` + /soap when given; else the request's Host, if
    it is a loopback name or one of `hosts` (any other Host gets 400). WS-Security nonces are
    remembered in `replay_store` (a store or a Redis URL; else SMSMOBILE_REDIS_URL when set;
    else this process's memory): every worker and replica must share one.
    """
    address = WsdlAddress(public_url, hosts)
    store = resolve_replay_store(replay_store)
    metrics = GatewayMetrics()
    backend = GatewayBackend(
        upstream,
        oauth2=oauth2,
        gateway_keys=gateway_keys,
        timeout=timeout,
        retry=retry,
        replay_store=store,
        metrics=metrics,
    )
    readiness = Readiness(upstream, store, tls=backend.tls)
    return GatewayApp(backend, address, metrics=metrics, readiness=readiness)


def serve(
    app: WsgiApp,
    host: str = "127.0.0.1",
    port: int = 0,
    limits: ServerLimits | None = None,
) -> ExposedServer:
    """The gateway's own waitress server (limits for exposed use), bound but not serving."""
    return ExposedServer(app, host, port, ident=SERVER_NAME, limits=limits or ServerLimits())


def app_from_env(environ: Mapping[str, str] | None = None) -> WsgiApp:
    """The gateway configured from the environment, for `waitress-serve --call` or gunicorn.

    SMSMOBILE_GATEWAY_UPSTREAM (default the real service); for held OAuth2 mode
    SMSMOBILEAPI_CLIENT_ID + SMSMOBILEAPI_CLIENT_SECRET and gateway keys from
    SMSMOBILE_GATEWAY_KEYS (comma-separated) and/or SMSMOBILE_GATEWAY_KEYS_FILE (one per
    line); SMSMOBILE_GATEWAY_PUBLIC_URL for the WSDL's address behind a proxy;
    SMSMOBILE_REDIS_URL for the replay store shared by every worker and replica (without it,
    each process remembers WS-Security nonces alone: one worker only);
    SMSMOBILE_GATEWAY_LOG_FORMAT=json for request lines as JSON (default text, on stderr);
    PROMETHEUS_MULTIPROC_DIR for /metrics summed over gunicorn's workers.
    """
    env = os.environ if environ is None else environ
    install_request_log(env.get(ENV_LOG_FORMAT))
    upstream = env.get(ENV_UPSTREAM, "").strip() or DEFAULT_UPSTREAM
    oauth2 = resolve_configuration(environ=env).client_credentials()
    public_url = env.get(ENV_PUBLIC_URL, "").strip() or None
    return make_gateway_app(
        upstream,
        oauth2=oauth2,
        gateway_keys=gateway_keys(env),
        public_url=public_url,
        replay_store=resolve_replay_store(None, environ=env),
    )
