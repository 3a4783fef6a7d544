"""smsmobile.gateway: our WSDL served in front of the real REST service.

The service publishes no WSDL, so a SOAP-only system (SAP, .NET/WCF, Java CXF, an ESB) has no
way in. The gateway answers SOAP with the same server as the sandbox (`smsmobile.soapserver`:
the same envelope limits, XSD check, channel rule and faults), over a backend that forwards the
caller's wire fields, unchanged, to the REST service through the REST transport, with the
operation's own retry rule (a send is never repeated unless it provably was not processed).

Two ways to authenticate callers:

- pass-through (default): the `apikey` element of each SOAP request is the upstream API key;
  the gateway keeps no secret of its own (a transport is cached in memory by a hash of the key,
  only once the upstream accepted that key, so guessed keys leave nothing behind);
- held OAuth2: the gateway holds OAuth2 client credentials for the upstream and admits SOAP
  callers by gateway keys (the `apikey` element, or `Authorization: Bearer <gateway key>`).

Its one piece of shared state is the WS-Security nonces it has seen: with SMSMOBILE_REDIS_URL
set, every worker and replica shares them in Redis, and it scales out behind a load balancer:
`gunicorn -w 4 'smsmobile.gateway:app_from_env()'`.
"""

from .._serving import ExposedServer, ServerLimits
from ._app import ENV_PUBLIC_URL, ENV_UPSTREAM, app_from_env, make_gateway_app, serve
from ._backend import DEFAULT_UPSTREAM, GatewayBackend
from ._keys import ENV_KEYS, ENV_KEYS_FILE, MIN_KEY_LENGTH, gateway_keys, read_keys, split_env_keys
from ._metrics import GatewayMetrics
from ._requestlog import ENV_LOG_FORMAT, REQUEST_ID_HEADER, install_request_log

__all__ = [
    "DEFAULT_UPSTREAM",
    "ENV_KEYS",
    "ENV_KEYS_FILE",
    "ENV_LOG_FORMAT",
    "ENV_PUBLIC_URL",
    "ENV_UPSTREAM",
    "MIN_KEY_LENGTH",
    "REQUEST_ID_HEADER",
    "ExposedServer",
    "GatewayBackend",
    "GatewayMetrics",
    "ServerLimits",
    "app_from_env",
    "gateway_keys",
    "install_request_log",
    "make_gateway_app",
    "read_keys",
    "serve",
    "split_env_keys",
]
