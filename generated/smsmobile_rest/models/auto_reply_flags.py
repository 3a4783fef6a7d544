from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.zero_one import ZeroOne
from ..types import UNSET, Unset

T = TypeVar("T", bound="AutoReplyFlags")


@_attrs_define
class AutoReplyFlags:
    """
    Attributes:
        auto_reply (ZeroOne | Unset): A documented on/off flag.
        transfert_to_email (ZeroOne | Unset): A documented on/off flag.
        chatgpt_reply (ZeroOne | Unset): A documented on/off flag.
    """

    auto_reply: ZeroOne | Unset = UNSET
    transfert_to_email: ZeroOne | Unset = UNSET
    chatgpt_reply: ZeroOne | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auto_reply: str | Unset = UNSET
        if not isinstance(self.auto_reply, Unset):
            auto_reply = self.auto_reply.value

        transfert_to_email: str | Unset = UNSET
        if not isinstance(self.transfert_to_email, Unset):
            transfert_to_email = self.transfert_to_email.value

        chatgpt_reply: str | Unset = UNSET
        if not isinstance(self.chatgpt_reply, Unset):
            chatgpt_reply = self.chatgpt_reply.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if auto_reply is not UNSET:
            field_dict["auto_reply"] = auto_reply
        if transfert_to_email is not UNSET:
            field_dict["transfert_to_email"] = transfert_to_email
        if chatgpt_reply is not UNSET:
            field_dict["chatgpt_reply"] = chatgpt_reply

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _auto_reply = d.pop("auto_reply", UNSET)
        auto_reply: ZeroOne | Unset
        if isinstance(_auto_reply, Unset):
            auto_reply = UNSET
        else:
            auto_reply = ZeroOne(_auto_reply)

        _transfert_to_email = d.pop("transfert_to_email", UNSET)
        transfert_to_email: ZeroOne | Unset
        if isinstance(_transfert_to_email, Unset):
            transfert_to_email = UNSET
        else:
            transfert_to_email = ZeroOne(_transfert_to_email)

        _chatgpt_reply = d.pop("chatgpt_reply", UNSET)
        chatgpt_reply: ZeroOne | Unset
        if isinstance(_chatgpt_reply, Unset):
            chatgpt_reply = UNSET
        else:
            chatgpt_reply = ZeroOne(_chatgpt_reply)

        auto_reply_flags = cls(
            auto_reply=auto_reply,
            transfert_to_email=transfert_to_email,
            chatgpt_reply=chatgpt_reply,
        )

        auto_reply_flags.additional_properties = d
        return auto_reply_flags

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
