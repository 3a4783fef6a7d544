from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_reply_flags import AutoReplyFlags
    from ..models.chat_gpt_usage import ChatGptUsage


T = TypeVar("T", bound="InboundMessage")


@_attrs_define
class InboundMessage:
    """
    Attributes:
        guid (str): A UUID.
        date (str | Unset): yyyy-mm-dd
        hour (str | Unset): HH:MM:SS
        timestamp (str | Unset): Unix timestamp as a string.
        number (str | Unset):
        contact (str | Unset):
        message (str | Unset):
        message_type (str | Unset): ASSUMPTION: not published; text or audio, as the `message_type` filter.
        more (AutoReplyFlags | Unset):
        chatgpt (ChatGptUsage | Unset): Token counts and cost as strings, and the reply ChatGPT gave.
    """

    guid: str
    date: str | Unset = UNSET
    hour: str | Unset = UNSET
    timestamp: str | Unset = UNSET
    number: str | Unset = UNSET
    contact: str | Unset = UNSET
    message: str | Unset = UNSET
    message_type: str | Unset = UNSET
    more: AutoReplyFlags | Unset = UNSET
    chatgpt: ChatGptUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        guid = self.guid

        date = self.date

        hour = self.hour

        timestamp = self.timestamp

        number = self.number

        contact = self.contact

        message = self.message

        message_type = self.message_type

        more: dict[str, Any] | Unset = UNSET
        if not isinstance(self.more, Unset):
            more = self.more.to_dict()

        chatgpt: dict[str, Any] | Unset = UNSET
        if not isinstance(self.chatgpt, Unset):
            chatgpt = self.chatgpt.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "guid": guid,
            }
        )
        if date is not UNSET:
            field_dict["date"] = date
        if hour is not UNSET:
            field_dict["hour"] = hour
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if number is not UNSET:
            field_dict["number"] = number
        if contact is not UNSET:
            field_dict["contact"] = contact
        if message is not UNSET:
            field_dict["message"] = message
        if message_type is not UNSET:
            field_dict["message_type"] = message_type
        if more is not UNSET:
            field_dict["more"] = more
        if chatgpt is not UNSET:
            field_dict["chatgpt"] = chatgpt

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.auto_reply_flags import AutoReplyFlags
        from ..models.chat_gpt_usage import ChatGptUsage

        d = dict(src_dict)
        guid = d.pop("guid")

        date = d.pop("date", UNSET)

        hour = d.pop("hour", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        number = d.pop("number", UNSET)

        contact = d.pop("contact", UNSET)

        message = d.pop("message", UNSET)

        message_type = d.pop("message_type", UNSET)

        _more = d.pop("more", UNSET)
        more: AutoReplyFlags | Unset
        if isinstance(_more, Unset):
            more = UNSET
        else:
            more = AutoReplyFlags.from_dict(_more)

        _chatgpt = d.pop("chatgpt", UNSET)
        chatgpt: ChatGptUsage | Unset
        if isinstance(_chatgpt, Unset):
            chatgpt = UNSET
        else:
            chatgpt = ChatGptUsage.from_dict(_chatgpt)

        inbound_message = cls(
            guid=guid,
            date=date,
            hour=hour,
            timestamp=timestamp,
            number=number,
            contact=contact,
            message=message,
            message_type=message_type,
            more=more,
            chatgpt=chatgpt,
        )

        inbound_message.additional_properties = d
        return inbound_message

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
