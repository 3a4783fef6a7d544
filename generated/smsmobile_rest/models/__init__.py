"""Contains all the data models used in inputs/outputs"""

from .auto_reply_flags import AutoReplyFlags
from .chat_gpt_usage import ChatGptUsage
from .check_number_reply import CheckNumberReply
from .error_body import ErrorBody
from .inbound_message import InboundMessage
from .inbound_message_page import InboundMessagePage
from .message_type import MessageType
from .resend_form import ResendForm
from .retrieval_reply import RetrievalReply
from .retrieval_status import RetrievalStatus
from .send_form import SendForm
from .send_reply import SendReply
from .send_result import SendResult
from .sim_port import SimPort
from .sync_reply import SyncReply
from .token_error import TokenError
from .token_form import TokenForm
from .token_form_grant_type import TokenFormGrantType
from .token_reply import TokenReply
from .yes_flag import YesFlag
from .zero_one import ZeroOne

__all__ = (
    "AutoReplyFlags",
    "ChatGptUsage",
    "CheckNumberReply",
    "ErrorBody",
    "InboundMessage",
    "InboundMessagePage",
    "MessageType",
    "ResendForm",
    "RetrievalReply",
    "RetrievalStatus",
    "SendForm",
    "SendReply",
    "SendResult",
    "SimPort",
    "SyncReply",
    "TokenError",
    "TokenForm",
    "TokenFormGrantType",
    "TokenReply",
    "YesFlag",
    "ZeroOne",
)
