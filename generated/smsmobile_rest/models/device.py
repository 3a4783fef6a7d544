from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Device")


@_attrs_define
class Device:
    """ASSUMPTION: not published beyond "devices and status metadata". `sid` is what
    `sIdentifiant` / `sid` take; the other fields are optional and unknown ones kept.

        Attributes:
            sid (str):
            name (str | Unset):
            status (str | Unset): e.g. "connected" or "disconnected".
            last_seen (str | Unset): ISO 8601 date and time
            sim_slots (int | Unset):
    """

    sid: str
    name: str | Unset = UNSET
    status: str | Unset = UNSET
    last_seen: str | Unset = UNSET
    sim_slots: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sid = self.sid

        name = self.name

        status = self.status

        last_seen = self.last_seen

        sim_slots = self.sim_slots

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sid": sid,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if last_seen is not UNSET:
            field_dict["last_seen"] = last_seen
        if sim_slots is not UNSET:
            field_dict["sim_slots"] = sim_slots

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sid = d.pop("sid")

        name = d.pop("name", UNSET)

        status = d.pop("status", UNSET)

        last_seen = d.pop("last_seen", UNSET)

        sim_slots = d.pop("sim_slots", UNSET)

        device = cls(
            sid=sid,
            name=name,
            status=status,
            last_seen=last_seen,
            sim_slots=sim_slots,
        )

        device.additional_properties = d
        return device

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
