"""A client library for accessing SMSMobileAPI WhatsApp"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
