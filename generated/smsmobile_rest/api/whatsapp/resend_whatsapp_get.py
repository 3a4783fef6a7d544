from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.send_reply import SendReply
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    guid: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["guid"] = guid

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/resendwa/",
        "params": params,
    }

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
    apikey: str | Unset = UNSET,
    guid: str,
) -> Response[ErrorBody | SendReply]:
    """Resend a message that is in error status (query-string form)

    Args:
        apikey (str | Unset):
        guid (str): ASSUMPTION: the `result.id` of a send reply (40 hex characters) is the GUID
            that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | SendReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        guid=guid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    guid: str,
) -> ErrorBody | SendReply | None:
    """Resend a message that is in error status (query-string form)

    Args:
        apikey (str | Unset):
        guid (str): ASSUMPTION: the `result.id` of a send reply (40 hex characters) is the GUID
            that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ErrorBody | SendReply
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        guid=guid,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    guid: str,
) -> Response[ErrorBody | SendReply]:
    """Resend a message that is in error status (query-string form)

    Args:
        apikey (str | Unset):
        guid (str): ASSUMPTION: the `result.id` of a send reply (40 hex characters) is the GUID
            that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | SendReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        guid=guid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    guid: str,
) -> ErrorBody | SendReply | None:
    """Resend a message that is in error status (query-string form)

    Args:
        apikey (str | Unset):
        guid (str): ASSUMPTION: the `result.id` of a send reply (40 hex characters) is the GUID
            that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ErrorBody | SendReply
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            guid=guid,
        )
    ).parsed
