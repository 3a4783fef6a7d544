from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailMessage")


@_attrs_define
class EmailMessage:
    """ASSUMPTION: not published. One message of a mailbox folder as assumed listed.

    Attributes:
        uid (int | Unset):
        from_ (str | Unset):
        to (str | Unset):
        subject (str | Unset):
        date (str | Unset): ISO 8601 date and time
        body (str | Unset):
        seen (bool | Unset):
    """

    uid: int | Unset = UNSET
    from_: str | Unset = UNSET
    to: str | Unset = UNSET
    subject: str | Unset = UNSET
    date: str | Unset = UNSET
    body: str | Unset = UNSET
    seen: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        uid = self.uid

        from_ = self.from_

        to = self.to

        subject = self.subject

        date = self.date

        body = self.body

        seen = self.seen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if uid is not UNSET:
            field_dict["uid"] = uid
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to
        if subject is not UNSET:
            field_dict["subject"] = subject
        if date is not UNSET:
            field_dict["date"] = date
        if body is not UNSET:
            field_dict["body"] = body
        if seen is not UNSET:
            field_dict["seen"] = seen

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        uid = d.pop("uid", UNSET)

        from_ = d.pop("from", UNSET)

        to = d.pop("to", UNSET)

        subject = d.pop("subject", UNSET)

        date = d.pop("date", UNSET)

        body = d.pop("body", UNSET)

        seen = d.pop("seen", UNSET)

        email_message = cls(
            uid=uid,
            from_=from_,
            to=to,
            subject=subject,
            date=date,
            body=body,
            seen=seen,
        )

        email_message.additional_properties = d
        return email_message

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
