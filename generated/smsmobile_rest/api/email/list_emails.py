from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.email_list_reply import EmailListReply
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    apikeybox: str,
    mbox: str = "INBOX",
    start: int,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["apikeybox"] = apikeybox

    params["mbox"] = mbox

    params["start"] = start

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/getemail/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EmailListReply | ErrorBody | None:
    if response.status_code == 200:
        response_200 = EmailListReply.from_dict(response.json())

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
) -> Response[EmailListReply | ErrorBody]:
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
    apikeybox: str,
    mbox: str = "INBOX",
    start: int,
) -> Response[EmailListReply | ErrorBody]:
    """Read the messages of one folder of one of the account's mailboxes

    Args:
        apikey (str | Unset):
        apikeybox (str): The key of one mailbox of the account (`apikeybox`); a secret like the
            API key.
        mbox (str):  Default: 'INBOX'.
        start (int): How many records to skip from the start of the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmailListReply | ErrorBody]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        apikeybox=apikeybox,
        mbox=mbox,
        start=start,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    apikeybox: str,
    mbox: str = "INBOX",
    start: int,
) -> EmailListReply | ErrorBody | None:
    """Read the messages of one folder of one of the account's mailboxes

    Args:
        apikey (str | Unset):
        apikeybox (str): The key of one mailbox of the account (`apikeybox`); a secret like the
            API key.
        mbox (str):  Default: 'INBOX'.
        start (int): How many records to skip from the start of the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmailListReply | ErrorBody
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        apikeybox=apikeybox,
        mbox=mbox,
        start=start,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    apikeybox: str,
    mbox: str = "INBOX",
    start: int,
) -> Response[EmailListReply | ErrorBody]:
    """Read the messages of one folder of one of the account's mailboxes

    Args:
        apikey (str | Unset):
        apikeybox (str): The key of one mailbox of the account (`apikeybox`); a secret like the
            API key.
        mbox (str):  Default: 'INBOX'.
        start (int): How many records to skip from the start of the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmailListReply | ErrorBody]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        apikeybox=apikeybox,
        mbox=mbox,
        start=start,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    apikeybox: str,
    mbox: str = "INBOX",
    start: int,
) -> EmailListReply | ErrorBody | None:
    """Read the messages of one folder of one of the account's mailboxes

    Args:
        apikey (str | Unset):
        apikeybox (str): The key of one mailbox of the account (`apikeybox`); a secret like the
            API key.
        mbox (str):  Default: 'INBOX'.
        start (int): How many records to skip from the start of the list.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmailListReply | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            apikeybox=apikeybox,
            mbox=mbox,
            start=start,
        )
    ).parsed
