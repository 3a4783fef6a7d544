from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.zero_one import ZeroOne
from ..types import UNSET, Unset

T = TypeVar("T", bound="Notification")


@_attrs_define
class Notification:
    """ASSUMPTION: not published. One notification as the history is assumed to list it.

    Attributes:
        id (int | Unset):
        sid (str | Unset):
        title (str | Unset):
        message (str | Unset):
        type_ (str | Unset):
        distribued (ZeroOne | Unset): A documented on/off flag.
        created_at (str | Unset): ISO 8601 date and time
    """

    id: int | Unset = UNSET
    sid: str | Unset = UNSET
    title: str | Unset = UNSET
    message: str | Unset = UNSET
    type_: str | Unset = UNSET
    distribued: ZeroOne | Unset = UNSET
    created_at: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        sid = self.sid

        title = self.title

        message = self.message

        type_ = self.type_

        distribued: str | Unset = UNSET
        if not isinstance(self.distribued, Unset):
            distribued = self.distribued.value

        created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if sid is not UNSET:
            field_dict["sid"] = sid
        if title is not UNSET:
            field_dict["title"] = title
        if message is not UNSET:
            field_dict["message"] = message
        if type_ is not UNSET:
            field_dict["type"] = type_
        if distribued is not UNSET:
            field_dict["distribued"] = distribued
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        sid = d.pop("sid", UNSET)

        title = d.pop("title", UNSET)

        message = d.pop("message", UNSET)

        type_ = d.pop("type", UNSET)

        _distribued = d.pop("distribued", UNSET)
        distribued: ZeroOne | Unset
        if isinstance(_distribued, Unset):
            distribued = UNSET
        else:
            distribued = ZeroOne(_distribued)

        created_at = d.pop("created_at", UNSET)

        notification = cls(
            id=id,
            sid=sid,
            title=title,
            message=message,
            type_=type_,
            distribued=distribued,
            created_at=created_at,
        )

        notification.additional_properties = d
        return notification

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
