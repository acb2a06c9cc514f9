"""The command line: parse options, call the library, print, set the exit code.

Exit codes: 0 success, 1 content or output errors, 2 usage errors (Click's own).
No traceback reaches the user; SSIGEN_DEBUG=1 shows one for bug reports.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shlex
import sys
import time
from pathlib import Path

import click

from .version import __version__
from .pipeline import build as build_site
from .pipeline import check as check_content
from .pipeline import load
from .csvsafe import safe_row
from .errors import ContentError, ContentErrors, OutputError, UnknownMembers
from .i18n import LOCALES

CONTENT = click.argument("content", default="content",
                         type=click.Path(file_okay=False, path_type=Path))


def _print_problems(problems: list[ContentError], *, err: bool = True) -> None:
    for problem in problems:
        label = click.style("error", fg="red", bold=True) if problem.severity == "error" \
            else click.style("warning", fg="yellow")
        click.echo(f"{label}: {problem}", err=err)


def _content_errors(exc: ContentErrors) -> click.ClickException:
    _print_problems(exc.errors)
    count = len(exc.errors)
    error = click.ClickException(f"{count} error{'s' if count != 1 else ''} in the content "
                                 "folder; nothing was written")
    error.exit_code = 1
    return error


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="ssigen")
def cli() -> None:
    """Turn LinkedIn Social Selling Index snapshots, deals and training cohorts into a
    static HTML report.

    \b
    Start with:   ssigen init my-client && ssigen build my-client -o my-client-site
    Check data:   ssigen check my-client
    """


@cli.command()
@CONTENT
@click.option("-o", "--output", "out_dir", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into. It is replaced whole, only once the new "
                   "site is complete, and only if ssigen made it.")
@click.option("-m", "--member", "members", multiple=True, metavar="ID",
              help="Keep only this member (repeat for several): a site for one client's "
                   "people, with no one else's name in it.")
@click.option("--anonymize/--no-anonymize", default=None,
              help="Replace names and ids by pseudonyms (Member 01, member-01) everywhere. "
                   "Default: ssigen.yml's 'anonymize'.")
@click.option("-l", "--locale", type=click.Choice(LOCALES), default=None,
              help="Language and number formats of the report. Default: ssigen.yml's 'locale'.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Processes that render pages. Default: one per core, for large sites.")
@click.option("-f", "--force", is_flag=True,
              help="Build even when nothing changed since the last build.")
@click.option("--pdf/--no-pdf", default=None,
              help="Also write PDF reports: pdf/<member>.pdf per person and pdf/report.pdf "
                   "for the team. Default: ssigen.yml's 'pdf'.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(content: Path, out_dir: Path, members: tuple[str, ...], anonymize: bool | None,
          locale: str | None, jobs: int | None, force: bool, pdf: bool | None,
          quiet: bool) -> None:
    """Build the report site of CONTENT (default: ./content) into a folder (default: ./site)."""
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or total < 50 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Rendering pages", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)

    try:
        result = build_site(content, out_dir, members=list(members), anonymize=anonymize,
                            locale=locale, progress=progress, jobs=jobs, force=force, pdf=pdf)
    except ContentErrors as exc:
        raise _content_errors(exc) from None
    except (OutputError, UnknownMembers) as exc:
        raise click.ClickException(str(exc)) from None
    if result.up_to_date:
        if not quiet:
            click.echo(f"{result.out_dir}/ is up to date: nothing changed since it was built "
                       f"(checked in {result.seconds:.2f} s; --force builds anyway).")
        return
    if not quiet:
        _print_problems(result.warnings)
        warnings = len(result.warnings)
        click.echo(f"Built {result.pages} pages ({result.files} files) into "
                   f"{result.out_dir}/ in {result.seconds:.2f} s"
                   + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "")
                   + f". Open {result.out_dir / 'index.html'}")


@cli.command()
@CONTENT
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json prints one object per problem, for other tools.")
def check(content: Path, fmt: str) -> None:
    """Check CONTENT and report every problem at once. Exits 1 when there is an error."""
    problems = check_content(content)
    errors, warnings = problems.errors, problems.warnings
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in errors + warnings], indent=2,
                              ensure_ascii=False))
    else:
        _print_problems(errors + warnings, err=False)
        if errors:
            click.echo(f"{len(errors)} error(s), {len(warnings)} warning(s) in {content}/")
        else:
            click.echo(f"{content}/ is valid" + (f" ({len(warnings)} warning(s))"
                                                 if warnings else "") + ".")
    sys.exit(1 if errors else 0)


@cli.command()
@CONTENT
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def score(content: Path, fmt: str) -> None:
    """Print every member's figures: score, band, rank and pillars."""
    try:
        model, _problems = load(content)
    except ContentErrors as exc:
        raise _content_errors(exc) from None
    from .scoring import score_content
    from .site.exports import FLAT_FIELDS, member_record

    scores = score_content(model)
    records = [member_record(m) for m in scores.members]
    if fmt == "json":
        click.echo(json.dumps({"as_of": scores.as_of.isoformat() if scores.as_of else None,
                               "currency": model.config.currency, "members": records},
                              indent=2, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(FLAT_FIELDS)
        for record in records:
            writer.writerow(safe_row(record[f] for f in FLAT_FIELDS))
    else:
        click.echo(_table(records))


def _table(records: list[dict]) -> str:
    columns = [("rank", "#"), ("name", "member"), ("team", "team"), ("score", "SSI"),
               ("source", "source"), ("band", "band"), ("brand", "brand"),
               ("people", "people"), ("insights", "insights"),
               ("relationships", "relat."), ("top_pct", "top %")]

    def cell(value) -> str:
        if value is None:
            return "–"
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    rows = [[cell(r[key]) for key, _ in columns] for r in records]
    widths = [max([len(title)] + [len(row[i]) for row in rows])
              for i, (_, title) in enumerate(columns)]
    numeric = {"rank", "score", "brand", "people", "insights", "relationships", "top_pct"}

    def line(cells) -> str:
        return "  ".join(c.rjust(w) if key in numeric else c.ljust(w)
                         for c, w, (key, _) in zip(cells, widths, columns)).rstrip()

    return "\n".join([line([t for _, t in columns]), line(["-" * w for w in widths])]
                     + [line(r) for r in rows])


@cli.command()
@CONTENT
@click.option("-o", "--output", "out_dir", default="site", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to build into.")
@click.option("-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (the next free one is used if it is taken; 0: any "
                   "free port).")
def serve(content: Path, out_dir: Path, port: int) -> None:
    """Build CONTENT, serve the site on 127.0.0.1 and rebuild when a file changes.

    Stop with Ctrl+C.
    """
    from .serve import LiveState, start_server, watch

    live = LiveState()

    def rebuild(first: bool = False) -> None:
        try:
            result = build_site(content, out_dir, force=first)
        except ContentErrors as exc:
            _print_problems(exc.errors)
            click.echo(f"{len(exc.errors)} error(s): the site was not rebuilt.", err=True)
            if first:
                raise click.ClickException("fix the errors above, then run ssigen serve "
                                           "again") from None
            live.built([f"{p.severity}: {p}" for p in exc.errors])
            return
        except OutputError as exc:
            if first:
                raise click.ClickException(str(exc)) from None
            click.echo(f"Error: {exc}", err=True)
            live.built([f"error: {exc}"])
            return
        click.echo(f"{time.strftime('%H:%M:%S')} built {result.pages} pages in "
                   f"{result.seconds:.2f} s")
        live.built()

    rebuild(first=True)
    try:
        server = start_server(out_dir, port, live)
    except OSError as exc:
        raise click.ClickException(f"cannot serve on 127.0.0.1: {exc}") from None
    click.echo(f"Serving {out_dir}/ at http://127.0.0.1:{server.server_address[1]}/ "
               f"(watching {content}/, reloading the browser; Ctrl+C to stop)")
    try:
        watch(content, rebuild)
    finally:
        server.shutdown()


KIND_NAMES = ("linkedin-archive", "linkedin-ssi", "socialedge", "sales-navigator",
              "crm")   # sources.KINDS, unimported


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("-c", "--content", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Content folder that receives the snapshots.")
@click.option("-m", "--member", default=None, metavar="ID",
              help="Whose data it is (an SSI response does not say; an archive names its "
                   "member in Profile.csv).")
@click.option("-d", "--date", "date_", default=None, metavar="YYYY-MM-DD",
              help="The snapshot's date (an SSI response has none; an archive's name "
                   "gives it).")
@click.option("--kind", type=click.Choice(list(KIND_NAMES)), default=None,
              help="Read every file as this kind instead of recognising it.")
@click.option("--replace", is_flag=True,
              help="Replace what an earlier import of an archive or a usage report wrote "
                   "for the same day.")
@click.option("--map", "maps", multiple=True, metavar="'HEADING=FIELD'",
              help="Read a column of a usage report or CRM export whose heading ssigen does "
                   "not know as FIELD (e.g. 'Jours actifs=activity.active_days'); repeatable.")
@click.option("--sheet", default=None, metavar="NAME",
              help="The sheet of a workbook to read (needed when it has several).")
@click.option("--date-order", type=click.Choice(["dmy", "mdy"]), default=None,
              help="How an export writes dates like 03/04/2026 when no day above 12 tells: "
                   "dmy (day first) or mdy (month first).")
@click.option("--skip-unknown", is_flag=True,
              help="Leave out the CRM deals of owners who are not members (listed).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
def import_(files: tuple[Path, ...], content: Path, member: str | None,
            date_: str | None, kind: str | None, replace: bool, maps: tuple[str, ...],
            sheet: str | None, date_order: str | None, skip_unknown: bool,
            dry_run: bool) -> None:
    """Import the data a team has: members' LinkedIn archives ("Get a copy of your data",
    a zip or its folder), LinkedIn's SSI response (salesApiSsi JSON), a SocialEdge export,
    a Sales Navigator usage report (CSV or .xlsx), or a CRM's opportunity export
    (Salesforce or HubSpot CSV, Dynamics 365 .xlsx); or a folder of them.

    Archives become profile and activity facts in CONTENT/snapshots/imported/archives/;
    SSI readings go to CONTENT/snapshots/imported/<member>.csv; a usage report gives each
    activated seat a snapshot in CONTENT/snapshots/imported/sales-navigator/; CRM deals are
    merged into the deals table, keeping what the sellers' interviews gave. Importing the
    same files twice changes nothing; a fact typed by hand is never overwritten. Nothing is
    written if any file has a problem.
    """
    from .sources import SourceError, import_files
    from .sources.summary import summary_lines

    try:
        day = dt.date.fromisoformat(date_) if date_ else None
    except ValueError:
        raise click.BadParameter(f"'{date_}' is not a date YYYY-MM-DD",
                                 param_hint="--date") from None
    mapped = {}
    for item in maps:
        heading, sep, field = item.rpartition("=")
        if not sep or not heading.strip() or not field.strip():
            raise click.BadParameter(f"'{item}' is not HEADING=FIELD", param_hint="--map")
        mapped[heading.strip()] = field.strip()
    try:
        result = import_files(list(files), content, member, day, kind=kind, replace=replace,
                              dry_run=dry_run, mapped=mapped, sheet=sheet,
                              date_order=date_order, skip_unknown=skip_unknown)
    except SourceError as exc:
        if len(exc.messages) > 1:
            for message in exc.messages:
                click.echo(f"{click.style('error', fg='red')}: {message}", err=True)
        raise click.ClickException(f"{exc}; nothing was imported") from None
    for label, line in summary_lines(result, dry_run):
        if label is None:
            click.echo(line)
        else:
            colour = {"kept": "cyan", "conflict": "yellow", "skipped": "yellow"}[label]
            click.echo(f"{click.style(label, fg=colour)}: {line}", err=True)
    if result.conflicts:
        sys.exit(1)


@cli.command()
@click.argument("directory", default="content", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Write a starter content folder (default: ./content) that builds at once, and a
    GitHub Actions workflow beside it that publishes the site on GitHub Pages."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory}/ already exists and is not empty; "
                                   "choose a new folder")
    if "${{" in directory.resolve().name:
        raise click.BadParameter("GitHub Actions would read '${{' in the folder's name as an "
                                 "expression; choose another name", param_hint="DIRECTORY")
    from .install_source import install_source
    from .starter import write_starter

    source = install_source()
    written = write_starter(directory, source)
    content_files = [p for p in written if ".github" not in p.parts]
    click.echo(f"Wrote {len(content_files)} files into {directory}/. "
               f"Next: ssigen build {shlex.quote(str(directory))}")
    for path in written:
        if ".github" not in path.parts:
            continue
        if source.requirement is not None:
            click.echo(f"Wrote {path}: a GitHub Actions workflow that publishes the site on "
                       f"GitHub Pages, installing {source.requirement}.")
        else:
            click.echo(f"{click.style('warning', fg='yellow')}: wrote {path}, but "
                       f"{source.said}: no workflow can install that. Edit its 'Install "
                       "ssigen' step (it stops the workflow until then) to install a pinned "
                       "ssigen, such as ssigen @ git+https://github.com/OWNER/ssigen@COMMIT.",
                       err=True)


def main() -> None:
    """Entry point: run the CLI, and turn any unexpected failure into one readable line."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Interrupted; any previous site is unchanged.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted; any previous site is unchanged.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if os.environ.get("SSIGEN_DEBUG"):
            raise
        click.echo(f"Error: unexpected failure ({type(exc).__name__}: {exc}). "
                   "Run again with SSIGEN_DEBUG=1 for details and report it.", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
