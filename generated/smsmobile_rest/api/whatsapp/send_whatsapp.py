from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.send_form import SendForm
from ...models.send_reply import SendReply
from ...models.yes_flag import YesFlag
from ...models.zero_one import ZeroOne
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SendForm,
    waonly: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_waonly: str | Unset = UNSET
    if not isinstance(waonly, Unset):
        json_waonly = waonly.value

    params["waonly"] = json_waonly

    json_sendwa: str | Unset = UNSET
    if not isinstance(sendwa, Unset):
        json_sendwa = sendwa.value

    params["sendwa"] = json_sendwa

    json_sendsms: str | Unset = UNSET
    if not isinstance(sendsms, Unset):
        json_sendsms = sendsms.value

    params["sendsms"] = json_sendsms

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sendsms/",
        "params": params,
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | SendReply | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ErrorBody | SendReply:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = SendReply.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = ErrorBody.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | SendReply]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SendForm,
    waonly: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
) -> Response[ErrorBody | SendReply]:
    """Send a WhatsApp message (form body)

     The form of the official Postman collection and of the documentation's bearer example
    (`POST /sendsms/?waonly=yes`). The key and the text travel in the body, so they stay out
    of URLs and logs; the channel flags (`waonly`, `sendwa`, `sendsms`) travel in the query
    string, where every public example that carries them puts them.

    ASSUMPTION: the service reads the channel flags from the query string and from the body
    alike (the form schema lists them too). Clients send them in the query string: if the
    service read them only there, a flag in the body would turn a WhatsApp send into an SMS.

    Args:
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        body (SendForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | SendReply]
    """

    kwargs = _get_kwargs(
        body=body,
        waonly=waonly,
        sendwa=sendwa,
        sendsms=sendsms,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SendForm,
    waonly: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
) -> ErrorBody | SendReply | None:
    """Send a WhatsApp message (form body)

     The form of the official Postman collection and of the documentation's bearer example
    (`POST /sendsms/?waonly=yes`). The key and the text travel in the body, so they stay out
    of URLs and logs; the channel flags (`waonly`, `sendwa`, `sendsms`) travel in the query
    string, where every public example that carries them puts them.

    ASSUMPTION: the service reads the channel flags from the query string and from the body
    alike (the form schema lists them too). Clients send them in the query string: if the
    service read them only there, a flag in the body would turn a WhatsApp send into an SMS.

    Args:
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        body (SendForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ErrorBody | SendReply
    """

    return sync_detailed(
        client=client,
        body=body,
        waonly=waonly,
        sendwa=sendwa,
        sendsms=sendsms,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SendForm,
    waonly: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
) -> Response[ErrorBody | SendReply]:
    """Send a WhatsApp message (form body)

     The form of the official Postman collection and of the documentation's bearer example
    (`POST /sendsms/?waonly=yes`). The key and the text travel in the body, so they stay out
    of URLs and logs; the channel flags (`waonly`, `sendwa`, `sendsms`) travel in the query
    string, where every public example that carries them puts them.

    ASSUMPTION: the service reads the channel flags from the query string and from the body
    alike (the form schema lists them too). Clients send them in the query string: if the
    service read them only there, a flag in the body would turn a WhatsApp send into an SMS.

    Args:
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        body (SendForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | SendReply]
    """

    kwargs = _get_kwargs(
        body=body,
        waonly=waonly,
        sendwa=sendwa,
        sendsms=sendsms,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SendForm,
    waonly: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
) -> ErrorBody | SendReply | None:
    """Send a WhatsApp message (form body)

     The form of the official Postman collection and of the documentation's bearer example
    (`POST /sendsms/?waonly=yes`). The key and the text travel in the body, so they stay out
    of URLs and logs; the channel flags (`waonly`, `sendwa`, `sendsms`) travel in the query
    string, where every public example that carries them puts them.

    ASSUMPTION: the service reads the channel flags from the query string and from the body
    alike (the form schema lists them too). Clients send them in the query string: if the
    service read them only there, a flag in the body would turn a WhatsApp send into an SMS.

    Args:
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        body (SendForm):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ErrorBody | SendReply
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            waonly=waonly,
            sendwa=sendwa,
            sendsms=sendsms,
        )
    ).parsed
