from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.zero_one import ZeroOne
from ..types import UNSET, Unset

T = TypeVar("T", bound="CheckNumberReply")


@_attrs_define
class CheckNumberReply:
    """ASSUMPTION: not published. `whatsapp` is "1" when the number is on WhatsApp, "0" when not;
    `number` echoes the number checked (the client reads the number it asked about when the
    reply does not echo it).

        Attributes:
            error (int | str): 0 (or "0") when all is well; any other value means failed or blocked.
            number (str | Unset):
            whatsapp (ZeroOne | Unset): A documented on/off flag.
    """

    error: int | str
    number: str | Unset = UNSET
    whatsapp: ZeroOne | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str
        error = self.error

        number = self.number

        whatsapp: str | Unset = UNSET
        if not isinstance(self.whatsapp, Unset):
            whatsapp = self.whatsapp.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if number is not UNSET:
            field_dict["number"] = number
        if whatsapp is not UNSET:
            field_dict["whatsapp"] = whatsapp

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str:
            return cast(int | str, data)

        error = _parse_error(d.pop("error"))

        number = d.pop("number", UNSET)

        _whatsapp = d.pop("whatsapp", UNSET)
        whatsapp: ZeroOne | Unset
        if isinstance(_whatsapp, Unset):
            whatsapp = UNSET
        else:
            whatsapp = ZeroOne(_whatsapp)

        check_number_reply = cls(
            error=error,
            number=number,
            whatsapp=whatsapp,
        )

        check_number_reply.additional_properties = d
        return check_number_reply

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
