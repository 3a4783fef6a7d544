from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.email_message import EmailMessage


T = TypeVar("T", bound="EmailListReply")


@_attrs_define
class EmailListReply:
    """ASSUMPTION: "an object" is all that is published. Assumed: `error`, the folder as
    `mbox`, `start`, `total` (messages in the folder) and one page in `emails`, newest first.

        Attributes:
            error (int | str | Unset): 0 (or "0") when all is well; any other value means failed or blocked.
            mbox (str | Unset):
            start (int | Unset):
            total (int | Unset):
            emails (list[EmailMessage] | Unset):
    """

    error: int | str | Unset = UNSET
    mbox: str | Unset = UNSET
    start: int | Unset = UNSET
    total: int | Unset = UNSET
    emails: list[EmailMessage] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        mbox = self.mbox

        start = self.start

        total = self.total

        emails: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.emails, Unset):
            emails = []
            for emails_item_data in self.emails:
                emails_item = emails_item_data.to_dict()
                emails.append(emails_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if mbox is not UNSET:
            field_dict["mbox"] = mbox
        if start is not UNSET:
            field_dict["start"] = start
        if total is not UNSET:
            field_dict["total"] = total
        if emails is not UNSET:
            field_dict["emails"] = emails

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.email_message import EmailMessage

        d = dict(src_dict)

        def _parse_error(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        mbox = d.pop("mbox", UNSET)

        start = d.pop("start", UNSET)

        total = d.pop("total", UNSET)

        _emails = d.pop("emails", UNSET)
        emails: list[EmailMessage] | Unset = UNSET
        if _emails is not UNSET:
            emails = []
            for emails_item_data in _emails:
                emails_item = EmailMessage.from_dict(emails_item_data)

                emails.append(emails_item)

        email_list_reply = cls(
            error=error,
            mbox=mbox,
            start=start,
            total=total,
            emails=emails,
        )

        email_list_reply.additional_properties = d
        return email_list_reply

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
