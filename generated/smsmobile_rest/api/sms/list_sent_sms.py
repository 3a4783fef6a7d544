from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.sent_sms_log_reply import SentSmsLogReply
from ...models.zero_one import ZeroOne
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    guid_message: str | Unset = UNSET,
    keyword: str | Unset = UNSET,
    error_api: ZeroOne | Unset = UNSET,
    error_mobile: ZeroOne | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["guid_message"] = guid_message

    params["keyword"] = keyword

    json_error_api: str | Unset = UNSET
    if not isinstance(error_api, Unset):
        json_error_api = error_api.value

    params["error_api"] = json_error_api

    json_error_mobile: str | Unset = UNSET
    if not isinstance(error_mobile, Unset):
        json_error_mobile = error_mobile.value

    params["error_mobile"] = json_error_mobile

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/log/sent/sms/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | SentSmsLogReply | None:
    if response.status_code == 200:
        response_200 = SentSmsLogReply.from_dict(response.json())

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
) -> Response[ErrorBody | SentSmsLogReply]:
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
    guid_message: str | Unset = UNSET,
    keyword: str | Unset = UNSET,
    error_api: ZeroOne | Unset = UNSET,
    error_mobile: ZeroOne | Unset = UNSET,
) -> Response[ErrorBody | SentSmsLogReply]:
    """The log of sent SMS (by guid, keyword, errors)

    Args:
        apikey (str | Unset):
        guid_message (str | Unset): ASSUMPTION: the `result.id` of a send reply (40 hex
            characters) is the GUID that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.
        keyword (str | Unset): A piece of text to look for (a number, a name, a keyword).
        error_api (ZeroOne | Unset): A documented on/off flag.
        error_mobile (ZeroOne | Unset): A documented on/off flag.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SentSmsLogReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        guid_message=guid_message,
        keyword=keyword,
        error_api=error_api,
        error_mobile=error_mobile,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    guid_message: str | Unset = UNSET,
    keyword: str | Unset = UNSET,
    error_api: ZeroOne | Unset = UNSET,
    error_mobile: ZeroOne | Unset = UNSET,
) -> ErrorBody | SentSmsLogReply | None:
    """The log of sent SMS (by guid, keyword, errors)

    Args:
        apikey (str | Unset):
        guid_message (str | Unset): ASSUMPTION: the `result.id` of a send reply (40 hex
            characters) is the GUID that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.
        keyword (str | Unset): A piece of text to look for (a number, a name, a keyword).
        error_api (ZeroOne | Unset): A documented on/off flag.
        error_mobile (ZeroOne | Unset): A documented on/off flag.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SentSmsLogReply
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        guid_message=guid_message,
        keyword=keyword,
        error_api=error_api,
        error_mobile=error_mobile,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    guid_message: str | Unset = UNSET,
    keyword: str | Unset = UNSET,
    error_api: ZeroOne | Unset = UNSET,
    error_mobile: ZeroOne | Unset = UNSET,
) -> Response[ErrorBody | SentSmsLogReply]:
    """The log of sent SMS (by guid, keyword, errors)

    Args:
        apikey (str | Unset):
        guid_message (str | Unset): ASSUMPTION: the `result.id` of a send reply (40 hex
            characters) is the GUID that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.
        keyword (str | Unset): A piece of text to look for (a number, a name, a keyword).
        error_api (ZeroOne | Unset): A documented on/off flag.
        error_mobile (ZeroOne | Unset): A documented on/off flag.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SentSmsLogReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        guid_message=guid_message,
        keyword=keyword,
        error_api=error_api,
        error_mobile=error_mobile,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    guid_message: str | Unset = UNSET,
    keyword: str | Unset = UNSET,
    error_api: ZeroOne | Unset = UNSET,
    error_mobile: ZeroOne | Unset = UNSET,
) -> ErrorBody | SentSmsLogReply | None:
    """The log of sent SMS (by guid, keyword, errors)

    Args:
        apikey (str | Unset):
        guid_message (str | Unset): ASSUMPTION: the `result.id` of a send reply (40 hex
            characters) is the GUID that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.
        keyword (str | Unset): A piece of text to look for (a number, a name, a keyword).
        error_api (ZeroOne | Unset): A documented on/off flag.
        error_mobile (ZeroOne | Unset): A documented on/off flag.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SentSmsLogReply
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            guid_message=guid_message,
            keyword=keyword,
            error_api=error_api,
            error_mobile=error_mobile,
        )
    ).parsed
