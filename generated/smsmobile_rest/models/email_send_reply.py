from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailSendReply")


@_attrs_define
class EmailSendReply:
    """ASSUMPTION: "an object" is all that is published. Assumed: `error` as elsewhere (0 when
    the mailbox accepted the message), `message` a note, `id` the sent message's id.

        Attributes:
            error (int | str | Unset): 0 (or "0") when all is well; any other value means failed or blocked.
            message (str | Unset):
            id (str | Unset):
    """

    error: int | str | Unset = UNSET
    message: str | Unset = UNSET
    id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        message = self.message

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if message is not UNSET:
            field_dict["message"] = message
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        message = d.pop("message", UNSET)

        id = d.pop("id", UNSET)

        email_send_reply = cls(
            error=error,
            message=message,
            id=id,
        )

        email_send_reply.additional_properties = d
        return email_send_reply

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
