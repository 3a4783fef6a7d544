"""The one request checker (`_checker`): each rule of the spec it reads, and the words it uses."""

from __future__ import annotations

import pytest

from smsmobile._checker import problem, request_problem
from smsmobile._table import FieldRule
from smsmobile.contract import operation_spec


def rule(**settings: object) -> FieldRule:
    return FieldRule(wire="f", location="query", required=False, **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (rule(type="integer"), "12", None),
        (rule(type="integer"), "1.5", "must be an integer"),
        (rule(type="integer"), True, "must be an integer"),
        (rule(type="integer", minimum=1), "0", "must be at least 1"),
        (rule(type="integer", maximum=5), 6, "must be at most 5"),
        (rule(type="integer", exclusive_minimum=0), 0, "must be more than 0"),
        (rule(type="integer", exclusive_maximum=9), 9, "must be less than 9"),
        (rule(type="string", enum=("high", "normal")), "urgent", "must be one of: high, normal"),
        (rule(type="integer", enum=(1, 2)), 2, None),
        (rule(type="string", enum=("text", "")), "", None),
        (rule(type="string", min_length=1), "", "must not be empty"),
        (rule(type="string", max_length=3), "abcd", "at most 3 characters"),
        (rule(type="string", pattern="^[0-9]{3}$"), "123", None),
        (rule(type="string", pattern="^[0-9]{3}$"), "123\n", "must match ^[0-9]{3}$"),
        (rule(type="string", format="date"), "2025-02-30", "must be a date written yyyy-mm-dd"),
        (rule(type="string", format="date"), "2025-02-28", None),
        (rule(type="string", extensions=("pdf",)), "https://e.com/a.PDF", None),
        (rule(type="string", extensions=("pdf",)), "https://[x/a.pdf", "must be a well-formed URL"),
        (
            rule(type="string", extensions=("pdf",)),
            "https://e.com/a.exe",
            "must point to a file of a supported type: pdf",
        ),
    ],
)
def test_each_rule(field: FieldRule, value: str | int, expected: str | None) -> None:
    assert problem(field, value) == expected


def test_a_request_names_its_first_problem_required_fields_first() -> None:
    send = operation_spec("send")
    assert request_problem(send, {"message": "hi"}) == ("recipients", "required")
    assert request_problem(send, {"recipients": "32470123456", "message": "hi", "port": "3"}) == (
        "port",
        "must be one of: 1, 2",
    )
    assert request_problem(send, {"recipients": "32470123456", "message": "hi"}) is None
    assert request_problem(send, {"recipients": "32470123456", "message": "hi", "x": "?"}) is None
