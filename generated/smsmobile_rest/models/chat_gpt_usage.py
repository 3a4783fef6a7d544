from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChatGptUsage")


@_attrs_define
class ChatGptUsage:
    """Token counts and cost as strings, and the reply ChatGPT gave.

    Attributes:
        prompt_tokens (str | Unset):
        completion_tokens (str | Unset):
        total_tokens (str | Unset):
        total_tokens_cost (str | Unset):
        response (str | Unset):
    """

    prompt_tokens: str | Unset = UNSET
    completion_tokens: str | Unset = UNSET
    total_tokens: str | Unset = UNSET
    total_tokens_cost: str | Unset = UNSET
    response: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        total_tokens = self.total_tokens

        total_tokens_cost = self.total_tokens_cost

        response = self.response

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if prompt_tokens is not UNSET:
            field_dict["prompt_tokens"] = prompt_tokens
        if completion_tokens is not UNSET:
            field_dict["completion_tokens"] = completion_tokens
        if total_tokens is not UNSET:
            field_dict["total_tokens"] = total_tokens
        if total_tokens_cost is not UNSET:
            field_dict["total_tokens_cost"] = total_tokens_cost
        if response is not UNSET:
            field_dict["response"] = response

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt_tokens = d.pop("prompt_tokens", UNSET)

        completion_tokens = d.pop("completion_tokens", UNSET)

        total_tokens = d.pop("total_tokens", UNSET)

        total_tokens_cost = d.pop("total_tokens_cost", UNSET)

        response = d.pop("response", UNSET)

        chat_gpt_usage = cls(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=total_tokens,
            total_tokens_cost=total_tokens_cost,
            response=response,
        )

        chat_gpt_usage.additional_properties = d
        return chat_gpt_usage

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
