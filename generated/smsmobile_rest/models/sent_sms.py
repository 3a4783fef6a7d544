from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.zero_one import ZeroOne
from ..types import UNSET, Unset

T = TypeVar("T", bound="SentSms")


@_attrs_define
class SentSms:
    """ASSUMPTION: not published. One sent SMS as the log is assumed to list it; every field
    optional, unknown ones kept.

        Attributes:
            guid (str | Unset): The send's `result.id`.
            number (str | Unset): The recipient.
            message (str | Unset):
            s_identifiant (str | Unset): The SID of the phone that sent it.
            timestamp_unix (int | Unset):
            status (str | Unset): e.g. "sent", "scheduled", "error".
            error_api (ZeroOne | Unset): A documented on/off flag.
            error_mobile (ZeroOne | Unset): A documented on/off flag.
    """

    guid: str | Unset = UNSET
    number: str | Unset = UNSET
    message: str | Unset = UNSET
    s_identifiant: str | Unset = UNSET
    timestamp_unix: int | Unset = UNSET
    status: str | Unset = UNSET
    error_api: ZeroOne | Unset = UNSET
    error_mobile: ZeroOne | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        guid = self.guid

        number = self.number

        message = self.message

        s_identifiant = self.s_identifiant

        timestamp_unix = self.timestamp_unix

        status = self.status

        error_api: str | Unset = UNSET
        if not isinstance(self.error_api, Unset):
            error_api = self.error_api.value

        error_mobile: str | Unset = UNSET
        if not isinstance(self.error_mobile, Unset):
            error_mobile = self.error_mobile.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if guid is not UNSET:
            field_dict["guid"] = guid
        if number is not UNSET:
            field_dict["number"] = number
        if message is not UNSET:
            field_dict["message"] = message
        if s_identifiant is not UNSET:
            field_dict["sIdentifiant"] = s_identifiant
        if timestamp_unix is not UNSET:
            field_dict["timestamp_unix"] = timestamp_unix
        if status is not UNSET:
            field_dict["status"] = status
        if error_api is not UNSET:
            field_dict["error_api"] = error_api
        if error_mobile is not UNSET:
            field_dict["error_mobile"] = error_mobile

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        guid = d.pop("guid", UNSET)

        number = d.pop("number", UNSET)

        message = d.pop("message", UNSET)

        s_identifiant = d.pop("sIdentifiant", UNSET)

        timestamp_unix = d.pop("timestamp_unix", UNSET)

        status = d.pop("status", UNSET)

        _error_api = d.pop("error_api", UNSET)
        error_api: ZeroOne | Unset
        if isinstance(_error_api, Unset):
            error_api = UNSET
        else:
            error_api = ZeroOne(_error_api)

        _error_mobile = d.pop("error_mobile", UNSET)
        error_mobile: ZeroOne | Unset
        if isinstance(_error_mobile, Unset):
            error_mobile = UNSET
        else:
            error_mobile = ZeroOne(_error_mobile)

        sent_sms = cls(
            guid=guid,
            number=number,
            message=message,
            s_identifiant=s_identifiant,
            timestamp_unix=timestamp_unix,
            status=status,
            error_api=error_api,
            error_mobile=error_mobile,
        )

        sent_sms.additional_properties = d
        return sent_sms

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
