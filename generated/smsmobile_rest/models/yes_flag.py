from enum import StrEnum


class YesFlag(StrEnum):
    YES = "yes"

    def __str__(self) -> str:
        return str(self.value)
