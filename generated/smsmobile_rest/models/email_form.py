from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.email_form_allow_self_signed import EmailFormAllowSelfSigned
from ..models.email_form_unsubscribe import EmailFormUnsubscribe
from ..types import UNSET, Unset

T = TypeVar("T", bound="EmailForm")


@_attrs_define
class EmailForm:
    """
    Attributes:
        apikeybox (str): The key of one mailbox of the account (`apikeybox`); a secret like the API key.
        sender_name (str):
        sender_email (str):
        recipient_email (str):
        mail_subject (str):
        mail_body (str):
        allow_self_signed (EmailFormAllowSelfSigned): "yes": accept the mailbox server's self-signed TLS certificate.
        apikey (str | Unset): The API key; omit it with a bearer token.
        unsubscribe (EmailFormUnsubscribe | Unset): "1": add an unsubscribe link.
        attachment_base_64 (str | Unset): One attachment, base64-encoded.
        attachment_base_64_name_1 (str | Unset): The attachment's file name.
    """

    apikeybox: str
    sender_name: str
    sender_email: str
    recipient_email: str
    mail_subject: str
    mail_body: str
    allow_self_signed: EmailFormAllowSelfSigned
    apikey: str | Unset = UNSET
    unsubscribe: EmailFormUnsubscribe | Unset = UNSET
    attachment_base_64: str | Unset = UNSET
    attachment_base_64_name_1: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        apikeybox = self.apikeybox

        sender_name = self.sender_name

        sender_email = self.sender_email

        recipient_email = self.recipient_email

        mail_subject = self.mail_subject

        mail_body = self.mail_body

        allow_self_signed = self.allow_self_signed.value

        apikey = self.apikey

        unsubscribe: str | Unset = UNSET
        if not isinstance(self.unsubscribe, Unset):
            unsubscribe = self.unsubscribe.value

        attachment_base_64 = self.attachment_base_64

        attachment_base_64_name_1 = self.attachment_base_64_name_1

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apikeybox": apikeybox,
                "sender_name": sender_name,
                "sender_email": sender_email,
                "recipient_email": recipient_email,
                "mail_subject": mail_subject,
                "mail_body": mail_body,
                "allow_self_signed": allow_self_signed,
            }
        )
        if apikey is not UNSET:
            field_dict["apikey"] = apikey
        if unsubscribe is not UNSET:
            field_dict["unsubscribe"] = unsubscribe
        if attachment_base_64 is not UNSET:
            field_dict["attachmentBase64"] = attachment_base_64
        if attachment_base_64_name_1 is not UNSET:
            field_dict["attachmentBase64_name_1"] = attachment_base_64_name_1

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        apikeybox = d.pop("apikeybox")

        sender_name = d.pop("sender_name")

        sender_email = d.pop("sender_email")

        recipient_email = d.pop("recipient_email")

        mail_subject = d.pop("mail_subject")

        mail_body = d.pop("mail_body")

        allow_self_signed = EmailFormAllowSelfSigned(d.pop("allow_self_signed"))

        apikey = d.pop("apikey", UNSET)

        _unsubscribe = d.pop("unsubscribe", UNSET)
        unsubscribe: EmailFormUnsubscribe | Unset
        if isinstance(_unsubscribe, Unset):
            unsubscribe = UNSET
        else:
            unsubscribe = EmailFormUnsubscribe(_unsubscribe)

        attachment_base_64 = d.pop("attachmentBase64", UNSET)

        attachment_base_64_name_1 = d.pop("attachmentBase64_name_1", UNSET)

        email_form = cls(
            apikeybox=apikeybox,
            sender_name=sender_name,
            sender_email=sender_email,
            recipient_email=recipient_email,
            mail_subject=mail_subject,
            mail_body=mail_body,
            allow_self_signed=allow_self_signed,
            apikey=apikey,
            unsubscribe=unsubscribe,
            attachment_base_64=attachment_base_64,
            attachment_base_64_name_1=attachment_base_64_name_1,
        )

        email_form.additional_properties = d
        return email_form

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
