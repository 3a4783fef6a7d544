from enum import StrEnum


class MessageType(StrEnum):
    ALL = ""
    AUDIO = "audio"
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
