"""smsmobile_sandbox: a faithful local emulator of SMSMobileAPI, as one WSGI application.

REST at the service's own paths, OAuth2 client credentials, a SOAP front at /soap, and JSON
inspection and fault injection under /_sandbox/. It knows nothing of the `smsmobile` client.
"""

from ._app import SandboxApp, load_wsdl, make_app
from ._cli import main
from ._server import SandboxServer, serve
from ._soap import BackendFault, Credentials, SoapBackend, SoapFront
from ._store import DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from ._wsse import UsernameToken, UsernameTokenCheck, password_digest

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "BackendFault",
    "Credentials",
    "SandboxApp",
    "SandboxServer",
    "SoapBackend",
    "SoapFront",
    "UsernameToken",
    "UsernameTokenCheck",
    "load_wsdl",
    "main",
    "make_app",
    "password_digest",
    "serve",
]
