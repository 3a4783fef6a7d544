from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_record import CallRecord


T = TypeVar("T", bound="CallListReply")


@_attrs_define
class CallListReply:
    """One page of incoming or outgoing calls.

    Attributes:
        success (bool):
        count (int | Unset): How many records this page holds.
        rows (list[CallRecord] | Unset):
    """

    success: bool
    count: int | Unset = UNSET
    rows: list[CallRecord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        count = self.count

        rows: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rows, Unset):
            rows = []
            for rows_item_data in self.rows:
                rows_item = rows_item_data.to_dict()
                rows.append(rows_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count
        if rows is not UNSET:
            field_dict["rows"] = rows

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.call_record import CallRecord

        d = dict(src_dict)
        success = d.pop("success")

        count = d.pop("count", UNSET)

        _rows = d.pop("rows", UNSET)
        rows: list[CallRecord] | Unset = UNSET
        if _rows is not UNSET:
            rows = []
            for rows_item_data in _rows:
                rows_item = CallRecord.from_dict(rows_item_data)

                rows.append(rows_item)

        call_list_reply = cls(
            success=success,
            count=count,
            rows=rows,
        )

        call_list_reply.additional_properties = d
        return call_list_reply

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
