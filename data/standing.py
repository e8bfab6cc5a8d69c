"""Standing sign-ups (长期报名): a volunteer takes every occurrence of a series, in sign-up order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from data.errors import AlreadySignedUp, Overlap
from data.models import Shift, ShiftStatus, Signup, SignupStatus, StandingSignup
from data.policy import Policy
from data.series_base import AlreadyStanding, NotStanding, SeriesEnded, lock_series
from data.signups import CancelResult, cancel_signup, sign_up

STANDING = "standing"  # Signup.origin of a seat taken by a standing sign-up

# Seat outcomes for one occurrence.
TAKEN = "confirmed"
WAITLISTED = "waitlisted"
CLASH = "clash"
ALREADY = "already"


@dataclass(frozen=True)
class Seat:
    """What a standing sign-up got on one occurrence; ``clash`` names the shift in the way."""

    shift: Shift
    outcome: str
    position: int | None = None
    clash: Shift | None = None


def seat(
    *, session: Session, standing: StandingSignup, shift: Shift, now: datetime, policy: Policy
) -> Seat:
    """Give a standing volunteer a seat on one occurrence, else a waitlist place.

    An occurrence that overlaps another confirmed shift of theirs is left out (``CLASH``); one they
    already hold a place on is left as it is (``ALREADY``).
    """
    assert shift.id is not None
    try:
        result = sign_up(
            session=session,
            volunteer_id=standing.volunteer_id,
            shift_id=shift.id,
            now=now,
            policy=policy,
            waitlist_ok=True,
            origin=STANDING,
            standing_id=standing.id,
        )
    except Overlap as exc:
        return Seat(shift, CLASH, clash=exc.params["clash"])
    except AlreadySignedUp:
        return Seat(shift, ALREADY)
    if result.status == SignupStatus.WAITLISTED:
        return Seat(shift, WAITLISTED, position=result.position)
    return Seat(shift, TAKEN)


@dataclass(frozen=True)
class StandingResult:
    """A new standing sign-up and what it got on each occurrence already materialised."""

    standing: StandingSignup
    seats: tuple[Seat, ...]

    def having(self, outcome: str) -> list[Seat]:
        return [s for s in self.seats if s.outcome == outcome]


def start_standing(
    *, session: Session, volunteer_id: int, series_id: int, now: datetime, policy: Policy
) -> StandingResult:
    """Sign up for every occurrence: each future one now, each new one as it is materialised.

    Signing up again after ending puts the volunteer at the back of the sign-up order.
    """
    # The series lock orders this against the materialiser seating standing volunteers.
    series = lock_series(session=session, series_id=series_id)
    if series.ended and not future_occurrences(session=session, series_id=series_id, now=now):
        raise SeriesEnded(series=series)
    standing = standing_of(session=session, series_id=series_id, volunteer_id=volunteer_id)
    if standing is not None and standing.active:
        raise AlreadyStanding(series=series)
    standing = standing or StandingSignup(
        series_id=series_id, volunteer_id=volunteer_id, created_at=now
    )
    standing.active, standing.ended_at, standing.created_at = True, None, now
    session.add(standing)
    session.flush()
    seats = [
        seat(session=session, standing=standing, shift=shift, now=now, policy=policy)
        for shift in future_occurrences(session=session, series_id=series_id, now=now)
    ]
    return StandingResult(standing, tuple(seats))


@dataclass(frozen=True)
class EndResult:
    """The places given up and who was promoted into the freed seats (each one told)."""

    standing: StandingSignup
    released: tuple[CancelResult, ...]

    @property
    def promoted_ids(self) -> tuple[int, ...]:
        return tuple(v for r in self.released for v in r.promoted_ids)


def end_standing(
    *, session: Session, volunteer_id: int, series_id: int, now: datetime, policy: Policy
) -> EndResult:
    """Stop a standing sign-up; its future places are released and the waitlist moves up."""
    # Series first, then its shifts: the lock order of every series-wide change.
    lock_series(session=session, series_id=series_id)
    standing = standing_of(session=session, series_id=series_id, volunteer_id=volunteer_id)
    if standing is None or not standing.active:
        raise NotStanding(series_id=series_id)
    standing.active, standing.ended_at = False, now
    session.add(standing)
    query = (
        select(Signup.shift_id)
        .join(Shift, col(Shift.id) == col(Signup.shift_id))
        .where(
            Signup.standing_id == standing.id,
            col(Signup.status).in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
            Shift.status == ShiftStatus.OPEN,
            col(Shift.starts_at) > now,
        )
        .order_by(col(Shift.starts_at))
    )
    released = [
        cancel_signup(
            session=session, volunteer_id=volunteer_id, shift_id=shift_id, now=now, policy=policy
        )
        for shift_id in list(session.exec(query))
    ]
    session.flush()
    return EndResult(standing, tuple(released))


def skip_occurrence(
    *, session: Session, volunteer_id: int, shift_id: int, now: datetime, policy: Policy
) -> CancelResult:
    """Miss one occurrence and keep the standing sign-up; the seat goes to the waitlist.

    The occurrence exists already, so the materialiser never seats this volunteer on it again.
    """
    return cancel_signup(
        session=session, volunteer_id=volunteer_id, shift_id=shift_id, now=now, policy=policy
    )


def standing_of(*, session: Session, series_id: int, volunteer_id: int) -> StandingSignup | None:
    query = select(StandingSignup).where(
        StandingSignup.series_id == series_id, StandingSignup.volunteer_id == volunteer_id
    )
    return session.exec(query).first()


def active_standing(*, session: Session, series_id: int) -> list[StandingSignup]:
    """The series' active standing sign-ups in sign-up order (who gets seats first)."""
    query = (
        select(StandingSignup)
        .where(StandingSignup.series_id == series_id, col(StandingSignup.active).is_(True))
        .order_by(col(StandingSignup.created_at), col(StandingSignup.id))
    )
    return list(session.exec(query))


def future_occurrences(*, session: Session, series_id: int, now: datetime) -> list[Shift]:
    """Open occurrences of a series that have not started, soonest first."""
    query = (
        select(Shift)
        .where(
            Shift.series_id == series_id,
            Shift.status == ShiftStatus.OPEN,
            col(Shift.starts_at) > now,
        )
        .order_by(col(Shift.starts_at), col(Shift.id))
    )
    return list(session.exec(query))
