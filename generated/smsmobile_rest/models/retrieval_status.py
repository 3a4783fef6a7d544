from enum import StrEnum


class RetrievalStatus(StrEnum):
    VALUE_0 = "1"
    VALUE_1 = "0"
    X = "x"

    def __str__(self) -> str:
        return str(self.value)
