"""The account rules of seed 004, as data in and data out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from server_sync.domain import accounts as rules
from server_sync.domain.identity_proofs import (
    CheckedProofs,
    ProofKind,
    Verdict,
    check_proofs,
    judge_verdicts,
)
from server_sync.domain.refusal_keys import REFUSAL_KEYS, message
from server_sync.domain.tickets import TicketProblem, issue_ticket, read_ticket
from server_sync.domain.validation import FieldProblem

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def code_of(check, *args) -> str:
    with pytest.raises(FieldProblem) as caught:
        check(*args)
    return caught.value.code


@pytest.mark.parametrize(
    ("login", "code"),
    [
        ("", "required"),
        ("abc", "login_too_short"),
        ("a" * 33, "login_too_long"),
        ("1aysel", "login_format"),
        ("aysel məm", "login_format"),
        ("aysəl", "login_format"),
    ],
)
def test_logins_refused(login: str, code: str) -> None:
    assert code_of(rules.check_login, login) == code


def test_logins_are_unique_case_insensitively() -> None:
    assert rules.check_login(" Aysel.M_90 ") == "Aysel.M_90"
    assert rules.login_key("Aysel.M_90") == rules.login_key("aysel.m_90")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("", "required"),
        ("abc123", "password_too_short"),
        ("abcdefgh", "password_letters_digits"),
        ("12345678", "password_letters_digits"),
        ("x" * 129 + "1", "too_long"),
    ],
)
def test_passwords_need_eight_with_letters_and_digits(password: str, code: str) -> None:
    assert code_of(rules.check_password, password) == code


def test_a_good_password_and_its_repeat() -> None:
    assert rules.check_password("Bakı2026x") == "Bakı2026x"
    assert code_of(rules.check_password, "aysel2026", "Aysel2026") == "password_is_login"
    assert code_of(rules.check_password_repeat, "abc12345", "abc12346") == "password_mismatch"


def test_fin_is_seven_digits_and_latin_letters() -> None:
    assert rules.check_fin(" 7az1b2c ") == "7AZ1B2C"
    assert code_of(rules.check_fin, "7AZ1B2") == "fin_format"
    assert code_of(rules.check_fin, "7AZ1B2Ç") == "fin_format"


def test_birth_dates() -> None:
    today = date(2026, 11, 23)
    assert rules.check_birth_date("17.05.1990", today) == date(1990, 5, 17)
    assert rules.check_birth_date("1990-05-17", today) == date(1990, 5, 17)
    assert code_of(rules.check_birth_date, "31.02.1990", today) == "birth_date_format"
    assert code_of(rules.check_birth_date, "24.11.2026", today) == "birth_date_future"
    assert code_of(rules.check_birth_date, "01.01.1890", today) == "birth_date_implausible"


def test_secret_answers_fold_azerbaijani_case() -> None:
    assert rules.normalise_answer("  İSMAYILLI  Məktəbi ") == "ismayıllı məktəbi"
    assert rules.normalise_answer("BAKI") == rules.normalise_answer("bakı")
    assert code_of(rules.check_secret_question, "pet") == "secret_question_unknown"


def test_activation_email_domains() -> None:
    assert rules.email_domain_allowed("a@mail.az", [])
    assert rules.email_domain_allowed("a@gov.az", ["gov.az"])
    assert rules.email_domain_allowed("a@asan.GOV.az", ["gov.az"])
    assert not rules.email_domain_allowed("a@notgov.az", ["gov.az"])
    assert not rules.email_domain_allowed("a@mail.az", ["gov.az"])


GOOD = {
    "driving_licence": "ab 123456",
    "mobile": "050 111 22 33",
    "social_insurance": "1234567890123",
    "passport": "c12345678",
}


def test_proofs_normalised_and_three_are_enough() -> None:
    checked, problems = check_proofs(GOOD)
    assert problems == []
    assert checked.lines[ProofKind.DRIVING_LICENCE] == "AB123456"
    assert checked.lines[ProofKind.MOBILE] == "+994501112233"
    three = {k: v for k, v in GOOD.items() if k != "passport"}
    assert check_proofs(three)[1] == []


def test_fewer_than_three_proofs_and_each_bad_line_on_its_own() -> None:
    _, problems = check_proofs({"driving_licence": "A1", "passport": "C1"})
    assert [(p.field, p.code) for p in problems] == [
        ("proofs", "proofs_too_few"),
        ("driving_licence", "driving_licence_format"),
        ("passport", "passport_format"),
    ]
    _, problems = check_proofs({**GOOD, "mobile": "012 444 55 66", "social_insurance": "12"})
    assert {(p.field, p.code) for p in problems} == {
        ("mobile", "phone_not_mobile"),
        ("social_insurance", "social_insurance_format"),
    }


def test_every_line_given_must_be_the_persons() -> None:
    checked, _ = check_proofs(GOOD)
    all_match = dict.fromkeys(checked.lines, Verdict.MATCH)
    assert judge_verdicts(checked, all_match) == []
    one_wrong = {**all_match, ProofKind.PASSPORT: Verdict.MISMATCH}
    assert [(p.field, p.code) for p in judge_verdicts(checked, one_wrong)] == [
        ("passport", "passport_mismatch")
    ]
    missing = {k: v for k, v in all_match.items() if k is not ProofKind.MOBILE}
    assert [p.code for p in judge_verdicts(checked, missing)] == ["mobile_mismatch"]
    assert [p.code for p in judge_verdicts(CheckedProofs({}), {})] == ["proofs_too_few"]


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_every_account_reason_has_words(language: str) -> None:
    for code in REFUSAL_KEYS:
        assert message(code, language)
    assert message("mobile_mismatch", "az") != message("passport_mismatch", "az")


def test_tickets_are_signed_and_expire() -> None:
    ticket = issue_ticket("s", "p", {"cid": 7}, NOW)
    forged = ticket[:-1] + ("1" if ticket[-1] == "0" else "0")
    assert read_ticket("s", "p", ticket, NOW + timedelta(minutes=5), 600) == {"cid": 7}
    for secret, purpose, text, when, code in [
        ("x", "p", ticket, NOW, "ticket_invalid"),
        ("s", "other", ticket, NOW, "ticket_invalid"),
        ("s", "p", forged, NOW, "ticket_invalid"),
        ("s", "p", "garbage", NOW, "ticket_invalid"),
        ("s", "p", ticket, NOW + timedelta(minutes=11), "ticket_expired"),
    ]:
        with pytest.raises(TicketProblem) as caught:
            read_ticket(secret, purpose, text, when, 600)
        assert caught.value.code == code


def test_identity_proofs_are_masked_in_free_text() -> None:
    from server_sync.kernel.personal_data import mask_text

    masked = mask_text("passport=C12345678&driving_licence=AB123456&ssn=1234567890123")
    assert "C12345678" not in masked
    assert "AB123456" not in masked
    assert "1234567890123" not in masked
    assert mask_text("order 123456789012") == "order 123456789012"
