from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sent_sms import SentSms


T = TypeVar("T", bound="SentSmsLogReply")


@_attrs_define
class SentSmsLogReply:
    """ASSUMPTION: "an object" is all the service publishes. Assumed: `error` as elsewhere and
    the records in `sms`, newest first, like `/getsms/`. Clients keep the raw mapping: in
    every reply whose shape is an ASSUMPTION, smsmobile's typed records read each field
    when present and readable (None otherwise) and keep the record's mapping as `raw`.

        Attributes:
            error (int | str | Unset): 0 (or "0") when all is well; any other value means failed or blocked.
            sms (list[SentSms] | Unset):
    """

    error: int | str | Unset = UNSET
    sms: list[SentSms] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        sms: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sms, Unset):
            sms = []
            for sms_item_data in self.sms:
                sms_item = sms_item_data.to_dict()
                sms.append(sms_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if sms is not UNSET:
            field_dict["sms"] = sms

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.sent_sms import SentSms

        d = dict(src_dict)

        def _parse_error(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        _sms = d.pop("sms", UNSET)
        sms: list[SentSms] | Unset = UNSET
        if _sms is not UNSET:
            sms = []
            for sms_item_data in _sms:
                sms_item = SentSms.from_dict(sms_item_data)

                sms.append(sms_item)

        sent_sms_log_reply = cls(
            error=error,
            sms=sms,
        )

        sent_sms_log_reply.additional_properties = d
        return sent_sms_log_reply

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
