"""Contains all the data models used in inputs/outputs"""

from .auto_reply_flags import AutoReplyFlags
from .call_list_reply import CallListReply
from .call_record import CallRecord
from .chat_gpt_usage import ChatGptUsage
from .check_number_reply import CheckNumberReply
from .device import Device
from .device_list_reply import DeviceListReply
from .email_form import EmailForm
from .email_form_allow_self_signed import EmailFormAllowSelfSigned
from .email_form_unsubscribe import EmailFormUnsubscribe
from .email_list_reply import EmailListReply
from .email_message import EmailMessage
from .email_send_reply import EmailSendReply
from .error_body import ErrorBody
from .inbound_message import InboundMessage
from .inbound_message_page import InboundMessagePage
from .message_type import MessageType
from .missed_calls_reply import MissedCallsReply
from .notification import Notification
from .notification_form import NotificationForm
from .notification_list_reply import NotificationListReply
from .notification_send_reply import NotificationSendReply
from .received_sms import ReceivedSms
from .received_sms_reply import ReceivedSmsReply
from .received_sms_result import ReceivedSmsResult
from .resend_form import ResendForm
from .retrieval_reply import RetrievalReply
from .retrieval_status import RetrievalStatus
from .send_form import SendForm
from .send_reply import SendReply
from .send_result import SendResult
from .sent_sms import SentSms
from .sent_sms_log_reply import SentSmsLogReply
from .sim_port import SimPort
from .sort_direction import SortDirection
from .sync_reply import SyncReply
from .token_error import TokenError
from .token_form import TokenForm
from .token_form_grant_type import TokenFormGrantType
from .token_reply import TokenReply
from .yes_flag import YesFlag
from .zero_one import ZeroOne

__all__ = (
    "AutoReplyFlags",
    "CallListReply",
    "CallRecord",
    "ChatGptUsage",
    "CheckNumberReply",
    "Device",
    "DeviceListReply",
    "EmailForm",
    "EmailFormAllowSelfSigned",
    "EmailFormUnsubscribe",
    "EmailListReply",
    "EmailMessage",
    "EmailSendReply",
    "ErrorBody",
    "InboundMessage",
    "InboundMessagePage",
    "MessageType",
    "MissedCallsReply",
    "Notification",
    "NotificationForm",
    "NotificationListReply",
    "NotificationSendReply",
    "ReceivedSms",
    "ReceivedSmsReply",
    "ReceivedSmsResult",
    "ResendForm",
    "RetrievalReply",
    "RetrievalStatus",
    "SendForm",
    "SendReply",
    "SendResult",
    "SentSms",
    "SentSmsLogReply",
    "SimPort",
    "SortDirection",
    "SyncReply",
    "TokenError",
    "TokenForm",
    "TokenFormGrantType",
    "TokenReply",
    "YesFlag",
    "ZeroOne",
)
