import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.notification_list_reply import NotificationListReply
from ...models.zero_one import ZeroOne
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    sidentifiant: str | Unset = UNSET,
    distribued: ZeroOne | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["sidentifiant"] = sidentifiant

    json_distribued: str | Unset = UNSET
    if not isinstance(distribued, Unset):
        json_distribued = distribued.value

    params["distribued"] = json_distribued

    json_date_start: str | Unset = UNSET
    if not isinstance(date_start, Unset):
        json_date_start = date_start.isoformat()
    params["date_start"] = json_date_start

    json_date_end: str | Unset = UNSET
    if not isinstance(date_end, Unset):
        json_date_end = date_end.isoformat()
    params["date_end"] = json_date_end

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/notification/list/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | NotificationListReply | None:
    if response.status_code == 200:
        response_200 = NotificationListReply.from_dict(response.json())

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
) -> Response[ErrorBody | NotificationListReply]:
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
    sidentifiant: str | Unset = UNSET,
    distribued: ZeroOne | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> Response[ErrorBody | NotificationListReply]:
    """The history of notifications sent to the phones

    Args:
        apikey (str | Unset):
        sidentifiant (str | Unset): The SID of the sending device, when the account has several.
        distribued (ZeroOne | Unset): A documented on/off flag.
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NotificationListReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        sidentifiant=sidentifiant,
        distribued=distribued,
        date_start=date_start,
        date_end=date_end,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    sidentifiant: str | Unset = UNSET,
    distribued: ZeroOne | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> ErrorBody | NotificationListReply | None:
    """The history of notifications sent to the phones

    Args:
        apikey (str | Unset):
        sidentifiant (str | Unset): The SID of the sending device, when the account has several.
        distribued (ZeroOne | Unset): A documented on/off flag.
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NotificationListReply
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        sidentifiant=sidentifiant,
        distribued=distribued,
        date_start=date_start,
        date_end=date_end,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    sidentifiant: str | Unset = UNSET,
    distribued: ZeroOne | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> Response[ErrorBody | NotificationListReply]:
    """The history of notifications sent to the phones

    Args:
        apikey (str | Unset):
        sidentifiant (str | Unset): The SID of the sending device, when the account has several.
        distribued (ZeroOne | Unset): A documented on/off flag.
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NotificationListReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        sidentifiant=sidentifiant,
        distribued=distribued,
        date_start=date_start,
        date_end=date_end,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    sidentifiant: str | Unset = UNSET,
    distribued: ZeroOne | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> ErrorBody | NotificationListReply | None:
    """The history of notifications sent to the phones

    Args:
        apikey (str | Unset):
        sidentifiant (str | Unset): The SID of the sending device, when the account has several.
        distribued (ZeroOne | Unset): A documented on/off flag.
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NotificationListReply
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            sidentifiant=sidentifiant,
            distribued=distribued,
            date_start=date_start,
            date_end=date_end,
        )
    ).parsed
