from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NotificationForm")


@_attrs_define
class NotificationForm:
    """
    Attributes:
        sid (str): The SID of the sending device, when the account has several.
        message (str):
        apikey (str | Unset): The API key; omit it with a bearer token.
        title (str | Unset):  Default: 'Notification'.
        type_ (str | Unset):  Default: 'notification'.
    """

    sid: str
    message: str
    apikey: str | Unset = UNSET
    title: str | Unset = "Notification"
    type_: str | Unset = "notification"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sid = self.sid

        message = self.message

        apikey = self.apikey

        title = self.title

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sid": sid,
                "message": message,
            }
        )
        if apikey is not UNSET:
            field_dict["apikey"] = apikey
        if title is not UNSET:
            field_dict["title"] = title
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sid = d.pop("sid")

        message = d.pop("message")

        apikey = d.pop("apikey", UNSET)

        title = d.pop("title", UNSET)

        type_ = d.pop("type", UNSET)

        notification_form = cls(
            sid=sid,
            message=message,
            apikey=apikey,
            title=title,
            type_=type_,
        )

        notification_form.additional_properties = d
        return notification_form

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
