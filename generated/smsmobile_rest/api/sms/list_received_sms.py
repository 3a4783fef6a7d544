from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.received_sms_reply import ReceivedSmsReply
from ...models.yes_flag import YesFlag
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    after_timestamp_unix: int | Unset = UNSET,
    s_identifiant_phone: str | Unset = UNSET,
    onlyunread: YesFlag | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["after_timestamp_unix"] = after_timestamp_unix

    params["sIdentifiantPhone"] = s_identifiant_phone

    json_onlyunread: str | Unset = UNSET
    if not isinstance(onlyunread, Unset):
        json_onlyunread = onlyunread.value

    params["onlyunread"] = json_onlyunread

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/getsms/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ReceivedSmsReply | None:
    if response.status_code == 200:
        response_200 = ReceivedSmsReply.from_dict(response.json())

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
) -> Response[ErrorBody | ReceivedSmsReply]:
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
    after_timestamp_unix: int | Unset = UNSET,
    s_identifiant_phone: str | Unset = UNSET,
    onlyunread: YesFlag | Unset = UNSET,
) -> Response[ErrorBody | ReceivedSmsReply]:
    """List the SMS the account's phones received

    Args:
        apikey (str | Unset):
        after_timestamp_unix (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant_phone (str | Unset): The SID of the sending device, when the account has
            several.
        onlyunread (YesFlag | Unset): A documented flag that is set by the value "yes" and unset
            by omission.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReceivedSmsReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        after_timestamp_unix=after_timestamp_unix,
        s_identifiant_phone=s_identifiant_phone,
        onlyunread=onlyunread,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    after_timestamp_unix: int | Unset = UNSET,
    s_identifiant_phone: str | Unset = UNSET,
    onlyunread: YesFlag | Unset = UNSET,
) -> ErrorBody | ReceivedSmsReply | None:
    """List the SMS the account's phones received

    Args:
        apikey (str | Unset):
        after_timestamp_unix (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant_phone (str | Unset): The SID of the sending device, when the account has
            several.
        onlyunread (YesFlag | Unset): A documented flag that is set by the value "yes" and unset
            by omission.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReceivedSmsReply
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        after_timestamp_unix=after_timestamp_unix,
        s_identifiant_phone=s_identifiant_phone,
        onlyunread=onlyunread,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    after_timestamp_unix: int | Unset = UNSET,
    s_identifiant_phone: str | Unset = UNSET,
    onlyunread: YesFlag | Unset = UNSET,
) -> Response[ErrorBody | ReceivedSmsReply]:
    """List the SMS the account's phones received

    Args:
        apikey (str | Unset):
        after_timestamp_unix (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant_phone (str | Unset): The SID of the sending device, when the account has
            several.
        onlyunread (YesFlag | Unset): A documented flag that is set by the value "yes" and unset
            by omission.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReceivedSmsReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        after_timestamp_unix=after_timestamp_unix,
        s_identifiant_phone=s_identifiant_phone,
        onlyunread=onlyunread,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    after_timestamp_unix: int | Unset = UNSET,
    s_identifiant_phone: str | Unset = UNSET,
    onlyunread: YesFlag | Unset = UNSET,
) -> ErrorBody | ReceivedSmsReply | None:
    """List the SMS the account's phones received

    Args:
        apikey (str | Unset):
        after_timestamp_unix (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant_phone (str | Unset): The SID of the sending device, when the account has
            several.
        onlyunread (YesFlag | Unset): A documented flag that is set by the value "yes" and unset
            by omission.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReceivedSmsReply
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            after_timestamp_unix=after_timestamp_unix,
            s_identifiant_phone=s_identifiant_phone,
            onlyunread=onlyunread,
        )
    ).parsed
