"""Receipt numbers are unique by construction, whatever the references and body codes."""

from __future__ import annotations

from typing import Any

from hearing.services import frozen_versions as frozen_svc
from tests.hearing.response_factories import open_hearing, submitted


def test_two_references_that_read_alike_both_get_receipts_that_differ(db: Any) -> None:
    # Both references become "BIU-1-2007" in a receipt number.
    first = open_hearing(reference="BIU 1/2007")
    second = open_hearing(reference="BIU-1-2007")
    one = submitted(first, "BUU")
    two = submitted(second, "BUU")
    assert one.receipt_number == "BIU-1-2007-BUU-1"
    assert two.receipt_number != one.receipt_number
    assert two.receipt_number == f"BIU-1-2007-H{second.id}-BUU-1"
    assert frozen_svc.verify_version(one) and frozen_svc.verify_version(two)


def test_a_reference_and_a_body_code_that_run_together_still_give_two_receipts(db: Any) -> None:
    # "X 9" + "Y/Z" and "X 9 Y" + "Z" would both read "X-9-Y-Z-1".
    first = open_hearing(reference="X 9", codes=("Y/Z",))
    second = open_hearing(reference="X 9 Y", codes=("Z",))
    one = submitted(first, "Y/Z")
    two = submitted(second, "Z")
    assert one.receipt_number != two.receipt_number


def test_the_code_is_kept_for_the_next_versions_of_the_same_response(db: Any) -> None:
    hearing = open_hearing(reference="BIU 2/2007")
    version = submitted(hearing, "BUU")
    consultee = version.response.consultee
    assert consultee.receipt_code == "BIU-2-2007-BUU"


def test_the_longest_reference_and_body_code_still_give_a_receipt_number_that_fits(
    db: Any,
) -> None:
    # Æ becomes AE: 50 + 20 letters would make a number of 143 characters.
    first = open_hearing(reference="Æ" * 50, codes=("Ø" * 20,))
    second = open_hearing(reference="AE" * 25, codes=("OE" * 10,))
    one = submitted(first, "Ø" * 20)
    two = submitted(second, "OE" * 10)
    assert one.receipt_number != two.receipt_number
    assert max(len(one.receipt_number), len(two.receipt_number)) <= 120
