import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.inbound_message import InboundMessage
from ...models.inbound_message_page import InboundMessagePage
from ...models.message_type import MessageType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    before: int | Unset = UNSET,
    date: datetime.date | Unset = UNSET,
    message_type: MessageType | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["before"] = before

    json_date: str | Unset = UNSET
    if not isinstance(date, Unset):
        json_date = date.isoformat()
    params["date"] = json_date

    json_message_type: str | Unset = UNSET
    if not isinstance(message_type, Unset):
        json_message_type = message_type.value

    params["message_type"] = json_message_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/getwa/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage] | None:
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                response_200_type_0 = []
                _response_200_type_0 = data
                for (
                    componentsschemas_inbound_message_array_item_data
                ) in _response_200_type_0:
                    componentsschemas_inbound_message_array_item = (
                        InboundMessage.from_dict(
                            componentsschemas_inbound_message_array_item_data
                        )
                    )

                    response_200_type_0.append(
                        componentsschemas_inbound_message_array_item
                    )

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_1 = InboundMessagePage.from_dict(data)

                return response_200_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_2 = InboundMessage.from_dict(data)

                return response_200_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_3 = ErrorBody.from_dict(data)

            return response_200_type_3

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
) -> Response[ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]]:
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
    before: int | Unset = UNSET,
    date: datetime.date | Unset = UNSET,
    message_type: MessageType | Unset = UNSET,
) -> Response[ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]]:
    """Retrieve received WhatsApp messages

     Needs retrieval on (`/getwa/active/`) and an open synchronisation window. Audio messages
    arrive transcribed to text. Page towards older records with `before`.

    Args:
        apikey (str | Unset):
        before (int | Unset): Seconds since 1970-01-01 UTC.
        date (datetime.date | Unset):
        message_type (MessageType | Unset): text, or audio (voice messages transcribed to text).
            The documentation says "leave
            empty to see all": the empty value (or leaving the parameter out) means every type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        before=before,
        date=date,
        message_type=message_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    before: int | Unset = UNSET,
    date: datetime.date | Unset = UNSET,
    message_type: MessageType | Unset = UNSET,
) -> ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage] | None:
    """Retrieve received WhatsApp messages

     Needs retrieval on (`/getwa/active/`) and an open synchronisation window. Audio messages
    arrive transcribed to text. Page towards older records with `before`.

    Args:
        apikey (str | Unset):
        before (int | Unset): Seconds since 1970-01-01 UTC.
        date (datetime.date | Unset):
        message_type (MessageType | Unset): text, or audio (voice messages transcribed to text).
            The documentation says "leave
            empty to see all": the empty value (or leaving the parameter out) means every type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        before=before,
        date=date,
        message_type=message_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    before: int | Unset = UNSET,
    date: datetime.date | Unset = UNSET,
    message_type: MessageType | Unset = UNSET,
) -> Response[ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]]:
    """Retrieve received WhatsApp messages

     Needs retrieval on (`/getwa/active/`) and an open synchronisation window. Audio messages
    arrive transcribed to text. Page towards older records with `before`.

    Args:
        apikey (str | Unset):
        before (int | Unset): Seconds since 1970-01-01 UTC.
        date (datetime.date | Unset):
        message_type (MessageType | Unset): text, or audio (voice messages transcribed to text).
            The documentation says "leave
            empty to see all": the empty value (or leaving the parameter out) means every type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        before=before,
        date=date,
        message_type=message_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    before: int | Unset = UNSET,
    date: datetime.date | Unset = UNSET,
    message_type: MessageType | Unset = UNSET,
) -> ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage] | None:
    """Retrieve received WhatsApp messages

     Needs retrieval on (`/getwa/active/`) and an open synchronisation window. Audio messages
    arrive transcribed to text. Page towards older records with `before`.

    Args:
        apikey (str | Unset):
        before (int | Unset): Seconds since 1970-01-01 UTC.
        date (datetime.date | Unset):
        message_type (MessageType | Unset): text, or audio (voice messages transcribed to text).
            The documentation says "leave
            empty to see all": the empty value (or leaving the parameter out) means every type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ErrorBody | InboundMessage | InboundMessagePage | list[InboundMessage]
    """

    return (
        await asyncio_detailed(
            client=client,
            apikey=apikey,
            before=before,
            date=date,
            message_type=message_type,
        )
    ).parsed
