from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.zero_one import ZeroOne
from ..types import UNSET, Unset

T = TypeVar("T", bound="RetrievalReply")


@_attrs_define
class RetrievalReply:
    """ASSUMPTION: not published. `statut` is the state after the call ("1" on, "0" off);
    whether the service keeps inbound messages for retrieval (off by default).

        Attributes:
            error (int | str): 0 (or "0") when all is well; any other value means failed or blocked.
            statut (ZeroOne | Unset): A documented on/off flag.
            message (str | Unset):
    """

    error: int | str
    statut: ZeroOne | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: int | str
        error = self.error

        statut: str | Unset = UNSET
        if not isinstance(self.statut, Unset):
            statut = self.statut.value

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if statut is not UNSET:
            field_dict["statut"] = statut
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> int | str:
            return cast(int | str, data)

        error = _parse_error(d.pop("error"))

        _statut = d.pop("statut", UNSET)
        statut: ZeroOne | Unset
        if isinstance(_statut, Unset):
            statut = UNSET
        else:
            statut = ZeroOne(_statut)

        message = d.pop("message", UNSET)

        retrieval_reply = cls(
            error=error,
            statut=statut,
            message=message,
        )

        retrieval_reply.additional_properties = d
        return retrieval_reply

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
