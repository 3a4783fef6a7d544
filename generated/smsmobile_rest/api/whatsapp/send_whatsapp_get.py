from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.send_reply import SendReply
from ...models.sim_port import SimPort
from ...models.yes_flag import YesFlag
from ...models.zero_one import ZeroOne
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    apikey: str | Unset = UNSET,
    recipients: str,
    message: str,
    waonly: YesFlag | Unset = UNSET,
    url_media: str | Unset = UNSET,
    pdf_with_image: YesFlag | Unset = UNSET,
    url_media_shorted: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
    schedule_timestamp: int | Unset = UNSET,
    s_identifiant: str | Unset = UNSET,
    port: SimPort | Unset = UNSET,
    shorturl: ZeroOne | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["apikey"] = apikey

    params["recipients"] = recipients

    params["message"] = message

    json_waonly: str | Unset = UNSET
    if not isinstance(waonly, Unset):
        json_waonly = waonly.value

    params["waonly"] = json_waonly

    params["url_media"] = url_media

    json_pdf_with_image: str | Unset = UNSET
    if not isinstance(pdf_with_image, Unset):
        json_pdf_with_image = pdf_with_image.value

    params["pdf_with_image"] = json_pdf_with_image

    json_url_media_shorted: str | Unset = UNSET
    if not isinstance(url_media_shorted, Unset):
        json_url_media_shorted = url_media_shorted.value

    params["url_media_shorted"] = json_url_media_shorted

    json_sendwa: str | Unset = UNSET
    if not isinstance(sendwa, Unset):
        json_sendwa = sendwa.value

    params["sendwa"] = json_sendwa

    json_sendsms: str | Unset = UNSET
    if not isinstance(sendsms, Unset):
        json_sendsms = sendsms.value

    params["sendsms"] = json_sendsms

    params["schedule_timestamp"] = schedule_timestamp

    params["sIdentifiant"] = s_identifiant

    json_port: int | Unset = UNSET
    if not isinstance(port, Unset):
        json_port = port.value

    params["port"] = json_port

    json_shorturl: str | Unset = UNSET
    if not isinstance(shorturl, Unset):
        json_shorturl = shorturl.value

    params["shorturl"] = json_shorturl

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sendsms/",
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
    recipients: str,
    message: str,
    waonly: YesFlag | Unset = UNSET,
    url_media: str | Unset = UNSET,
    pdf_with_image: YesFlag | Unset = UNSET,
    url_media_shorted: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
    schedule_timestamp: int | Unset = UNSET,
    s_identifiant: str | Unset = UNSET,
    port: SimPort | Unset = UNSET,
    shorturl: ZeroOne | Unset = UNSET,
) -> Response[ErrorBody | SendReply]:
    """Send a WhatsApp message (query-string form)

     Kept for completeness: the key and the text end up in URLs and server logs.
    Prefer the POST form of the same endpoint.

    Args:
        apikey (str | Unset):
        recipients (str): Country code then number, digits only, without "00" (doc example
            191728660). The doc's
            own curl example sends "+1234567890", so a leading "+" is accepted too. Clients may accept
            more human forms (spaces, dashes, brackets, 00) and normalise them before sending.
        message (str): The text; several lines allowed; WhatsApp formatting with _ * ~ and ```.
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        url_media (str | Unset): A direct, public https:// link to a pdf, xml, doc, docx, odt,
            rtf, txt, tex, xls, xlsx,
            csv, ods, ppt, pptx, odp, zip, rar, 7z, tar, gz, jpg, jpeg or png file.
        pdf_with_image (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        url_media_shorted (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        schedule_timestamp (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant (str | Unset): The SID of the sending device, when the account has several.
        port (SimPort | Unset): The SIM slot of the phone.
        shorturl (ZeroOne | Unset): A documented on/off flag.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | SendReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        recipients=recipients,
        message=message,
        waonly=waonly,
        url_media=url_media,
        pdf_with_image=pdf_with_image,
        url_media_shorted=url_media_shorted,
        sendwa=sendwa,
        sendsms=sendsms,
        schedule_timestamp=schedule_timestamp,
        s_identifiant=s_identifiant,
        port=port,
        shorturl=shorturl,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    recipients: str,
    message: str,
    waonly: YesFlag | Unset = UNSET,
    url_media: str | Unset = UNSET,
    pdf_with_image: YesFlag | Unset = UNSET,
    url_media_shorted: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
    schedule_timestamp: int | Unset = UNSET,
    s_identifiant: str | Unset = UNSET,
    port: SimPort | Unset = UNSET,
    shorturl: ZeroOne | Unset = UNSET,
) -> ErrorBody | SendReply | None:
    """Send a WhatsApp message (query-string form)

     Kept for completeness: the key and the text end up in URLs and server logs.
    Prefer the POST form of the same endpoint.

    Args:
        apikey (str | Unset):
        recipients (str): Country code then number, digits only, without "00" (doc example
            191728660). The doc's
            own curl example sends "+1234567890", so a leading "+" is accepted too. Clients may accept
            more human forms (spaces, dashes, brackets, 00) and normalise them before sending.
        message (str): The text; several lines allowed; WhatsApp formatting with _ * ~ and ```.
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        url_media (str | Unset): A direct, public https:// link to a pdf, xml, doc, docx, odt,
            rtf, txt, tex, xls, xlsx,
            csv, ods, ppt, pptx, odp, zip, rar, 7z, tar, gz, jpg, jpeg or png file.
        pdf_with_image (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        url_media_shorted (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        schedule_timestamp (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant (str | Unset): The SID of the sending device, when the account has several.
        port (SimPort | Unset): The SIM slot of the phone.
        shorturl (ZeroOne | Unset): A documented on/off flag.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ErrorBody | SendReply
    """

    return sync_detailed(
        client=client,
        apikey=apikey,
        recipients=recipients,
        message=message,
        waonly=waonly,
        url_media=url_media,
        pdf_with_image=pdf_with_image,
        url_media_shorted=url_media_shorted,
        sendwa=sendwa,
        sendsms=sendsms,
        schedule_timestamp=schedule_timestamp,
        s_identifiant=s_identifiant,
        port=port,
        shorturl=shorturl,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    recipients: str,
    message: str,
    waonly: YesFlag | Unset = UNSET,
    url_media: str | Unset = UNSET,
    pdf_with_image: YesFlag | Unset = UNSET,
    url_media_shorted: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
    schedule_timestamp: int | Unset = UNSET,
    s_identifiant: str | Unset = UNSET,
    port: SimPort | Unset = UNSET,
    shorturl: ZeroOne | Unset = UNSET,
) -> Response[ErrorBody | SendReply]:
    """Send a WhatsApp message (query-string form)

     Kept for completeness: the key and the text end up in URLs and server logs.
    Prefer the POST form of the same endpoint.

    Args:
        apikey (str | Unset):
        recipients (str): Country code then number, digits only, without "00" (doc example
            191728660). The doc's
            own curl example sends "+1234567890", so a leading "+" is accepted too. Clients may accept
            more human forms (spaces, dashes, brackets, 00) and normalise them before sending.
        message (str): The text; several lines allowed; WhatsApp formatting with _ * ~ and ```.
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        url_media (str | Unset): A direct, public https:// link to a pdf, xml, doc, docx, odt,
            rtf, txt, tex, xls, xlsx,
            csv, ods, ppt, pptx, odp, zip, rar, 7z, tar, gz, jpg, jpeg or png file.
        pdf_with_image (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        url_media_shorted (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        schedule_timestamp (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant (str | Unset): The SID of the sending device, when the account has several.
        port (SimPort | Unset): The SIM slot of the phone.
        shorturl (ZeroOne | Unset): A documented on/off flag.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ErrorBody | SendReply]
    """

    kwargs = _get_kwargs(
        apikey=apikey,
        recipients=recipients,
        message=message,
        waonly=waonly,
        url_media=url_media,
        pdf_with_image=pdf_with_image,
        url_media_shorted=url_media_shorted,
        sendwa=sendwa,
        sendsms=sendsms,
        schedule_timestamp=schedule_timestamp,
        s_identifiant=s_identifiant,
        port=port,
        shorturl=shorturl,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    apikey: str | Unset = UNSET,
    recipients: str,
    message: str,
    waonly: YesFlag | Unset = UNSET,
    url_media: str | Unset = UNSET,
    pdf_with_image: YesFlag | Unset = UNSET,
    url_media_shorted: YesFlag | Unset = UNSET,
    sendwa: ZeroOne | Unset = UNSET,
    sendsms: ZeroOne | Unset = UNSET,
    schedule_timestamp: int | Unset = UNSET,
    s_identifiant: str | Unset = UNSET,
    port: SimPort | Unset = UNSET,
    shorturl: ZeroOne | Unset = UNSET,
) -> ErrorBody | SendReply | None:
    """Send a WhatsApp message (query-string form)

     Kept for completeness: the key and the text end up in URLs and server logs.
    Prefer the POST form of the same endpoint.

    Args:
        apikey (str | Unset):
        recipients (str): Country code then number, digits only, without "00" (doc example
            191728660). The doc's
            own curl example sends "+1234567890", so a leading "+" is accepted too. Clients may accept
            more human forms (spaces, dashes, brackets, 00) and normalise them before sending.
        message (str): The text; several lines allowed; WhatsApp formatting with _ * ~ and ```.
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by
            omission.
        url_media (str | Unset): A direct, public https:// link to a pdf, xml, doc, docx, odt,
            rtf, txt, tex, xls, xlsx,
            csv, ods, ppt, pptx, odp, zip, rar, 7z, tar, gz, jpg, jpeg or png file.
        pdf_with_image (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        url_media_shorted (YesFlag | Unset): A documented flag that is set by the value "yes" and
            unset by omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        schedule_timestamp (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant (str | Unset): The SID of the sending device, when the account has several.
        port (SimPort | Unset): The SIM slot of the phone.
        shorturl (ZeroOne | Unset): A documented on/off flag.

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
            recipients=recipients,
            message=message,
            waonly=waonly,
            url_media=url_media,
            pdf_with_image=pdf_with_image,
            url_media_shorted=url_media_shorted,
            sendwa=sendwa,
            sendsms=sendsms,
            schedule_timestamp=schedule_timestamp,
            s_identifiant=s_identifiant,
            port=port,
            shorturl=shorturl,
        )
    ).parsed
