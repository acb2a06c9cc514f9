"""Sales Navigator adoption: are the seats the company pays for used, and by the right people?

Per seat, the usage counts of the member's latest activity snapshot and their change since
the one before; team totals and the average per active seat, as the admin's dashboard shows
them; and three flags: a seat little used (to reassign), a seller at or above the
eligibility SSI without a seat, a seat held below it. A member holds a seat when `seat`
says so, else when their latest activity has a Sales Navigator count.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Content, Member
from ..scoring import Scores

METRICS = ("active_days", "searches", "profile_views", "inmails_sent", "leads_saved",
           "accounts_saved", "invitations_sent")
COUNTED = (*METRICS, "inmails_replied")
SEAT_SIGNS = ("inmails_sent", "leads_saved", "accounts_saved")   # only Sales Navigator counts


@dataclass(frozen=True)
class SeatUsage:
    """One seat holder's usage over the activity window before `date`."""

    member: Member
    date: dt.date
    counts: dict[str, int | None]
    changes: dict[str, int | float | None]    # since `previous` (None: nothing to compare)
    previous: dt.date | None
    reply_rate: float | None                  # InMails answered / sent, %
    ssi: float | None
    flags: tuple[str, ...] = ()               # little_use, below_eligibility

    @property
    def active(self) -> bool:
        days = self.counts.get("active_days")
        if days is not None:
            return days > 0
        return any(v for v in self.counts.values())


@dataclass(frozen=True)
class Adoption:
    seats: list[SeatUsage]
    totals: dict[str, int]
    per_active_seat: dict[str, float | None]
    reply_rate: float | None                  # the team's: all answered / all sent, %
    active_seats: int
    without_seat: list[tuple[Member, float]] = field(default_factory=list)  # eligible
    eligibility_ssi: float | None = None
    min_active_days: int = 0
    window_days: int = 30

    def flagged(self, flag: str) -> list[SeatUsage]:
        return [s for s in self.seats if flag in s.flags]


def has_seat(member: Member, activity: dict | None) -> bool:
    if member.seat is not None:
        return member.seat
    return bool(activity) and any(activity.get(k) is not None for k in SEAT_SIGNS)


def analyse_adoption(content: Content, scores: Scores) -> Adoption | None:
    """The adoption figures; None when no member holds a seat (the page is left out)."""
    config = content.config.sales_navigator
    seats, without = [], []
    for member in content.members.values():
        history = [s for s in content.snapshots_of(member.id) if s.activity]
        latest = history[-1] if history else None
        ssi = scores.by_id[member.id].score if member.id in scores.by_id else None
        if not has_seat(member, latest.activity if latest else None):
            if config.eligibility_ssi is not None and ssi is not None \
                    and ssi >= config.eligibility_ssi:
                without.append((member, ssi))
            continue
        if latest is None:
            seats.append(SeatUsage(member, content.as_of, dict.fromkeys(COUNTED), {}, None,
                                   None, ssi, _flags(None, ssi, config)))
            continue
        previous = history[-2] if len(history) > 1 else None
        counts = {m: latest.activity.get(m) for m in COUNTED}
        rate = _rate(latest.activity)
        changes = {m: _change(counts[m], previous.activity.get(m)) if previous else None
                   for m in METRICS}
        changes["reply_rate"] = _change(rate, _rate(previous.activity)) if previous else None
        seats.append(SeatUsage(member, latest.date, counts, changes,
                               previous.date if previous else None, rate, ssi,
                               _flags(counts["active_days"], ssi, config)))
    if not seats:
        return None
    seats.sort(key=lambda s: (s.member.name.casefold(), s.member.id))
    active = [s for s in seats if s.active]
    totals = {m: sum(s.counts[m] or 0 for s in seats) for m in COUNTED}
    per_active = {m: (sum(s.counts[m] or 0 for s in active) / len(active)) if active else None
                  for m in METRICS}
    sent = sum(s.counts["inmails_sent"] or 0 for s in seats
               if s.counts["inmails_replied"] is not None)
    return Adoption(seats, totals, per_active,
                    100 * totals["inmails_replied"] / sent if sent else None, len(active),
                    sorted(without, key=lambda w: (-w[1], w[0].name.casefold())),
                    config.eligibility_ssi, config.min_active_days,
                    content.config.activity_window_days)


def _flags(active_days: int | None, ssi: float | None, config) -> tuple[str, ...]:
    flags = []
    if active_days is None or active_days < config.min_active_days:
        flags.append("little_use")
    if config.eligibility_ssi is not None and ssi is not None and ssi < config.eligibility_ssi:
        flags.append("below_eligibility")
    return tuple(flags)


def _rate(activity: dict) -> float | None:
    sent, replied = activity.get("inmails_sent"), activity.get("inmails_replied")
    if not sent or replied is None:
        return None
    return 100 * replied / sent


def _change(now, before):
    if now is None or before is None:
        return None
    return now - before
