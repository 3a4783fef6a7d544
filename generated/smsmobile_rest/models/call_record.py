from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallRecord")


@_attrs_define
class CallRecord:
    """One call in a phone's call log (the published shape). `local_time` is the call's time as
    the phone wrote it (its own zone); `called_at` is UTC.

        Attributes:
            number (str | Unset):
            phone_number (str | Unset):
            name (None | str | Unset):
            cached_name (None | str | Unset): The name the phone's contacts gave the number, when it had one.
            date (str | Unset): The call's local date and time as the phone wrote it.
            call_datetime_utc (str | Unset): When the call was, UTC (yyyy-mm-dd HH:MM:SS).
            duration_sec (int | Unset):
    """

    number: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    name: None | str | Unset = UNSET
    cached_name: None | str | Unset = UNSET
    date: str | Unset = UNSET
    call_datetime_utc: str | Unset = UNSET
    duration_sec: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        phone_number = self.phone_number

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        cached_name: None | str | Unset
        if isinstance(self.cached_name, Unset):
            cached_name = UNSET
        else:
            cached_name = self.cached_name

        date = self.date

        call_datetime_utc = self.call_datetime_utc

        duration_sec = self.duration_sec

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if number is not UNSET:
            field_dict["number"] = number
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if name is not UNSET:
            field_dict["name"] = name
        if cached_name is not UNSET:
            field_dict["cached_name"] = cached_name
        if date is not UNSET:
            field_dict["date"] = date
        if call_datetime_utc is not UNSET:
            field_dict["call_datetime_utc"] = call_datetime_utc
        if duration_sec is not UNSET:
            field_dict["duration_sec"] = duration_sec

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        number = d.pop("number", UNSET)

        phone_number = d.pop("phone_number", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_cached_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cached_name = _parse_cached_name(d.pop("cached_name", UNSET))

        date = d.pop("date", UNSET)

        call_datetime_utc = d.pop("call_datetime_utc", UNSET)

        duration_sec = d.pop("duration_sec", UNSET)

        call_record = cls(
            number=number,
            phone_number=phone_number,
            name=name,
            cached_name=cached_name,
            date=date,
            call_datetime_utc=call_datetime_utc,
            duration_sec=duration_sec,
        )

        call_record.additional_properties = d
        return call_record

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
