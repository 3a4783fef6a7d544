from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sim_port import SimPort
from ..models.yes_flag import YesFlag
from ..models.zero_one import ZeroOne
from ..types import UNSET, Unset

T = TypeVar("T", bound="SendForm")


@_attrs_define
class SendForm:
    """
    Attributes:
        recipients (str): Country code then number, digits only, without "00" (doc example 191728660). The doc's
            own curl example sends "+1234567890", so a leading "+" is accepted too. Clients may accept
            more human forms (spaces, dashes, brackets, 00) and normalise them before sending.
        message (str): The text; several lines allowed; WhatsApp formatting with _ * ~ and ```.
        apikey (str | Unset): The API key; omit it with a bearer token.
        waonly (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by omission.
        url_media (str | Unset): A direct, public https:// link to a pdf, xml, doc, docx, odt, rtf, txt, tex, xls, xlsx,
            csv, ods, ppt, pptx, odp, zip, rar, 7z, tar, gz, jpg, jpeg or png file.
        pdf_with_image (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by omission.
        url_media_shorted (YesFlag | Unset): A documented flag that is set by the value "yes" and unset by omission.
        sendwa (ZeroOne | Unset): A documented on/off flag.
        sendsms (ZeroOne | Unset): A documented on/off flag.
        schedule_timestamp (int | Unset): Seconds since 1970-01-01 UTC.
        s_identifiant (str | Unset): The SID of the sending device, when the account has several.
        port (SimPort | Unset): The SIM slot of the phone.
        shorturl (ZeroOne | Unset): A documented on/off flag.
    """

    recipients: str
    message: str
    apikey: str | Unset = UNSET
    waonly: YesFlag | Unset = UNSET
    url_media: str | Unset = UNSET
    pdf_with_image: YesFlag | Unset = UNSET
    url_media_shorted: YesFlag | Unset = UNSET
    sendwa: ZeroOne | Unset = UNSET
    sendsms: ZeroOne | Unset = UNSET
    schedule_timestamp: int | Unset = UNSET
    s_identifiant: str | Unset = UNSET
    port: SimPort | Unset = UNSET
    shorturl: ZeroOne | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        recipients = self.recipients

        message = self.message

        apikey = self.apikey

        waonly: str | Unset = UNSET
        if not isinstance(self.waonly, Unset):
            waonly = self.waonly.value

        url_media = self.url_media

        pdf_with_image: str | Unset = UNSET
        if not isinstance(self.pdf_with_image, Unset):
            pdf_with_image = self.pdf_with_image.value

        url_media_shorted: str | Unset = UNSET
        if not isinstance(self.url_media_shorted, Unset):
            url_media_shorted = self.url_media_shorted.value

        sendwa: str | Unset = UNSET
        if not isinstance(self.sendwa, Unset):
            sendwa = self.sendwa.value

        sendsms: str | Unset = UNSET
        if not isinstance(self.sendsms, Unset):
            sendsms = self.sendsms.value

        schedule_timestamp = self.schedule_timestamp

        s_identifiant = self.s_identifiant

        port: int | Unset = UNSET
        if not isinstance(self.port, Unset):
            port = self.port.value

        shorturl: str | Unset = UNSET
        if not isinstance(self.shorturl, Unset):
            shorturl = self.shorturl.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "recipients": recipients,
                "message": message,
            }
        )
        if apikey is not UNSET:
            field_dict["apikey"] = apikey
        if waonly is not UNSET:
            field_dict["waonly"] = waonly
        if url_media is not UNSET:
            field_dict["url_media"] = url_media
        if pdf_with_image is not UNSET:
            field_dict["pdf_with_image"] = pdf_with_image
        if url_media_shorted is not UNSET:
            field_dict["url_media_shorted"] = url_media_shorted
        if sendwa is not UNSET:
            field_dict["sendwa"] = sendwa
        if sendsms is not UNSET:
            field_dict["sendsms"] = sendsms
        if schedule_timestamp is not UNSET:
            field_dict["schedule_timestamp"] = schedule_timestamp
        if s_identifiant is not UNSET:
            field_dict["sIdentifiant"] = s_identifiant
        if port is not UNSET:
            field_dict["port"] = port
        if shorturl is not UNSET:
            field_dict["shorturl"] = shorturl

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        recipients = d.pop("recipients")

        message = d.pop("message")

        apikey = d.pop("apikey", UNSET)

        _waonly = d.pop("waonly", UNSET)
        waonly: YesFlag | Unset
        if isinstance(_waonly, Unset):
            waonly = UNSET
        else:
            waonly = YesFlag(_waonly)

        url_media = d.pop("url_media", UNSET)

        _pdf_with_image = d.pop("pdf_with_image", UNSET)
        pdf_with_image: YesFlag | Unset
        if isinstance(_pdf_with_image, Unset):
            pdf_with_image = UNSET
        else:
            pdf_with_image = YesFlag(_pdf_with_image)

        _url_media_shorted = d.pop("url_media_shorted", UNSET)
        url_media_shorted: YesFlag | Unset
        if isinstance(_url_media_shorted, Unset):
            url_media_shorted = UNSET
        else:
            url_media_shorted = YesFlag(_url_media_shorted)

        _sendwa = d.pop("sendwa", UNSET)
        sendwa: ZeroOne | Unset
        if isinstance(_sendwa, Unset):
            sendwa = UNSET
        else:
            sendwa = ZeroOne(_sendwa)

        _sendsms = d.pop("sendsms", UNSET)
        sendsms: ZeroOne | Unset
        if isinstance(_sendsms, Unset):
            sendsms = UNSET
        else:
            sendsms = ZeroOne(_sendsms)

        schedule_timestamp = d.pop("schedule_timestamp", UNSET)

        s_identifiant = d.pop("sIdentifiant", UNSET)

        _port = d.pop("port", UNSET)
        port: SimPort | Unset
        if isinstance(_port, Unset):
            port = UNSET
        else:
            port = SimPort(_port)

        _shorturl = d.pop("shorturl", UNSET)
        shorturl: ZeroOne | Unset
        if isinstance(_shorturl, Unset):
            shorturl = UNSET
        else:
            shorturl = ZeroOne(_shorturl)

        send_form = cls(
            recipients=recipients,
            message=message,
            apikey=apikey,
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

        send_form.additional_properties = d
        return send_form

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
