from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.call_list_reply import CallListReply
from ...models.error_body import ErrorBody
from ...models.sort_direction import SortDirection
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    sort_dir: SortDirection | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["offset"] = offset

    params["limit"] = limit

    params["q"] = q

    json_sort_dir: str | Unset = UNSET
    if not isinstance(sort_dir, Unset):
        json_sort_dir = sort_dir.value

    params["sort_dir"] = json_sort_dir

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/call/outgoing/list/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallListReply | ErrorBody | None:
    if response.status_code == 200:
        response_200 = CallListReply.from_dict(response.json())

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
) -> Response[CallListReply | ErrorBody]:
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
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    sort_dir: SortDirection | Unset = UNSET,
) -> Response[CallListReply | ErrorBody]:
    """Outgoing calls, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset): How many records at most in one page.
        q (str | Unset): A piece of text to look for (a number, a name, a keyword).
        sort_dir (SortDirection | Unset): asc (oldest first) or desc (newest first).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallListReply | ErrorBody]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        offset=offset,
        limit=limit,
        q=q,
        sort_dir=sort_dir,
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
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    sort_dir: SortDirection | Unset = UNSET,
) -> CallListReply | ErrorBody | None:
    """Outgoing calls, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset): How many records at most in one page.
        q (str | Unset): A piece of text to look for (a number, a name, a keyword).
        sort_dir (SortDirection | Unset): asc (oldest first) or desc (newest first).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallListReply | ErrorBody
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        offset=offset,
        limit=limit,
        q=q,
        sort_dir=sort_dir,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    sort_dir: SortDirection | Unset = UNSET,
) -> Response[CallListReply | ErrorBody]:
    """Outgoing calls, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset): How many records at most in one page.
        q (str | Unset): A piece of text to look for (a number, a name, a keyword).
        sort_dir (SortDirection | Unset): asc (oldest first) or desc (newest first).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallListReply | ErrorBody]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        offset=offset,
        limit=limit,
        q=q,
        sort_dir=sort_dir,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    offset: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    q: str | Unset = UNSET,
    sort_dir: SortDirection | Unset = UNSET,
) -> CallListReply | ErrorBody | None:
    """Outgoing calls, one page

    Args:
        apikey (str | Unset):
        offset (int | Unset): How many records to skip from the start of the list.
        limit (int | Unset): How many records at most in one page.
        q (str | Unset): A piece of text to look for (a number, a name, a keyword).
        sort_dir (SortDirection | Unset): asc (oldest first) or desc (newest first).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallListReply | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            offset=offset,
            limit=limit,
            q=q,
            sort_dir=sort_dir,
        )
    ).parsed
