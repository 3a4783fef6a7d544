from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendResult")


@_attrs_define
class SendResult:
    """A send (or resend) the phone accepted. Acceptance is not delivery.

    Attributes:
        error (int | str): 0 (or "0") when all is well; any other value means failed or blocked.
        sent (str | Unset): "1" when the phone accepted the job.
        id (str | Unset): ASSUMPTION: the `result.id` of a send reply (40 hex characters) is the GUID that
            `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no
            format, so any 1 to 128 visible ASCII characters (no space, no control) are taken.
        note (str | Unset):
        datetime_ (str | Unset): ISO 8601 date and time
        send_with_whatsapp (str | Unset): "1" when WhatsApp is used.
    """

    error: int | str
    sent: str | Unset = UNSET
    id: str | Unset = UNSET
    note: str | Unset = UNSET
    datetime_: str | Unset = UNSET
    send_with_whatsapp: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str
        error = self.error

        sent = self.sent

        id = self.id

        note = self.note

        datetime_ = self.datetime_

        send_with_whatsapp = self.send_with_whatsapp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if sent is not UNSET:
            field_dict["sent"] = sent
        if id is not UNSET:
            field_dict["id"] = id
        if note is not UNSET:
            field_dict["note"] = note
        if datetime_ is not UNSET:
            field_dict["datetime"] = datetime_
        if send_with_whatsapp is not UNSET:
            field_dict["send_with_whatsapp"] = send_with_whatsapp

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str:
            return cast(int | str, data)

        error = _parse_error(d.pop("error"))

        sent = d.pop("sent", UNSET)

        id = d.pop("id", UNSET)

        note = d.pop("note", UNSET)

        datetime_ = d.pop("datetime", UNSET)

        send_with_whatsapp = d.pop("send_with_whatsapp", UNSET)

        send_result = cls(
            error=error,
            sent=sent,
            id=id,
            note=note,
            datetime_=datetime_,
            send_with_whatsapp=send_with_whatsapp,
        )

        send_result.additional_properties = d
        return send_result

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
