from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inbound_message import InboundMessage


T = TypeVar("T", bound="InboundMessagePage")


@_attrs_define
class InboundMessagePage:
    """ASSUMPTION: an object wrapping the array in `messages`.

    Attributes:
        messages (list[InboundMessage]):
        error (int | str | Unset): 0 (or "0") when all is well; any other value means failed or blocked.
    """

    messages: list[InboundMessage]
    error: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        messages = []
        for componentsschemas_inbound_message_array_item_data in self.messages:
            componentsschemas_inbound_message_array_item = (
                componentsschemas_inbound_message_array_item_data.to_dict()
            )
            messages.append(componentsschemas_inbound_message_array_item)

        error: int | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "messages": messages,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.inbound_message import InboundMessage

        d = dict(src_dict)
        messages = []
        _messages = d.pop("messages")
        for componentsschemas_inbound_message_array_item_data in _messages:
            componentsschemas_inbound_message_array_item = InboundMessage.from_dict(
                componentsschemas_inbound_message_array_item_data
            )

            messages.append(componentsschemas_inbound_message_array_item)

        def _parse_error(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        inbound_message_page = cls(
            messages=messages,
            error=error,
        )

        inbound_message_page.additional_properties = d
        return inbound_message_page

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
