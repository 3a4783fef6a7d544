"""The transports: one generic exchange per call of an operation, over REST or SOAP.

`base` holds the seam (`Transport`) and is all that `import smsmobile` loads; `rest` (httpx and
the generated client) and `soap` (zeep, lxml, requests) are imported only by the client that
uses them, so a REST-only install never needs zeep.
"""

from .base import MAX_REPLY_BYTES, Transport

__all__ = ["MAX_REPLY_BYTES", "Transport"]
