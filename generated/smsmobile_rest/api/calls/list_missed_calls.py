import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.missed_calls_reply import MissedCallsReply
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["offset"] = offset

    params["limit"] = limit

    params["search"] = search

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
        "url": "/call/missed/list/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | MissedCallsReply | None:
    if response.status_code == 200:
        response_200 = MissedCallsReply.from_dict(response.json())

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
) -> Response[ErrorBody | MissedCallsReply]:
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
    offset: int | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> Response[ErrorBody | MissedCallsReply]:
    """Missed calls, newest first, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset):  Default: 100.
        search (str | Unset): A piece of text to look for (a number, a name, a keyword).
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MissedCallsReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        offset=offset,
        limit=limit,
        search=search,
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
    offset: int | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> ErrorBody | MissedCallsReply | None:
    """Missed calls, newest first, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset):  Default: 100.
        search (str | Unset): A piece of text to look for (a number, a name, a keyword).
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MissedCallsReply
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        offset=offset,
        limit=limit,
        search=search,
        date_start=date_start,
        date_end=date_end,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> Response[ErrorBody | MissedCallsReply]:
    """Missed calls, newest first, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset):  Default: 100.
        search (str | Unset): A piece of text to look for (a number, a name, a keyword).
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | MissedCallsReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        offset=offset,
        limit=limit,
        search=search,
        date_start=date_start,
        date_end=date_end,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = 100,
    search: str | Unset = UNSET,
    date_start: datetime.date | Unset = UNSET,
    date_end: datetime.date | Unset = UNSET,
) -> ErrorBody | MissedCallsReply | None:
    """Missed calls, newest first, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset):  Default: 100.
        search (str | Unset): A piece of text to look for (a number, a name, a keyword).
        date_start (datetime.date | Unset):
        date_end (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | MissedCallsReply
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            offset=offset,
            limit=limit,
            search=search,
            date_start=date_start,
            date_end=date_end,
        )
    ).parsed
