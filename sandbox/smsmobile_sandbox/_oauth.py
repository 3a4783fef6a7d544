"""The OAuth2 token endpoint: client-credentials grant, RFC 6749 replies.

The service does not publish its token reply; the sandbox answers the standard one.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from ._http import Request, Response, json_response
from ._service import SandboxService, ServiceError

TOKEN_PATH = "/oauth2/token"  # noqa: S105 (a path, not a secret)
_NO_STORE = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]


def _oauth_error(status: int, code: str, description: str, basic: bool = False) -> Response:
    headers = list(_NO_STORE)
    if basic:
        headers.append(("WWW-Authenticate", 'Basic realm="smsmobile sandbox"'))
    return json_response(status, {"error": code, "error_description": description}, headers)


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    client_id, _, client_secret = decoded.partition(":")
    return unquote(client_id), unquote(client_secret)


class TokenEndpoint:
    """POST /oauth2/token with grant_type=client_credentials."""

    def __init__(self, service: SandboxService) -> None:
        self.service = service

    def handle(self, request: Request) -> Response:
        if request.method != "POST":
            return json_response(405, {"error": 405, "message": "use POST"}, [("Allow", "POST")])
        self.service.count_token_request()
        form = request.form()
        grant_type = form.get("grant_type")
        if not grant_type:
            return _oauth_error(400, "invalid_request", "grant_type is required")
        if grant_type != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type", "only client_credentials")
        basic = _basic_credentials(request)
        client_id, client_secret = basic or (form.get("client_id"), form.get("client_secret"))
        if not client_id or not client_secret:
            return _oauth_error(400, "invalid_request", "client_id and client_secret are required")
        try:
            self.service.check_rate("client:" + client_id)
        except ServiceError as error:
            return json_response(
                429,
                {"error": 429, "message": error.message},
                [("Retry-After", str(error.retry_after or 1))],
            )
        issued = self.service.issue_token(client_id, client_secret)
        if issued is None:
            return _oauth_error(
                401, "invalid_client", "unknown client or wrong secret", basic is not None
            )
        token, lifetime = issued
        return json_response(
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": lifetime},
            _NO_STORE,
        )
