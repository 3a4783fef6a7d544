from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NotificationSendReply")


@_attrs_define
class NotificationSendReply:
    """The published shape. `apikey` echoes the caller's key (redact it: smsmobile's typed
    result drops it). ASSUMPTION: `success: false` is a refusal, `message` its text.

        Attributes:
            success (bool):
            message (str | Unset):
            id (int | Unset):
            apikey (str | Unset):
            sid (str | Unset):
    """

    success: bool
    message: str | Unset = UNSET
    id: int | Unset = UNSET
    apikey: str | Unset = UNSET
    sid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        message = self.message

        id = self.id

        apikey = self.apikey

        sid = self.sid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message
        if id is not UNSET:
            field_dict["id"] = id
        if apikey is not UNSET:
            field_dict["apikey"] = apikey
        if sid is not UNSET:
            field_dict["sid"] = sid

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        success = d.pop("success")

        message = d.pop("message", UNSET)

        id = d.pop("id", UNSET)

        apikey = d.pop("apikey", UNSET)

        sid = d.pop("sid", UNSET)

        notification_send_reply = cls(
            success=success,
            message=message,
            id=id,
            apikey=apikey,
            sid=sid,
        )

        notification_send_reply.additional_properties = d
        return notification_send_reply

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
