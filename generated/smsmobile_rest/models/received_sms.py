from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReceivedSms")


@_attrs_define
class ReceivedSms:
    """One SMS a phone of the account received (the published shape).

    Attributes:
        id (int): The service's number for the record.
        message (str):
        number (str): The sender's number.
        s_identifiant_phone (str | Unset): The SID of the phone that received it.
        timestamp_unix (int | Unset): When it was received (unix seconds).
        guid (str | Unset): Free text (not always hex
        alias (None | str | Unset): The sender's name in the phone's contacts, when known.
    """

    id: int
    message: str
    number: str
    s_identifiant_phone: str | Unset = UNSET
    timestamp_unix: int | Unset = UNSET
    guid: str | Unset = UNSET
    alias: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        message = self.message

        number = self.number

        s_identifiant_phone = self.s_identifiant_phone

        timestamp_unix = self.timestamp_unix

        guid = self.guid

        alias: None | str | Unset
        if isinstance(self.alias, Unset):
            alias = UNSET
        else:
            alias = self.alias

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "message": message,
                "number": number,
            }
        )
        if s_identifiant_phone is not UNSET:
            field_dict["sIdentifiantPhone"] = s_identifiant_phone
        if timestamp_unix is not UNSET:
            field_dict["timestamp_unix"] = timestamp_unix
        if guid is not UNSET:
            field_dict["guid"] = guid
        if alias is not UNSET:
            field_dict["alias"] = alias

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        message = d.pop("message")

        number = d.pop("number")

        s_identifiant_phone = d.pop("sIdentifiantPhone", UNSET)

        timestamp_unix = d.pop("timestamp_unix", UNSET)

        guid = d.pop("guid", UNSET)

        def _parse_alias(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        alias = _parse_alias(d.pop("alias", UNSET))

        received_sms = cls(
            id=id,
            message=message,
            number=number,
            s_identifiant_phone=s_identifiant_phone,
            timestamp_unix=timestamp_unix,
            guid=guid,
            alias=alias,
        )

        received_sms.additional_properties = d
        return received_sms

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
