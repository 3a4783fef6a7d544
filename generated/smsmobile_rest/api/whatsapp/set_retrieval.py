from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.retrieval_reply import RetrievalReply
from ...models.retrieval_status import RetrievalStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    statut: RetrievalStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    json_statut: str | Unset = UNSET
    if not isinstance(statut, Unset):
        json_statut = statut.value

    params["statut"] = json_statut

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/getwa/active/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | RetrievalReply | None:
    if response.status_code == 200:
        response_200 = RetrievalReply.from_dict(response.json())

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
) -> Response[ErrorBody | RetrievalReply]:
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
    statut: RetrievalStatus | Unset = UNSET,
) -> Response[ErrorBody | RetrievalReply]:
    """Turn the retrieval of inbound messages on or off

     Retrieval is off by default, for privacy. `statut` 1 on, 0 off, x toggle (default).

    Args:
        apikey (str | Unset):
        statut (RetrievalStatus | Unset): 1 turns retrieval on, 0 off, x toggles it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RetrievalReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        statut=statut,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    statut: RetrievalStatus | Unset = UNSET,
) -> ErrorBody | RetrievalReply | None:
    """Turn the retrieval of inbound messages on or off

     Retrieval is off by default, for privacy. `statut` 1 on, 0 off, x toggle (default).

    Args:
        apikey (str | Unset):
        statut (RetrievalStatus | Unset): 1 turns retrieval on, 0 off, x toggles it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RetrievalReply
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        statut=statut,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    statut: RetrievalStatus | Unset = UNSET,
) -> Response[ErrorBody | RetrievalReply]:
    """Turn the retrieval of inbound messages on or off

     Retrieval is off by default, for privacy. `statut` 1 on, 0 off, x toggle (default).

    Args:
        apikey (str | Unset):
        statut (RetrievalStatus | Unset): 1 turns retrieval on, 0 off, x toggles it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RetrievalReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        statut=statut,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    statut: RetrievalStatus | Unset = UNSET,
) -> ErrorBody | RetrievalReply | None:
    """Turn the retrieval of inbound messages on or off

     Retrieval is off by default, for privacy. `statut` 1 on, 0 off, x toggle (default).

    Args:
        apikey (str | Unset):
        statut (RetrievalStatus | Unset): 1 turns retrieval on, 0 off, x toggles it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RetrievalReply
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            statut=statut,
        )
    ).parsed
