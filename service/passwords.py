"""The password policy, applied wherever a password is set (accounts, the first admin).

Following the NCSC's password guidance ("Password administration for system owners") and NIST
SP 800-63B §5.1.1.2: a minimum length and a deny list of the most common passwords, and no
composition rules (they push people to predictable patterns like "Password1!"). At least 8
characters for everyone, 12 for administrators, whose accounts reach every organisation's setup.
"""

from __future__ import annotations

MIN_LENGTH = 8
ADMIN_MIN_LENGTH = 12
MAX_LENGTH = 1024  # long passphrases are welcome; this only stops absurd request bodies

# Written for this project from the well-known "most common passwords" patterns; compared after
# lower-casing and dropping trailing digits and punctuation, so "Password123!" is caught too.
COMMON = frozenset("""
password passw0rd p@ssword p@ssw0rd pa55word password1 passwort motdepasse contrasena
qwerty qwertyui qwertyuiop qwerty123 asdfghjk asdfghjkl azerty zxcvbnm 1q2w3e4r 1qaz2wsx qazwsx zaq12wsx
letmein welcome welcome1 iloveyou trustno1 changeme changeit default secret administrator admin root
superman batman football baseball monkey dragon sunshine princess shadow master michael jessica
abc abcdef abcdefgh abcd1234 abc12345 aaaaaa starwars whatever freedom computer internet
login guest test testing tester tenderlint council procurement tender summer winter spring autumn
london england wales cymru scotland
""".split()) | frozenset({"12345678", "123456789", "1234567890", "0123456789", "87654321", "11111111", "00000000",
                          "12341234", "11223344", "123123123", "987654321", "147258369"})

_TRAILING = "0123456789!@#$%^&*()-_=+.,?~ "


class PasswordRejected(ValueError):
    """A password the policy refuses; the message says why, in words for the person choosing it."""


def check_password_policy(password: str, admin: bool = False, email: str = "") -> None:
    minimum = ADMIN_MIN_LENGTH if admin else MIN_LENGTH
    if len(password) < minimum:
        who = "an administrator's password" if admin else "a password"
        raise PasswordRejected(f"Choose {who} of at least {minimum} characters (a few unrelated words work well).")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"Choose a password of at most {MAX_LENGTH} characters.")
    lowered = password.lower()
    if len(set(lowered)) == 1:
        raise PasswordRejected("Choose a password that is not one character repeated.")
    if lowered in COMMON or lowered.rstrip(_TRAILING) in COMMON or lowered.strip(_TRAILING) in COMMON:
        raise PasswordRejected("That password is too common: it is among the first that attackers try. Choose another.")
    address = email.strip().lower()
    if address and lowered in (address, address.split("@")[0]):
        raise PasswordRejected("Choose a password that is not your email address.")
