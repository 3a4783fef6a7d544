"""The phones of `bulk --devices` as pure logic: the option's rules, the listing's shapes, the
turn the phones take and retiring one (the wire behaviour is in test_bulk_devices.py)."""

from __future__ import annotations

import threading

import pytest

from smsmobile.cli.bulk._phones import Phones, _phones_in, parse_devices


def test_devices_is_all_or_a_list_of_sids_each_once() -> None:
    assert parse_devices(" ALL ") == "all"
    assert parse_devices("sid-1, sid-2,sid-1") == ("sid-1", "sid-2")
    for bad in ("", "sid-1,,sid-2", "sid 1", "s" * 65):
        with pytest.raises(ValueError, match="SID"):
            parse_devices(bad)


def test_the_phones_are_found_wherever_the_listing_nests_them() -> None:
    sandbox = {"error": "0", "mobiles": [{"sid": "a", "status": "connected"}, {"sid": "b"}]}
    assert _phones_in(sandbox) == {"a": "connected", "b": None}
    nested = {"result": {"devices": [{"sIdentifiant": "c", "status": "Disconnected"}, "noise"]}}
    assert _phones_in(nested) == {"c": "disconnected"}
    assert _phones_in({"error": "0", "mobiles": []}) == {}


def test_the_phones_take_rows_in_turn_and_a_retired_one_takes_none() -> None:
    phones = Phones(["a", "b", "c"], per_minute=0)
    assert [phone.sid for phone in (phones.take_now() for _ in range(4)) if phone] == [
        "a", "b", "c", "a",
    ]  # fmt: skip
    b = phones.all[1]
    assert phones.retire(b, "refused") == (True, False)
    assert phones.retire(b, "again") == (False, False)  # once
    assert [phone.sid for phone in (phones.take_now() for _ in range(4)) if phone] == [
        "c", "a", "c", "a",
    ]  # fmt: skip
    phones.retire(phones.all[0], "unknown")
    assert phones.retire(phones.all[2], "refused") == (True, True)  # none left
    assert phones.take(threading.Event()) is None
    assert phones.retired() == {"a": "unknown", "b": "refused", "c": "refused"}


def test_without_devices_the_one_phone_is_never_retired() -> None:
    phones = Phones([None], per_minute=0)
    assert phones.retire(phones.all[0], "refused") == (False, False)
    taken = phones.take(threading.Event())
    assert taken is not None and taken.sid is None


def test_each_phone_has_its_own_rate_limit() -> None:
    phones = Phones(["a", "b"], per_minute=1)  # one token each, then a minute's wait
    assert {phones.take_now().sid, phones.take_now().sid} == {"a", "b"}  # type: ignore[union-attr]
    assert phones.take_now() is None
    phones.pause(0)  # a pause holds them all; a zero one changes nothing
    assert phones.take_now() is None
