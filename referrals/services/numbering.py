"""The Region's diary numbers: unique and gap-free per year, guaranteed by the database."""

from django.conf import settings
from django.db import connection


def next_diary_number(year: int) -> tuple[int, str]:
    """The next running number of `year` and its formatted diary number. Must run inside the
    transaction that saves the case: the UPSERT takes the counter row's lock until commit, so a
    concurrent registration waits and gets the following number, and a rollback gives the
    number back (no gaps)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO referrals_diarycounter (year, last) VALUES (%s, 1)
            ON CONFLICT (year) DO UPDATE SET last = referrals_diarycounter.last + 1
            RETURNING last
            """,
            [year],
        )
        (seq,) = cursor.fetchone()
    return seq, format_diary_number(year, seq)


def format_diary_number(year: int, seq: int) -> str:
    return settings.REFERRAL_DIARY_FORMAT.format(year=year, seq=seq)
