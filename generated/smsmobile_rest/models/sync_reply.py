from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SyncReply")


@_attrs_define
class SyncReply:
    """The time-limited window in which inbound messages can be retrieved. All values are strings. The documentation's
    example writes the key "expire_at " with a
    trailing space, the published OpenAPI description writes `expire_at`: accept both.

        Attributes:
            error (int | str): 0 (or "0") when all is well; any other value means failed or blocked.
            messages (str | Unset): "synchronized" on success.
            expire_at (str | Unset): UTC, yyyy-mm-dd HH:MM:SS.
            expire_at_unix (str | Unset): The same instant as a unix timestamp.
    """

    error: int | str
    messages: str | Unset = UNSET
    expire_at: str | Unset = UNSET
    expire_at_unix: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str
        error = self.error

        messages = self.messages

        expire_at = self.expire_at

        expire_at_unix = self.expire_at_unix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if messages is not UNSET:
            field_dict["messages"] = messages
        if expire_at is not UNSET:
            field_dict["expire_at"] = expire_at
        if expire_at_unix is not UNSET:
            field_dict["expire_at_unix"] = expire_at_unix

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str:
            return cast(int | str, data)

        error = _parse_error(d.pop("error"))

        messages = d.pop("messages", UNSET)

        expire_at = d.pop("expire_at", UNSET)

        expire_at_unix = d.pop("expire_at_unix", UNSET)

        sync_reply = cls(
            error=error,
            messages=messages,
            expire_at=expire_at,
            expire_at_unix=expire_at_unix,
        )

        sync_reply.additional_properties = d
        return sync_reply

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
