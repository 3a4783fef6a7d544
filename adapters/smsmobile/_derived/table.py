# ruff: noqa: E501 (the spec's descriptions, verbatim)
"""The operation table: every request field's rules, every facade argument.

Derived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do not edit; run
`make generate`.
"""

from __future__ import annotations

from typing import Final

from .._table import OperationSpec, operation_specs

__all__ = ["OPERATION_SPECS"]

OPERATION_SPECS: Final[tuple[OperationSpec, ...]] = operation_specs(r"""[
{"operation_id": "sendWhatsapp", "name": "send", "method_name": "send", "namespace": "whatsapp", "soap": "SendWhatsApp", "rest_method": "POST", "rest_path": "/sendsms/", "retry": "never", "reply": "sent", "command": ["send"], "summary": "Send a WhatsApp message (form body)",
 "fields": [
  {"wire": "waonly", "location": "query", "required": false, "type": "string", "enum": ["yes"], "description": "\"yes\": WhatsApp only."},
  {"wire": "sendwa", "location": "query", "required": false, "type": "string", "enum": ["0", "1"], "description": "\"1\": also send via WhatsApp."},
  {"wire": "sendsms", "location": "query", "required": false, "type": "string", "enum": ["0", "1"], "description": "\"1\": also send as SMS (\"0\": no SMS)."},
  {"wire": "recipients", "location": "form", "required": true, "type": "string", "pattern": "^\\+?[0-9]{6,15}$", "description": "Country code then number, digits only, without \"00\" (doc example 191728660). The doc's own curl example sends \"+1234567890\", so a leading \"+\" is accepted too. Clients may accept more human forms (spaces, dashes, brackets, 00) and normalise them before sending."},
  {"wire": "message", "location": "form", "required": true, "type": "string", "min_length": 1, "description": "The text; several lines allowed; WhatsApp formatting with _ * ~ and ```."},
  {"wire": "url_media", "location": "form", "required": false, "type": "string", "pattern": "^https://.+$", "max_length": 2048, "extensions": ["pdf", "xml", "doc", "docx", "odt", "rtf", "txt", "tex", "xls", "xlsx", "csv", "ods", "ppt", "pptx", "odp", "zip", "rar", "7z", "tar", "gz", "jpg", "jpeg", "png"], "description": "A direct, public https:// link to a pdf, xml, doc, docx, odt, rtf, txt, tex, xls, xlsx, csv, ods, ppt, pptx, odp, zip, rar, 7z, tar, gz, jpg, jpeg or png file."},
  {"wire": "pdf_with_image", "location": "form", "required": false, "type": "string", "enum": ["yes"], "description": "A documented flag that is set by the value \"yes\" and unset by omission."},
  {"wire": "url_media_shorted", "location": "form", "required": false, "type": "string", "enum": ["yes"], "description": "A documented flag that is set by the value \"yes\" and unset by omission."},
  {"wire": "schedule_timestamp", "location": "form", "required": false, "type": "integer", "minimum": 0, "description": "Seconds since 1970-01-01 UTC."},
  {"wire": "sIdentifiant", "location": "form", "required": false, "type": "string", "min_length": 1, "max_length": 64, "description": "The SID of the sending device, when the account has several."},
  {"wire": "port", "location": "form", "required": false, "type": "integer", "enum": [1, 2], "description": "The SIM slot of the phone."},
  {"wire": "shorturl", "location": "form", "required": false, "type": "string", "enum": ["0", "1"], "description": "A documented on/off flag."}],
 "arguments": [
  {"python": "to", "wire": ["recipients"], "plain": false, "positional": true, "cli": {"flag": "--to", "metavar": "NUMBER", "help": "country code and number; spaces, dashes and a leading + or 00 are fine"}},
  {"python": "message", "wire": ["message"], "plain": false, "positional": true, "cli": {"flag": "--message", "metavar": "TEXT", "help": "the text (_italic_, *bold*, ~strike~, ```mono```); '-' reads stdin"}},
  {"python": "media_url", "wire": ["url_media"], "plain": false, "positional": false, "cli": {"flag": "--media", "metavar": "URL", "help": "https link to a file to attach (pdf, jpg, png, docx, xlsx, zip, ...)"}},
  {"python": "pdf_preview", "wire": ["pdf_with_image"], "plain": false, "positional": false, "cli": {"flag": "--pdf-preview", "action": "store_true", "help": "show a preview image of the PDF given with --media"}},
  {"python": "short_url", "wire": ["url_media_shorted"], "plain": false, "positional": false, "cli": {"flag": "--short-url", "action": "store_true", "help": "shorten the link of the PDF preview"}},
  {"python": "also_sms", "wire": ["waonly", "sendwa", "sendsms"], "plain": false, "positional": false, "cli": {"flag": "--also-sms", "action": "store_true", "help": "send by SMS as well as WhatsApp (default: WhatsApp only)"}},
  {"python": "schedule_at", "wire": ["schedule_timestamp"], "plain": false, "positional": false, "cli": {"flag": "--schedule-at", "metavar": "WHEN", "parse": "when", "help": "send later: unix seconds or an ISO 8601 time (UTC if no offset)"}},
  {"python": "device_sid", "wire": ["sIdentifiant"], "plain": false, "positional": false, "cli": {"flag": "--device", "metavar": "SID", "help": "the device SID to send from"}},
  {"python": "sim_port", "wire": ["port"], "plain": false, "positional": false, "cli": {"flag": "--sim", "parse": "int", "choices": [1, 2], "help": "the SIM slot to send from"}}]},
{"operation_id": "resendWhatsapp", "name": "resend", "method_name": "resend", "namespace": "whatsapp", "soap": "ResendWhatsApp", "rest_method": "POST", "rest_path": "/resendwa/", "retry": "never", "reply": "resent", "command": ["resend"], "summary": "Resend a message that is in error status (form body)",
 "fields": [
  {"wire": "guid", "location": "form", "required": true, "type": "string", "pattern": "^[!-~]+$", "min_length": 1, "max_length": 128, "description": "ASSUMPTION: the `result.id` of a send reply (40 hex characters) is the GUID that `/resendwa/` takes. Inbound messages carry UUIDs instead. The service promises no format, so any 1 to 128 visible ASCII characters (no space, no control) are taken."}],
 "arguments": [
  {"python": "guid", "wire": ["guid"], "plain": false, "positional": true, "cli": {"flag": "GUID", "help": "the GUID `smsmobile send` printed"}}]},
{"operation_id": "setRetrieval", "name": "set_retrieval", "method_name": "set_retrieval", "namespace": "whatsapp", "soap": "SetRetrieval", "rest_method": "GET", "rest_path": "/getwa/active/", "retry": "not_a_toggle", "reply": "retrieval", "command": ["retrieval"], "summary": "Turn the retrieval of inbound messages on or off",
 "fields": [
  {"wire": "statut", "location": "query", "required": false, "type": "string", "enum": ["1", "0", "x"], "description": "1 turns retrieval on, 0 off, x toggles it."}],
 "arguments": [
  {"python": "enabled", "wire": ["statut"], "plain": false, "positional": true, "cli": {"flag": "on|off|toggle"}}]},
{"operation_id": "synchronize", "name": "synchronize", "method_name": "synchronize", "namespace": "whatsapp", "soap": "Synchronize", "rest_method": "GET", "rest_path": "/getwa/synchronisation/", "retry": "always", "reply": "window", "command": ["sync"], "summary": "Open a time-limited window for retrieving new inbound messages",
 "fields": [
],
 "arguments": [
]},
{"operation_id": "getMessages", "name": "fetch_messages", "method_name": "fetch_page", "namespace": "whatsapp", "soap": "GetMessages", "rest_method": "GET", "rest_path": "/getwa/", "retry": "always", "reply": "page", "command": ["inbox"], "summary": "Retrieve received WhatsApp messages",
 "fields": [
  {"wire": "before", "location": "query", "required": false, "type": "integer", "minimum": 0, "description": "Only records strictly older than this unix timestamp."},
  {"wire": "date", "location": "query", "required": false, "type": "string", "format": "date", "description": "Only records of this day (yyyy-mm-dd)."},
  {"wire": "message_type", "location": "query", "required": false, "type": "string", "enum": ["text", "audio", ""], "description": "Empty or omitted for all messages."}],
 "arguments": [
  {"python": "date", "wire": ["date"], "plain": false, "positional": false, "cli": {"flag": "--date", "metavar": "YYYY-MM-DD", "help": "only messages of that day"}},
  {"python": "message_type", "wire": ["message_type"], "plain": false, "positional": false, "cli": {"flag": "--type", "choices": ["text", "audio"], "help": "only text, or only (transcribed) voice messages"}},
  {"python": "before", "wire": ["before"], "plain": false, "positional": false, "cli": {"flag": "--before", "metavar": "UNIX_TS", "parse": "non_negative_int", "help": "only messages older than this unix timestamp"}}]},
{"operation_id": "checkNumber", "name": "check_number", "method_name": "check_number", "namespace": "whatsapp", "soap": "CheckNumber", "rest_method": "GET", "rest_path": "/whatsapp/checknumber/", "retry": "always", "reply": "number", "command": ["check"], "summary": "Tell whether a number is on WhatsApp",
 "fields": [
  {"wire": "recipients", "location": "query", "required": true, "type": "string", "pattern": "^\\+?[0-9]{6,15}$", "description": "Country code then number, digits only, without \"00\" (doc example 191728660). The doc's own curl example sends \"+1234567890\", so a leading \"+\" is accepted too. Clients may accept more human forms (spaces, dashes, brackets, 00) and normalise them before sending."}],
 "arguments": [
  {"python": "number", "wire": ["recipients"], "plain": false, "positional": true, "cli": {"flag": "NUMBER", "help": "country code and number"}}]},
{"operation_id": "listReceivedSms", "name": "sms_received", "method_name": "received", "namespace": "sms", "soap": "ListReceivedSms", "rest_method": "GET", "rest_path": "/getsms/", "retry": "always", "reply": "ReceivedSms in sms", "command": ["sms", "inbox"], "summary": "List the SMS the account's phones received",
 "fields": [
  {"wire": "after_timestamp_unix", "location": "query", "required": false, "type": "integer", "minimum": 0, "description": "Only SMS received after this unix timestamp."},
  {"wire": "sIdentifiantPhone", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 64, "description": "Only SMS received by this phone (its SID)."},
  {"wire": "onlyunread", "location": "query", "required": false, "type": "string", "enum": ["yes"], "description": "\"yes\": only SMS not read yet. ASSUMPTION (not published): an SMS counts as read once `/getsms/` has returned it."}],
 "arguments": [
  {"python": "since", "wire": ["after_timestamp_unix"], "plain": true, "positional": false, "cli": {"flag": "--since"}},
  {"python": "device_sid", "wire": ["sIdentifiantPhone"], "plain": true, "positional": false, "cli": {"flag": "--device-sid"}},
  {"python": "unread_only", "wire": ["onlyunread"], "plain": true, "positional": false, "cli": {"flag": "--unread-only"}}]},
{"operation_id": "listSentSms", "name": "sms_sent", "method_name": "sent", "namespace": "sms", "soap": "ListSentSms", "rest_method": "GET", "rest_path": "/log/sent/sms/", "retry": "always", "reply": "SentSms in sms", "command": ["sms", "sent"], "summary": "The log of sent SMS (by guid, keyword, errors)",
 "fields": [
  {"wire": "guid_message", "location": "query", "required": false, "type": "string", "pattern": "^[!-~]+$", "min_length": 1, "max_length": 128, "description": "Only the message with this guid (a send's `result.id`)."},
  {"wire": "keyword", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 255, "description": "Only messages whose text contains this."},
  {"wire": "error_api", "location": "query", "required": false, "type": "string", "enum": ["0", "1"], "description": "\"1\": only messages the API refused; \"0\": only the others."},
  {"wire": "error_mobile", "location": "query", "required": false, "type": "string", "enum": ["0", "1"], "description": "\"1\": only messages the phone failed to send; \"0\": only the others."}],
 "arguments": [
  {"python": "guid", "wire": ["guid_message"], "plain": true, "positional": false, "cli": {"flag": "--guid"}},
  {"python": "keyword", "wire": ["keyword"], "plain": true, "positional": false, "cli": {"flag": "--keyword"}},
  {"python": "api_errors", "wire": ["error_api"], "plain": true, "positional": false, "cli": {"flag": "--api-errors"}},
  {"python": "phone_errors", "wire": ["error_mobile"], "plain": true, "positional": false, "cli": {"flag": "--phone-errors"}}]},
{"operation_id": "listDevices", "name": "devices_list", "method_name": "list", "namespace": "devices", "soap": "ListDevices", "rest_method": "GET", "rest_path": "/gateway/mobile/list/", "retry": "always", "reply": "Device in mobiles", "command": ["devices"], "summary": "The phones connected to the account, with their SIDs and status",
 "fields": [
  {"wire": "sid", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 64, "description": "Only the phone with this SID."},
  {"wire": "search", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 255, "description": "Only phones whose name or SID contains this."}],
 "arguments": [
  {"python": "sid", "wire": ["sid"], "plain": true, "positional": false, "cli": {"flag": "--sid"}},
  {"python": "search", "wire": ["search"], "plain": true, "positional": false, "cli": {"flag": "--search"}}]},
{"operation_id": "listMissedCalls", "name": "calls_missed", "method_name": "missed", "namespace": "calls", "soap": "ListMissedCalls", "rest_method": "GET", "rest_path": "/call/missed/list/", "retry": "always", "reply": "CallRecord in data", "command": ["calls", "missed"], "summary": "Missed calls, newest first, one page",
 "fields": [
  {"wire": "offset", "location": "query", "required": false, "type": "integer", "minimum": 0, "description": "How many records to skip."},
  {"wire": "limit", "location": "query", "required": false, "type": "integer", "minimum": 1, "maximum": 500, "description": "How many records at most (default 100)."},
  {"wire": "search", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 255, "description": "Only calls whose number or name contains this."},
  {"wire": "date_start", "location": "query", "required": false, "type": "string", "format": "date", "description": "Only calls on or after this day (yyyy-mm-dd)."},
  {"wire": "date_end", "location": "query", "required": false, "type": "string", "format": "date", "description": "Only calls on or before this day (yyyy-mm-dd)."}],
 "arguments": [
  {"python": "offset", "wire": ["offset"], "plain": true, "positional": false, "cli": {"flag": "--offset"}},
  {"python": "limit", "wire": ["limit"], "plain": true, "positional": false, "cli": {"flag": "--limit"}},
  {"python": "search", "wire": ["search"], "plain": true, "positional": false, "cli": {"flag": "--search"}},
  {"python": "date_start", "wire": ["date_start"], "plain": true, "positional": false, "cli": {"flag": "--date-start"}},
  {"python": "date_end", "wire": ["date_end"], "plain": true, "positional": false, "cli": {"flag": "--date-end"}}]},
{"operation_id": "listIncomingCalls", "name": "calls_incoming", "method_name": "incoming", "namespace": "calls", "soap": "ListIncomingCalls", "rest_method": "GET", "rest_path": "/call/incoming/list/", "retry": "always", "reply": "CallRecord in rows", "command": ["calls", "incoming"], "summary": "Incoming (answered) calls, one page",
 "fields": [
  {"wire": "offset", "location": "query", "required": false, "type": "integer", "minimum": 0, "description": "How many records to skip."},
  {"wire": "limit", "location": "query", "required": false, "type": "integer", "minimum": 1, "maximum": 200, "description": "How many records at most (default 50)."},
  {"wire": "q", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 255, "description": "Only calls whose number or cached name contains this."},
  {"wire": "sort_dir", "location": "query", "required": false, "type": "string", "enum": ["asc", "desc"], "description": "By call time; newest first by default."}],
 "arguments": [
  {"python": "offset", "wire": ["offset"], "plain": true, "positional": false, "cli": {"flag": "--offset"}},
  {"python": "limit", "wire": ["limit"], "plain": true, "positional": false, "cli": {"flag": "--limit"}},
  {"python": "q", "wire": ["q"], "plain": true, "positional": false, "cli": {"flag": "--q"}},
  {"python": "sort_dir", "wire": ["sort_dir"], "plain": true, "positional": false, "cli": {"flag": "--sort-dir"}}]},
{"operation_id": "listOutgoingCalls", "name": "calls_outgoing", "method_name": "outgoing", "namespace": "calls", "soap": "ListOutgoingCalls", "rest_method": "GET", "rest_path": "/call/outgoing/list/", "retry": "always", "reply": "CallRecord in rows", "command": ["calls", "outgoing"], "summary": "Outgoing calls, one page",
 "fields": [
  {"wire": "offset", "location": "query", "required": false, "type": "integer", "minimum": 0, "description": "How many records to skip."},
  {"wire": "limit", "location": "query", "required": false, "type": "integer", "minimum": 1, "maximum": 200, "description": "How many records at most (default 50)."},
  {"wire": "q", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 255, "description": "Only calls whose number or cached name contains this."},
  {"wire": "sort_dir", "location": "query", "required": false, "type": "string", "enum": ["asc", "desc"], "description": "By call time; newest first by default."}],
 "arguments": [
  {"python": "offset", "wire": ["offset"], "plain": true, "positional": false, "cli": {"flag": "--offset"}},
  {"python": "limit", "wire": ["limit"], "plain": true, "positional": false, "cli": {"flag": "--limit"}},
  {"python": "q", "wire": ["q"], "plain": true, "positional": false, "cli": {"flag": "--q"}},
  {"python": "sort_dir", "wire": ["sort_dir"], "plain": true, "positional": false, "cli": {"flag": "--sort-dir"}}]},
{"operation_id": "sendNotification", "name": "notifications_send", "method_name": "send", "namespace": "notifications", "soap": "SendNotification", "rest_method": "POST", "rest_path": "/notification/send", "retry": "never", "reply": "SentNotification", "command": ["notifications", "send"], "summary": "Show a notification on one of the account's phones",
 "fields": [
  {"wire": "sid", "location": "form", "required": true, "type": "string", "min_length": 1, "max_length": 64, "description": "The SID of the sending device, when the account has several."},
  {"wire": "message", "location": "form", "required": true, "type": "string", "min_length": 1, "max_length": 2000, "description": ""},
  {"wire": "title", "location": "form", "required": false, "type": "string", "min_length": 1, "max_length": 255, "description": ""},
  {"wire": "type", "location": "form", "required": false, "type": "string", "min_length": 1, "max_length": 64, "description": ""}],
 "arguments": [
  {"python": "sid", "wire": ["sid"], "plain": true, "positional": true, "cli": {"flag": "--sid"}},
  {"python": "message", "wire": ["message"], "plain": true, "positional": true, "cli": {"flag": "--message"}},
  {"python": "title", "wire": ["title"], "plain": true, "positional": false, "cli": {"flag": "--title"}},
  {"python": "type", "wire": ["type"], "plain": true, "positional": false, "cli": {"flag": "--type"}}]},
{"operation_id": "listNotifications", "name": "notifications_list", "method_name": "list", "namespace": "notifications", "soap": "ListNotifications", "rest_method": "GET", "rest_path": "/notification/list/", "retry": "always", "reply": "Notification in notifications", "command": ["notifications", "list"], "summary": "The history of notifications sent to the phones",
 "fields": [
  {"wire": "sidentifiant", "location": "query", "required": false, "type": "string", "min_length": 1, "max_length": 64, "description": "Only notifications for this phone (its SID)."},
  {"wire": "distribued", "location": "query", "required": false, "type": "string", "enum": ["0", "1"], "description": "\"1\": only those the phone has shown; \"0\": only the others."},
  {"wire": "date_start", "location": "query", "required": false, "type": "string", "format": "date", "description": "Only notifications on or after this day (yyyy-mm-dd)."},
  {"wire": "date_end", "location": "query", "required": false, "type": "string", "format": "date", "description": "Only notifications on or before this day (yyyy-mm-dd)."}],
 "arguments": [
  {"python": "sidentifiant", "wire": ["sidentifiant"], "plain": true, "positional": false, "cli": {"flag": "--sidentifiant"}},
  {"python": "distribued", "wire": ["distribued"], "plain": true, "positional": false, "cli": {"flag": "--distribued"}},
  {"python": "date_start", "wire": ["date_start"], "plain": true, "positional": false, "cli": {"flag": "--date-start"}},
  {"python": "date_end", "wire": ["date_end"], "plain": true, "positional": false, "cli": {"flag": "--date-end"}}]},
{"operation_id": "sendEmail", "name": "email_send", "method_name": "send", "namespace": "email", "soap": "SendEmail", "rest_method": "POST", "rest_path": "/sendemail/", "retry": "never", "reply": "SentEmail", "command": ["email", "send"], "summary": "Send an e-mail through one of the account's mailboxes",
 "fields": [
  {"wire": "apikeybox", "location": "form", "required": true, "type": "string", "min_length": 1, "max_length": 255, "description": "The key of one mailbox of the account (`apikeybox`); a secret like the API key."},
  {"wire": "sender_name", "location": "form", "required": true, "type": "string", "min_length": 1, "max_length": 255, "description": ""},
  {"wire": "sender_email", "location": "form", "required": true, "type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "max_length": 254, "format": "email", "description": ""},
  {"wire": "recipient_email", "location": "form", "required": true, "type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "max_length": 254, "format": "email", "description": ""},
  {"wire": "mail_subject", "location": "form", "required": true, "type": "string", "min_length": 1, "max_length": 998, "description": ""},
  {"wire": "mail_body", "location": "form", "required": true, "type": "string", "min_length": 1, "description": ""},
  {"wire": "allow_self_signed", "location": "form", "required": true, "type": "string", "enum": ["yes", "no"], "description": "\"yes\": accept the mailbox server's self-signed TLS certificate."},
  {"wire": "unsubscribe", "location": "form", "required": false, "type": "string", "enum": ["1"], "description": "\"1\": add an unsubscribe link."},
  {"wire": "attachmentBase64", "location": "form", "required": false, "type": "string", "pattern": "^[A-Za-z0-9+/\\r\\n]+={0,2}\\s*$", "min_length": 1, "description": "One attachment, base64-encoded."},
  {"wire": "attachmentBase64_name_1", "location": "form", "required": false, "type": "string", "min_length": 1, "max_length": 255, "description": "The attachment's file name."}],
 "arguments": [
  {"python": "apikeybox", "wire": ["apikeybox"], "plain": true, "positional": true, "cli": {"flag": "--apikeybox"}},
  {"python": "sender_name", "wire": ["sender_name"], "plain": true, "positional": true, "cli": {"flag": "--sender-name"}},
  {"python": "sender_email", "wire": ["sender_email"], "plain": true, "positional": true, "cli": {"flag": "--sender-email"}},
  {"python": "recipient_email", "wire": ["recipient_email"], "plain": true, "positional": true, "cli": {"flag": "--recipient-email"}},
  {"python": "mail_subject", "wire": ["mail_subject"], "plain": true, "positional": true, "cli": {"flag": "--mail-subject"}},
  {"python": "mail_body", "wire": ["mail_body"], "plain": true, "positional": true, "cli": {"flag": "--mail-body"}},
  {"python": "allow_self_signed", "wire": ["allow_self_signed"], "plain": true, "positional": true, "cli": {"flag": "--allow-self-signed"}},
  {"python": "unsubscribe", "wire": ["unsubscribe"], "plain": true, "positional": false, "cli": {"flag": "--unsubscribe"}},
  {"python": "attachment_base64", "wire": ["attachmentBase64"], "plain": true, "positional": false, "cli": {"flag": "--attachment-base64"}},
  {"python": "attachment_base64_name_1", "wire": ["attachmentBase64_name_1"], "plain": true, "positional": false, "cli": {"flag": "--attachment-base64-name-1"}}]},
{"operation_id": "listEmails", "name": "email_list", "method_name": "list", "namespace": "email", "soap": "ListEmails", "rest_method": "GET", "rest_path": "/getemail/", "retry": "always", "reply": "MailboxPage", "command": ["email", "list"], "summary": "Read the messages of one folder of one of the account's mailboxes",
 "fields": [
  {"wire": "apikeybox", "location": "query", "required": true, "type": "string", "min_length": 1, "max_length": 255, "description": "The mailbox's own key (a secret)."},
  {"wire": "mbox", "location": "query", "required": true, "type": "string", "min_length": 1, "max_length": 255, "description": "The folder (INBOX by default)."},
  {"wire": "start", "location": "query", "required": true, "type": "integer", "minimum": 0, "description": "How many messages to skip (0 by default)."}],
 "arguments": [
  {"python": "apikeybox", "wire": ["apikeybox"], "plain": true, "positional": true, "cli": {"flag": "--apikeybox"}},
  {"python": "mbox", "wire": ["mbox"], "plain": true, "positional": true, "cli": {"flag": "--mbox"}},
  {"python": "start", "wire": ["start"], "plain": true, "positional": true, "cli": {"flag": "--start"}}]},
{"operation_id": "sendWhatsapp", "name": "sms_send", "method_name": "send", "namespace": "sms", "soap": "SendWhatsApp", "rest_method": "POST", "rest_path": "/sendsms/", "retry": "never", "reply": "sent", "command": ["sms", "send"], "summary": "Send a WhatsApp message (form body)",
 "fields": [
  {"wire": "waonly", "location": "query", "required": false, "type": "string", "enum": ["yes"], "description": "\"yes\": WhatsApp only."},
  {"wire": "sendwa", "location": "query", "required": false, "type": "string", "enum": ["0", "1"], "description": "\"1\": also send via WhatsApp."},
  {"wire": "sendsms", "location": "query", "required": false, "type": "string", "enum": ["0", "1"], "description": "\"1\": also send as SMS (\"0\": no SMS)."},
  {"wire": "recipients", "location": "form", "required": true, "type": "string", "pattern": "^\\+?[0-9]{6,15}$", "description": "Country code then number, digits only, without \"00\" (doc example 191728660). The doc's own curl example sends \"+1234567890\", so a leading \"+\" is accepted too. Clients may accept more human forms (spaces, dashes, brackets, 00) and normalise them before sending."},
  {"wire": "message", "location": "form", "required": true, "type": "string", "min_length": 1, "description": "The text; several lines allowed; WhatsApp formatting with _ * ~ and ```."},
  {"wire": "url_media", "location": "form", "required": false, "type": "string", "pattern": "^https://.+$", "max_length": 2048, "extensions": ["pdf", "xml", "doc", "docx", "odt", "rtf", "txt", "tex", "xls", "xlsx", "csv", "ods", "ppt", "pptx", "odp", "zip", "rar", "7z", "tar", "gz", "jpg", "jpeg", "png"], "description": "A direct, public https:// link to a pdf, xml, doc, docx, odt, rtf, txt, tex, xls, xlsx, csv, ods, ppt, pptx, odp, zip, rar, 7z, tar, gz, jpg, jpeg or png file."},
  {"wire": "pdf_with_image", "location": "form", "required": false, "type": "string", "enum": ["yes"], "description": "A documented flag that is set by the value \"yes\" and unset by omission."},
  {"wire": "url_media_shorted", "location": "form", "required": false, "type": "string", "enum": ["yes"], "description": "A documented flag that is set by the value \"yes\" and unset by omission."},
  {"wire": "schedule_timestamp", "location": "form", "required": false, "type": "integer", "minimum": 0, "description": "Seconds since 1970-01-01 UTC."},
  {"wire": "sIdentifiant", "location": "form", "required": false, "type": "string", "min_length": 1, "max_length": 64, "description": "The SID of the sending device, when the account has several."},
  {"wire": "port", "location": "form", "required": false, "type": "integer", "enum": [1, 2], "description": "The SIM slot of the phone."},
  {"wire": "shorturl", "location": "form", "required": false, "type": "string", "enum": ["0", "1"], "description": "A documented on/off flag."}],
 "arguments": [
  {"python": "to", "wire": ["recipients"], "plain": false, "positional": true, "cli": {"flag": "--to", "metavar": "NUMBER", "help": "country code and number"}},
  {"python": "message", "wire": ["message"], "plain": false, "positional": true, "cli": {"flag": "--message", "metavar": "TEXT", "help": "the text; '-' reads stdin"}},
  {"python": "schedule_at", "wire": ["schedule_timestamp"], "plain": false, "positional": false, "cli": {"flag": "--schedule-at", "metavar": "WHEN", "parse": "when", "help": "send later: unix seconds or an ISO 8601 time"}},
  {"python": "device_sid", "wire": ["sIdentifiant"], "plain": false, "positional": false, "cli": {"flag": "--device", "metavar": "SID", "help": "the device SID to send from"}},
  {"python": "sim_port", "wire": ["port"], "plain": false, "positional": false, "cli": {"flag": "--sim", "parse": "int", "choices": [1, 2], "help": "the SIM slot to send from"}}]}]""")
