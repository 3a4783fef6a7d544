from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_record import CallRecord


T = TypeVar("T", bound="MissedCallsReply")


@_attrs_define
class MissedCallsReply:
    """One page of missed calls, newest first. ASSUMPTION: `success: false` is a refusal (as a
    non-zero `error` elsewhere): clients raise it as a service error, `message` its text.

        Attributes:
            success (bool):
            offset (int | Unset):
            limit (int | Unset):
            count (int | Unset): How many records this page holds.
            data (list[CallRecord] | Unset):
    """

    success: bool
    offset: int | Unset = UNSET
    limit: int | Unset = UNSET
    count: int | Unset = UNSET
    data: list[CallRecord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        offset = self.offset

        limit = self.limit

        count = self.count

        data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = []
            for data_item_data in self.data:
                data_item = data_item_data.to_dict()
                data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
            }
        )
        if offset is not UNSET:
            field_dict["offset"] = offset
        if limit is not UNSET:
            field_dict["limit"] = limit
        if count is not UNSET:
            field_dict["count"] = count
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.call_record import CallRecord

        d = dict(src_dict)
        success = d.pop("success")

        offset = d.pop("offset", UNSET)

        limit = d.pop("limit", UNSET)

        count = d.pop("count", UNSET)

        _data = d.pop("data", UNSET)
        data: list[CallRecord] | Unset = UNSET
        if _data is not UNSET:
            data = []
            for data_item_data in _data:
                data_item = CallRecord.from_dict(data_item_data)

                data.append(data_item)

        missed_calls_reply = cls(
            success=success,
            offset=offset,
            limit=limit,
            count=count,
            data=data,
        )

        missed_calls_reply.additional_properties = d
        return missed_calls_reply

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
