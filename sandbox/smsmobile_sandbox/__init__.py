"""smsmobile_sandbox: a faithful local emulator of SMSMobileAPI, as one WSGI application.

REST at the service's own paths, OAuth2 client credentials, a SOAP front at /soap (the SOAP
server of `smsmobile.soapserver`, over the sandbox's service), and JSON inspection and fault
injection under /_sandbox/. It knows nothing of the `smsmobile` client.
"""

from ._app import SandboxApp, load_wsdl, make_app
from ._cli import main
from ._server import SandboxServer, serve
from ._store import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

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
