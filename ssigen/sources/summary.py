"""What `ssigen import` says it did: the lines of its summary, for the command to print.

Each line is (label, text): a label (`kept`, `conflict`, `skipped`) marks a notice for the
error stream; None a line of the summary itself.
"""
from __future__ import annotations

from . import ImportResult

Line = tuple[str | None, str]


def summary_lines(result: ImportResult, dry_run: bool) -> list[Line]:
    lines: list[Line] = [("kept", k) for k in result.kept]
    lines += [("conflict", c) for c in result.conflicts]
    written = ": " + ", ".join(str(p) for p in result.written) if result.written else "."
    if result.archives:
        lines += archive_lines(result.archives)
        done = [a for a in result.archives if a.status in ("added", "replaced")]
        lines.append((None, f"Imported {len(done)} archive(s), "
                            f"{sum(a.status == 'unchanged' for a in result.archives)} already "
                            f"present, {len(result.conflicts)} conflict(s)"
                            + ("" if result.readings else written)))
    for report in result.usage:
        lines += usage_lines(report)
    if result.deals is not None:
        lines += deals_lines(result)
    if result.readings or not (result.archives or result.usage or result.deals):
        lines.append((None, f"Imported {len(result.added)} reading(s), "
                            f"{len(result.unchanged)} already present, "
                            f"{len(result.conflicts)} conflict(s)" + written))
    elif not result.archives and not dry_run:
        lines.append((None, "Files written" + written if result.written
                      else "Nothing to write: everything is already there."))
    if dry_run:
        lines.append((None, "Dry run: nothing was written" + (
            "; it would write " + ", ".join(str(p) for p in result.planned)
            if result.planned else "; nothing would change") + "."))
    return lines


def archive_lines(archives) -> list[Line]:
    """One line per archive: member, date, kind, what it gave and what it lacked."""
    rows = [("member", "date", "kind", "status", "facts found", "facts absent")]
    rows += [(a.member, a.date.isoformat(), a.kind, a.status, str(len(a.found)),
              ", ".join(f.split(".", 1)[1] for f in a.absent) or "none") for a in archives]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines: list[Line] = [(None, "  ".join(cell.ljust(w) for cell, w in zip(row, widths))
                          + "  " + row[5]) for row in rows]
    lines.append((None, "No archive holds photo, banner, custom_url, contact_info, featured, "
                        "followers, invitations_accepted or the Sales Navigator counts: type "
                        "them beside it."))
    return lines


def usage_lines(report) -> list[Line]:
    """What one usage report gave: seats imported, already there, never activated."""
    counts = {s: sum(r.status == s for r in report.readings)
              for s in ("added", "replaced", "unchanged", "conflict")}
    lines: list[Line] = [(None, f"{report.where}: {counts['added'] + counts['replaced']} seat "
                                f"snapshot(s) imported, {counts['unchanged']} already "
                                f"present, {counts['conflict']} conflict(s), "
                                f"{len(report.never_activated)} seat(s) never activated")]
    if report.never_activated:
        lines.append((None, "  never activated (no snapshot): "
                            + ", ".join(report.never_activated)))
    return lines


def deals_lines(result: ImportResult) -> list[Line]:
    """What the CRM exports changed in the deals table, and the won deals to interview."""
    plan = result.deals
    lines: list[Line] = []
    for export in result.crm:
        for owner, ids in sorted(export.unknown.items()):
            lines.append(("skipped", f"{export.where}: {len(ids)} deal(s) of {owner}, who is "
                                     f"not a member: {', '.join(ids)}"))
        if export.no_amount:
            lines.append((None, f"{export.where}: {len(export.no_amount)} open or lost "
                                "deal(s) without an amount, counted 0: "
                                + ", ".join(export.no_amount)))
    lines += [("kept", notice) for notice in plan.notices]
    lines += [(None, f"  updated {deal.id}: {', '.join(fields)}")
              for deal, fields in plan.updated]
    skipped = sum(len(ids) for e in result.crm for ids in e.unknown.values())
    lines.append((None, f"Deals ({plan.table}): {len(plan.added)} added, {len(plan.updated)} "
                        f"updated, {len(plan.unchanged)} unchanged, {skipped} skipped"))
    if plan.awaiting:
        total = sum(len(ids) for ids in plan.awaiting.values())
        lines.append((None, f"{total} won deal(s) await an interview with the seller (give "
                            "each its stage, contribution, meetings and verbatim, or the "
                            "interviewed date):"))
        lines += [(None, f"  {member_id}: {', '.join(ids)}")
                  for member_id, ids in sorted(plan.awaiting.items())]
    return lines
