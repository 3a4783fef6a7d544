"""smsmobile_sandbox: a faithful local emulator of SMSMobileAPI, as one WSGI application.

REST at the service's own paths, OAuth2 client credentials, a SOAP front at /soap (the SOAP
server of `smsmobile.soapserver`, over the sandbox's service), and JSON inspection and fault
injection under /_sandbox/. It knows nothing of the `smsmobile` client.

It needs the `server` extra (waitress, lxml): without it, importing it is `MissingExtra`
naming `pip install 'smsmobile[server]'`, not a ModuleNotFoundError from deep inside.
"""

from smsmobile._extras import require

require("server", "smsmobile_sandbox (the local emulator)")

from ._app import SandboxApp, load_wsdl, make_app  # noqa: E402 (after the extra's check)
from ._cli import main  # noqa: E402
from ._server import SandboxServer, serve  # noqa: E402
from ._store import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET  # noqa: E402

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "SandboxApp",
    "SandboxServer",
    "load_wsdl",
    "main",
    "make_app",
    "serve",
]
