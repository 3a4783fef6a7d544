from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResendForm")


@_attrs_define
class ResendForm:
    """
    Attributes:
        guid (str): ASSUMPTION: the `result.id` of a send reply (40 hex characters) is the GUID that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.
        apikey (str | Unset): The API key; omit it with a bearer token.
    """

    guid: str
    apikey: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        guid = self.guid

        apikey = self.apikey

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "guid": guid,
            }
        )
        if apikey is not UNSET:
            field_dict["apikey"] = apikey

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        guid = d.pop("guid")

        apikey = d.pop("apikey", UNSET)

        resend_form = cls(
            guid=guid,
            apikey=apikey,
        )

        resend_form.additional_properties = d
        return resend_form

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
