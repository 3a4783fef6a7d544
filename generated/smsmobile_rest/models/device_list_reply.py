from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.device import Device


T = TypeVar("T", bound="DeviceListReply")


@_attrs_define
class DeviceListReply:
    """ASSUMPTION: `error` as elsewhere and the phones in `mobiles`.

    Attributes:
        error (int | str | Unset): 0 (or "0") when all is well; any other value means failed or blocked.
        mobiles (list[Device] | Unset):
    """

    error: int | str | Unset = UNSET
    mobiles: list[Device] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        mobiles: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.mobiles, Unset):
            mobiles = []
            for mobiles_item_data in self.mobiles:
                mobiles_item = mobiles_item_data.to_dict()
                mobiles.append(mobiles_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if mobiles is not UNSET:
            field_dict["mobiles"] = mobiles

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.device import Device

        d = dict(src_dict)

        def _parse_error(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        _mobiles = d.pop("mobiles", UNSET)
        mobiles: list[Device] | Unset = UNSET
        if _mobiles is not UNSET:
            mobiles = []
            for mobiles_item_data in _mobiles:
                mobiles_item = Device.from_dict(mobiles_item_data)

                mobiles.append(mobiles_item)

        device_list_reply = cls(
            error=error,
            mobiles=mobiles,
        )

        device_list_reply.additional_properties = d
        return device_list_reply

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
