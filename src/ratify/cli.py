"""The `ratify` command line: parses options, calls the library, chooses a renderer.

The only module that imports typer, and the one error boundary: a RatifyError raised anywhere
below becomes one line on stderr and exit code 1.

No `from __future__ import annotations` here: Typer reads every command's annotations at start-up,
and objects cost it half what strings to evaluate do (benchmarks/cli_latency.py).
"""

import contextlib
import datetime as dt
import os
import sys
from enum import Enum
from typing import Optional

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption  # typer's own click

from . import __version__
from .errors import RatifyError
from .render.formats import Format


class StatusFilter(str, Enum):
    party = "party"
    signatory = "signatory"
    none = "none"
    withdrawn = "withdrawn"


class BadgeFormat(str, Enum):
    svg = "svg"
    json = "json"


class FeedFormat(str, Enum):
    atom = "atom"
    json = "json"


class Collection(str, Enum):
    default = "default"
    reference = "reference"
    corpus = "corpus"


class Replay(str, Enum):
    strict = "strict"
    loo = "loo"


class Part(str, Enum):
    development = "development"
    test = "test"


class SortKey(str, Enum):
    name = "name"
    date = "date"


def parse_date_option(value):
    """An ISO date option; a malformed or impossible date is a usage error (exit 2)."""
    if value is None or isinstance(value, dt.date):
        return value
    from .dates import parse_iso
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


class Command(TyperCommand):
    """A command whose usage line names its arguments plainly (PARTICIPANT, not {PARTICIPANT}:
    braces would read as a set of choices)."""

    def collect_usage_pieces(self, ctx):
        return [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
                for piece in super().collect_usage_pieces(ctx)]


class Boundary(TyperGroup):
    """The error boundary: RatifyError becomes one line on stderr and its exit code (1, or 2
    for a usage problem found by the library). Also gives every command the global options,
    so that `ratify record ... --today D` works as well as `ratify --today D record ...`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            command.params.extend(_global_params())

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RatifyError as exc:
            from .render.safe import clean
            typer.echo(f"ratify: {clean(exc.render(remedies()))}", err=True)
            ctx.exit(exc.exit_code)

    def list_commands(self, ctx):
        return list(self.commands)


def remedies() -> dict:
    """The library's remedies (errors.Remedy) in this command line's words."""
    from .errors import Remedy
    return {
        Remedy.other_file: "pass --data PATH or --treaty ID",
        Remedy.file_path: "pass --data PATH",
        Remedy.matching_file: "pass the matching data file with --data PATH",
        Remedy.copy_packaged: "copy it and pass --data PATH (or set RATIFY_DATA); --dry-run "
                              "shows the change",
        Remedy.set_today: "if today is not {detail}, pass --today",
        Remedy.wait_or_set_today: "record it once it has happened, or pass --today",
        Remedy.check_status_date: "check the page's `STATUS AS AT` line, or pass --today if "
                                  "this machine's date is wrong",
        Remedy.allow_earlier: "if data_as_of was set wrongly, pass --allow-earlier",
        Remedy.one_pin_each: "give one --assume per participant",
        Remedy.import_saved_page: "save the page from a browser and run `ratify import FILE`",
    }


app = typer.Typer(
    cls=Boundary, no_args_is_help=False, add_completion=True, rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Track signatures, ratifications and entry into force of a treaty.\n\n"
         "Reads data/states.yaml (the UN Convention against Cybercrime) unless told otherwise.\n\n"
         "Examples:\n\n"
         "  ratify status\n\n"
         "  ratify list --status signatory\n\n"
         "  ratify show Vietnam\n\n"
         "  ratify --treaty att status --as-of 2014-10-01")


class Settings:
    """The global options, shared with every command through the click context."""

    __slots__ = ("data", "treaty_id", "today")

    def __init__(self, data: Optional[str], treaty_id: Optional[str], today: dt.date):
        self.data, self.treaty_id, self.today = data, treaty_id, today


def _version(value: bool):
    if value:
        typer.echo(f"ratify {__version__}")
        raise typer.Exit()


DATA_HELP = ("Data file to read (default: $RATIFY_DATA, else ./data/states.yaml, else the "
             "bundled copy).")
TREATY_HELP = "A bundled treaty instead (see `ratify treaties`)."
TODAY_HELP = "Fix 'today' (default: the real date)."


def _global_params() -> list:
    """--data, --treaty, --today and --version as options of a command (after its name)."""

    def setter(field):
        def store(ctx, param, value):
            if value is not None:
                if field == "today":
                    value = parse_date_option(value)
                setattr(ctx.find_object(Settings), field, value)
        return store

    return [TyperOption(param_decls=["--data"], metavar="PATH", expose_value=False,
                        callback=setter("data"),
                         help=DATA_HELP),
            TyperOption(param_decls=["--treaty"], metavar="ID", expose_value=False,
                         callback=setter("treaty_id"), help=TREATY_HELP),
            TyperOption(param_decls=["--today"], metavar="YYYY-MM-DD", expose_value=False,
                         callback=setter("today"), help=TODAY_HELP),
            TyperOption(param_decls=["--version"], is_flag=True, expose_value=False, is_eager=True,
                         callback=lambda ctx, param, value: _version(value),
                         help="Print the version and exit.")]


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    data: Optional[str] = typer.Option(None, "--data", metavar="PATH", help=DATA_HELP),
    treaty: Optional[str] = typer.Option(None, "--treaty", metavar="ID", help=TREATY_HELP),
    today: Optional[dt.date] = typer.Option(None, "--today", parser=parse_date_option,
                                            metavar="YYYY-MM-DD", help=TODAY_HELP),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
):
    ctx.obj = Settings(data, treaty, today or dt.date.today())
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


# -- helpers -------------------------------------------------------------------------------


def _settings(ctx: typer.Context) -> Settings:
    return ctx.find_object(Settings)


def data_path(settings: Settings) -> tuple[str, bool]:
    """The data file to use and whether it is the read-only packaged copy."""
    from .datafile import store
    if settings.data and settings.treaty_id:
        raise typer.BadParameter("give --data FILE or --treaty ID, not both",
                                 param_hint="'--treaty'")
    if settings.data:
        return settings.data, False
    if settings.treaty_id:
        wanted = settings.treaty_id.strip().casefold()
        if wanted not in store.treaty_choices():
            raise typer.BadParameter(f"no bundled treaty {settings.treaty_id!r}; one of "
                                     + ", ".join(store.treaty_choices())
                                     + " (`ratify treaties` describes them)",
                                     param_hint="'--treaty'")
        return store.bundled_path(wanted), True
    if os.environ.get("RATIFY_DATA"):
        return os.environ["RATIFY_DATA"], False
    if os.path.isfile(os.path.join("data", "states.yaml")):
        return os.path.join("data", "states.yaml"), False
    return store.bundled_path(), True


def load_engine(ctx: typer.Context):
    from .datafile import store
    from .rules import Engine
    path, _ = data_path(_settings(ctx))
    return Engine(store.load(path))


def console(stdout: bool = True):
    """The safe console (render.safe.console) that leaves quietly when the reader of a pipe goes."""
    from .render.safe import console as safe_console
    con = safe_console(stdout)
    con.on_broken_pipe = _quiet_exit
    return con


def output(view, format: Enum) -> None:
    """The one output path: `view` written in the chosen format (render.output)."""
    from .render.output import output as write
    write(view, format.value, console)


def emit(text: str, output_file) -> None:
    """A document (a badge, a feed) to stdout, or written whole to `output_file`."""
    if output_file:
        from .write.safefile import write_output
        write_output(output_file, text)
    else:
        typer.echo(text, nl=False)


def warn(warnings) -> None:
    """Warnings go to stderr, in every command and every format (JSON also keeps them)."""
    from .render.safe import clean
    for warning in warnings:
        typer.echo(f"ratify: warning: {clean(warning)}", err=True)


@contextlib.contextmanager
def progress_bar(description: str):
    """A rich progress bar on stderr while long work runs, only on a terminal; yields the
    library's `progress(done, total)` callback (None when piped: nothing is drawn)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    with Progress(description, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console(stdout=False), transient=True) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def resolve(engine, name: str) -> str:
    from .names import treaty_resolver
    return treaty_resolver(engine.treaty).resolve(name, path=None)


def as_of_day(treaty, as_of: Optional[dt.date], settings: Settings) -> dt.date:
    """The as-of date (default: today); one before the treaty's adoption is a usage error."""
    from .status import refuse_before_start
    day = as_of or settings.today
    refuse_before_start(treaty, day, "--as-of" if as_of else "--today")
    return day


FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", case_sensitive=False,
                             help="Output format.")
AS_OF_OPTION = typer.Option(None, "--as-of", parser=parse_date_option, metavar="YYYY-MM-DD",
                            help="Show the standing on this past date (default: today).")


# -- commands ------------------------------------------------------------------------------


@app.command(cls=Command)
def status(ctx: typer.Context, as_of: Optional[dt.date] = AS_OF_OPTION,
           format: Format = FORMAT_OPTION):
    """Where the treaty stands: signatories, parties, progress to the threshold, dates.

    Examples: ratify status · ratify status --as-of 2026-01-01 · ratify status --format json
    """
    from .render.tables import status_view
    from .status import summary
    settings = _settings(ctx)
    engine = load_engine(ctx)
    view = summary(engine, as_of_day(engine.treaty, as_of, settings), settings.today)
    warn(view["warnings"])
    output(status_view(view), format)


@app.command(cls=Command)
def badge(ctx: typer.Context, as_of: Optional[dt.date] = AS_OF_OPTION,
          output_file: Optional[str] = typer.Option(
              None, "--output", "-o", metavar="FILE",
              help="Write the badge to FILE (whole or not at all) instead of stdout."),
          format: BadgeFormat = typer.Option(
              BadgeFormat.svg, "--format", "-f", case_sensitive=False,
              help="svg, or json in the shields.io endpoint schema.")):
    """A badge of the treaty's standing: "ratifications | 0/40", then "in force | DATE".

    Examples: ratify badge -o badge.svg · ratify badge --format json -o badge.json (for
    https://img.shields.io/endpoint?url=...)
    """
    import json

    from .render.badge import badge_fields, endpoint, svg
    from .status import summary
    settings = _settings(ctx)
    engine = load_engine(ctx)
    view = summary(engine, as_of_day(engine.treaty, as_of, settings), settings.today)
    warn(view["warnings"])
    fields = badge_fields(view)
    text = json.dumps(endpoint(fields)) + "\n" if format == BadgeFormat.json else svg(fields)
    emit(text, output_file)


@app.command("report", cls=Command)
def report_command(
    ctx: typer.Context, as_of: Optional[dt.date] = AS_OF_OPTION,
    html: bool = typer.Option(False, "--html", help="One self-contained HTML page (the "
                              "default): no request to any other host when opened."),
    md: bool = typer.Option(False, "--md", help="Markdown for a README or wiki; with -o, the "
                            "charts as SVG files next to it, else as text."),
    output_file: Optional[str] = typer.Option(
        None, "--output", "-o", metavar="FILE",
        help="Write the page to FILE (whole or not at all) instead of stdout."),
):
    """The treaty's status page: the count toward the threshold, the dates, the history, the
    projection (as `ratify project` gives it), every participant with its sources, the notes,
    and a line to cite it.

    Examples: ratify report -o hanoi.html · ratify report --md -o STATUS.md ·
    ratify --treaty att report --as-of 2014-10-01 -o att.html
    """
    if html and md:
        raise typer.BadParameter("give --html or --md, not both", param_hint="'--md'")
    from .report import report
    settings = _settings(ctx)
    engine = load_engine(ctx)
    day = as_of_day(engine.treaty, as_of, settings)
    with progress_bar("Simulating") as tick:
        data = report(engine, day, settings.today, progress=tick)
    warn(data["status"]["warnings"])
    if not md:
        from .render.report import html as page
        emit(page(data, __version__), output_file)
        return
    from .render.report_md import chart_files, markdown
    images = None
    if output_file:         # the charts as SVG files next to the Markdown
        base = os.path.splitext(os.path.basename(output_file))[0]
        files = chart_files(data, base)
        for name, svg_text in files.values():
            emit(svg_text, os.path.join(os.path.dirname(output_file), name))
        images = {chart: name for chart, (name, _) in files.items()}
    emit(markdown(data, __version__, images), output_file)


@app.command(cls=Command)
def feed(ctx: typer.Context,
         since: Optional[dt.date] = typer.Option(None, "--since", parser=parse_date_option,
                                                 metavar="YYYY-MM-DD",
                                                 help="Only entries dated on or after it."),
         limit: Optional[int] = typer.Option(None, "--limit", min=1,
                                             help="At most this many entries, newest first."),
         output_file: Optional[str] = typer.Option(
             None, "--output", "-o", metavar="FILE",
             help="Write the feed to FILE (whole or not at all) instead of stdout."),
         format: FeedFormat = typer.Option(FeedFormat.atom, "--format", "-f",
                                           case_sensitive=False, help="atom, or json.")):
    """What happened to the treaty, newest first, as an Atom feed: every signature, deposit,
    withdrawal and domestic step recorded up to today, the threshold and the entry into force.

    Examples: ratify feed -o uncc.atom · ratify feed --since 2026-01-01 --format json
    """
    import json

    from .feed import entries
    settings = _settings(ctx)
    engine = load_engine(ctx)
    found = entries(engine, settings.today, since)[:limit]
    if format == FeedFormat.json:
        text = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    else:
        from .render.atom import atom
        text = atom(engine.treaty.id, engine.treaty.name, found)
    emit(text, output_file)


@app.command("list", cls=Command)
def list_participants(
    ctx: typer.Context,
    as_of: Optional[dt.date] = AS_OF_OPTION,
    status: Optional[StatusFilter] = typer.Option(
        None, "--status", case_sensitive=False,
        help="party, signatory (signed, no instrument yet), none, withdrawn."),
    region: Optional[str] = typer.Option(None, "--region",
                                         help="M49 region (Africa, Asia, ...) or UN group "
                                         "(WEOG, GRULAC, EEG, APG, AG)."),
    sort: SortKey = typer.Option(SortKey.name, "--sort", case_sensitive=False,
                                 help="name, or date of the latest step."),
    format: Format = FORMAT_OPTION,
):
    """List participants and their status.

    Examples: ratify list --status signatory (who signed and has not ratified) ·
    ratify list --status party --sort date · ratify list --region Africa --format csv
    """
    from .render.tables import list_view
    from .status import list_rows
    settings = _settings(ctx)
    engine = load_engine(ctx)
    day = as_of_day(engine.treaty, as_of, settings)
    if region:
        from .status import GROUP_ABBREVIATIONS, known_regions, resolve_region
        if resolve_region(engine.treaty, region) is None:
            regions = known_regions(engine.treaty)
            raise typer.BadParameter(f"unknown region {region!r}; one of: "
                                     + ", ".join(sorted(regions)) + " (UN groups also as "
                                     + ", ".join(GROUP_ABBREVIATIONS) + ")",
                                     param_hint="--region")
    wanted = status.value if status else None
    output(list_view(list_rows(engine, day, wanted, region, sort.value), wanted, day), format)


@app.command(cls=Command)
def show(ctx: typer.Context,
         participant: str = typer.Argument(..., metavar="PARTICIPANT",
                                           help="A name, alias or code: Vietnam, VNM, VN."),
         as_of: Optional[dt.date] = AS_OF_OPTION, format: Format = FORMAT_OPTION):
    """One participant: every action with its source, its date of effect, declarations.

    Examples: ratify show Vietnam · ratify --treaty att show Afghanistan --format json
    """
    from .render.tables import show_view
    from .status import participant_detail
    settings = _settings(ctx)
    engine = load_engine(ctx)
    code = resolve(engine, participant)
    day = as_of_day(engine.treaty, as_of, settings)
    output(show_view(participant_detail(engine, engine.participant(code, day), day)), format)


@app.command(cls=Command)
def check(ctx: typer.Context, format: Format = FORMAT_OPTION):
    """Validate the data file: schema, codes, dates, consistency. Exit 1 on any error.

    Examples: ratify check · ratify --data my.yaml check --format json
    """
    from .checks import check as run_check
    from .datafile import store
    from .render.tables import check_view
    settings = _settings(ctx)
    path, _ = data_path(settings)
    try:
        treaty = store.load(path)
        findings = run_check(treaty, settings.today)
    except RatifyError as exc:
        if format == Format.table:
            raise  # one line on stderr, like every other command
        hint = exc.hint_text(remedies())
        findings = [{"level": "error", "code": None, "line": exc.line,
                     "message": exc.message + (f" ({hint})" if hint else "")}]
    view = check_view(findings, path)
    output(view, format)
    if view.data["errors"]:
        raise typer.Exit(1)


@app.command(cls=Command)
def treaties(ctx: typer.Context,
             collection: Optional[Collection] = typer.Option(
                 None, "--collection", case_sensitive=False,
                 help="Only these: default (the data file's treaty), reference (the "
                      "curated treaties, data/treaties) or corpus (the UN treaties corpus); "
                      "the last two are the projection's reference class."),
             format: Format = FORMAT_OPTION):
    """The bundled treaties: the default one, then the curated treaties and the corpus of UN
    treaties (together, the projection's reference class), with each rule, threshold date,
    entry into force (computed, and official) and what is counted so far.

    Examples: ratify treaties --collection reference; then ratify --treaty rome status ·
    ratify treaties --collection corpus --format csv
    """
    from .render.tables import treaties_view
    from .status import bundled_rows
    rows = bundled_rows(_settings(ctx).today)
    if collection is not None:
        rows = [row for row in rows if row["collection"] == collection.value]
    output(treaties_view(rows), format)


@app.command("state", cls=Command)
def state_command(ctx: typer.Context, participant: str = typer.Argument(
                      ..., metavar="PARTICIPANT", help="A name, alias or code: Brazil, BRA, BR."),
                  as_of: Optional[dt.date] = AS_OF_OPTION,
                  collection: Optional[Collection] = typer.Option(
                      None, "--collection", case_sensitive=False,
                      help="Only these treaties: default (the data file's), reference or "
                           "corpus (see `ratify treaties`)."),
                  format: Format = FORMAT_OPTION):
    """One participant across the data file's treaty and every other bundled one: status,
    signature, instrument, date of effect and the days from each treaty's opening to its
    instrument, with its median against all participants'.

    Examples: ratify state Brazil · ratify state FRA --collection corpus --format json ·
    ratify state "Viet Nam" --as-of 2015-01-01
    """
    from .render.tables import state_view
    from .track import record, resolve
    settings = _settings(ctx)
    path = data_path(settings)[0]
    who = resolve(participant, path)
    data = {"participant": who, **record(who["code"], as_of or settings.today, path,
                                         collection.value if collection else None)}
    output(state_view(data), format)


@app.command(cls=Command)
def timeline(ctx: typer.Context,
             since: Optional[dt.date] = typer.Option(None, "--since", parser=parse_date_option,
                                                     metavar="YYYY-MM-DD",
                                                         help="Only actions from this date."),
             as_of: Optional[dt.date] = AS_OF_OPTION,
             chart: bool = typer.Option(False, "--chart", help="Draw counted instruments over "
                                        "time, with the threshold and entry into force."),
             format: Format = FORMAT_OPTION):
    """Actions in date order with the running count of counted instruments.

    Examples: ratify timeline --since 2026-01-01 · ratify --treaty tpnw timeline --chart
    """
    from .timeline import chart_series, timeline_rows
    settings = _settings(ctx)
    engine = load_engine(ctx)
    day = as_of_day(engine.treaty, as_of, settings)
    rows = timeline_rows(engine, day, since)
    if chart:
        from .render.charts import timeline_chart_view
        if format != Format.table:
            raise typer.BadParameter("--chart draws in the terminal; drop --format")
        output(timeline_chart_view(engine.treaty.name, chart_series(engine, day)), format)
        return
    from .render.changes import timeline_view
    output(timeline_view(rows, engine.treaty.name), format)


# -- recording: record, remove, diff --------------------------------------------------------

from .model import ACTION_TYPES  # noqa: E402  (the ACTION argument's choices)

ActionType = Enum("ActionType", {name: name for name in ACTION_TYPES}, type=str)


class Confidence(str, Enum):
    depositary = "depositary"
    reported = "reported"


ChangeFormat = Format.choices("table", "json")  # a write reports in a table or as JSON


PARTICIPANT_ARGUMENT = typer.Argument(..., metavar="PARTICIPANT",
                                      help="A name, alias or code: Qatar, QAT, QA.")
ACTION_ARGUMENT = typer.Argument(..., metavar="ACTION", case_sensitive=False,
                                 help="signature, ratification, acceptance, approval, "
                                 "accession, succession, formal_confirmation, "
                                 "definitive_signature, "
                                 "revocation, denunciation, denunciation_revoked, "
                                 "provisional_application, domestic_approval.")
DATE_ARGUMENT = typer.Argument(..., parser=parse_date_option, metavar="DATE",
                               help="The depositary's date, YYYY-MM-DD.")
DRY_RUN_OPTION = typer.Option(False, "--dry-run", help="Show the change and the diff; write "
                              "nothing.")
CHANGE_FORMAT_OPTION = typer.Option(ChangeFormat.table, "--format", "-f", case_sensitive=False,
                                    help="Output format.")


def _report_change(outcome, format: Enum, path: str, dry_run: bool) -> None:
    """What a write did (or, with --dry-run, would do, with its diff); warnings on stderr."""
    from .render.changes import change_view
    warn(outcome.warnings)
    output(change_view(outcome.to_dict(), outcome.lines, outcome.diff, path, dry_run), format)


@app.command(cls=Command)
def record(ctx: typer.Context, participant: str = PARTICIPANT_ARGUMENT,
           action: ActionType = ACTION_ARGUMENT, date: dt.date = DATE_ARGUMENT,
           source: Optional[str] = typer.Option(None, "--source", help="Where the fact comes "
                                                "from: a URL, a depositary notification, or a "
                                                "key of treaty.sources."),
           note: Optional[str] = typer.Option(None, "--note", help="A short remark."),
           earliest: Optional[dt.date] = typer.Option(
               None, "--earliest", parser=parse_date_option, metavar="YYYY-MM-DD",
               help="When only a range of days is known: its first day (DATE is the last)."),
           confidence: Confidence = typer.Option(
               Confidence.depositary, "--confidence", case_sensitive=False,
               help="reported: not yet confirmed by the depositary."),
           retires: Optional[int] = typer.Option(
               None, "--retires", metavar="N", min=1,
               help="Also remove note N (as `status` numbers them): the fact it reported is "
                    "now recorded."),
           dry_run: bool = DRY_RUN_OPTION, format: ChangeFormat = CHANGE_FORMAT_OPTION):
    """Record one action (a signature, a deposit, ...) in the data file, safely.

    Refuses what the treaty's rules make impossible; then says what it means for the count and
    the entry-into-force date. Only the action's line changes in the file (and, with --retires
    N, note N's). Lists the notes that still name the participant. Never moves data_as_of:
    `ratify reconcile` does.

    Examples: ratify record Qatar ratification 2026-03-01 --source "C.N.123.2026.TREATIES-XVIII.16"
    · ratify record Fiji signature 2025-11-20 --confidence reported --dry-run
    """
    from .write.recording import record as record_action
    settings = _settings(ctx)
    path, packaged = data_path(settings)
    outcome = record_action(path, participant, action.value, date, today=settings.today,
                            source=source, note=note, earliest=earliest,
                            confidence=confidence.value, dry_run=dry_run, packaged=packaged,
                            retires=retires)
    _report_change(outcome, format, path, dry_run)


@app.command(cls=Command)
def remove(ctx: typer.Context, participant: str = PARTICIPANT_ARGUMENT,
           action: ActionType = ACTION_ARGUMENT, date: dt.date = DATE_ARGUMENT,
           dry_run: bool = DRY_RUN_OPTION, format: ChangeFormat = CHANGE_FORMAT_OPTION):
    """Remove a wrongly recorded action, with the same safe write as `record`.

    Example: ratify remove Qatar ratification 2026-03-01 --dry-run
    """
    from .write.recording import remove as remove_action
    settings = _settings(ctx)
    path, packaged = data_path(settings)
    outcome = remove_action(path, participant, action.value, date, today=settings.today,
                            dry_run=dry_run, packaged=packaged)
    _report_change(outcome, format, path, dry_run)


@app.command("reconcile", cls=Command)
def reconcile_command(
    ctx: typer.Context,
    as_of: dt.date = typer.Option(..., "--as-of", parser=parse_date_option, metavar="YYYY-MM-DD",
                                  help="The day up to which the records now match their "
                                       "sources (e.g. the UNTC page's \"status as at\")."),
    allow_earlier: bool = typer.Option(False, "--allow-earlier",
                                       help="Move data_as_of back (it was set wrongly)."),
    dry_run: bool = DRY_RUN_OPTION, format: ChangeFormat = CHANGE_FORMAT_OPTION):
    """Set the file's data_as_of: the records are complete up to --as-of.

    `record` never moves it (the projection reads it as "complete up to"); run this once the
    file matches the depositary. Refused after today, before the newest action the depositary
    confirmed, and before the current data_as_of without --allow-earlier.

    Example: ratify reconcile --as-of 2026-03-10 --dry-run
    """
    from .write.recording import reconcile
    settings = _settings(ctx)
    path, packaged = data_path(settings)
    outcome = reconcile(path, as_of, today=settings.today, allow_earlier=allow_earlier,
                        dry_run=dry_run, packaged=packaged)
    _report_change(outcome, format, path, dry_run)


@app.command("retire-note", cls=Command)
def retire_note_command(
    ctx: typer.Context,
    number: int = typer.Argument(..., metavar="N", min=1,
                                 help="The note's number, as `status` and `show` give it."),
    dry_run: bool = DRY_RUN_OPTION, format: ChangeFormat = CHANGE_FORMAT_OPTION):
    """Remove a note whose fact is now recorded (or was wrong), with the same safe write as
    `record`. The notes after it move up one number.

    Examples: ratify retire-note 3 --dry-run · ratify record Qatar ratification 2026-03-01
    --retires 3 (both at once)
    """
    from .write.recording import retire_note
    settings = _settings(ctx)
    path, packaged = data_path(settings)
    outcome = retire_note(path, number, today=settings.today, dry_run=dry_run,
                          packaged=packaged)
    _report_change(outcome, format, path, dry_run)


@app.command("diff", cls=Command)
def diff_files(ctx: typer.Context,
               old_file: str = typer.Argument(..., metavar="OLD_FILE",
                                              help="The earlier version of the data file."),
               new_file: Optional[str] = typer.Argument(
                   None, metavar="[NEW_FILE]", help="The later version (default: the current "
                   "data file)."),
               exit_code: bool = typer.Option(False, "--exit-code", help="Exit 3 when the "
                                              "versions differ, 0 when they do not (1 on "
                                              "error), for scripts and CI."),
               format: Format = FORMAT_OPTION):
    """What changed between two versions of a data file: actions added, removed or changed,
    and what that did to the counts and dates (as of --today).

    Examples: ratify diff <(git show HEAD~5:data/states.yaml) · ratify diff old.yaml new.yaml
    · ratify diff old.yaml --exit-code --format csv
    """
    from .compare import compare, rows
    from .datafile import store
    from .render.changes import diff_view
    settings = _settings(ctx)
    new_path = new_file or data_path(settings)[0]

    def load(path: str, which: str):
        from .errors import Hint, Remedy
        try:
            return store.load(path)
        except RatifyError as exc:
            if isinstance(exc.hint, Hint) and exc.hint.remedy in (Remedy.other_file,
                                                                   Remedy.file_path):
                exc.hint = f"check the path given as {which}"  # an argument here, not --data
            raise
    result = compare(load(old_file, "OLD_FILE"),
                     load(new_path, "NEW_FILE" if new_file else "the data file"), settings.today)
    changes = rows(result)
    output(diff_view(result, changes), format)
    dates = result["data_as_of"]
    if exit_code and (changes or dates["old"] != dates["new"]):
        raise typer.Exit(3)


def parse_assumption(text: str) -> tuple[str, dt.date]:
    """PARTICIPANT@DATE (the last '@' splits); a malformed value is a usage error (exit 2)."""
    from .dates import parse_iso
    name, sep, day = text.rpartition("@")
    if not sep or not name.strip() or not day.strip():
        raise typer.BadParameter(f"{text!r} is not PARTICIPANT@DATE (e.g. Qatar@2026-12-01)",
                                 param_hint="'--assume'")
    try:
        return name.strip(), parse_iso(day)
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r}: {exc}", param_hint="'--assume'") from None


def resolve_pins(pins: list[tuple[str, dt.date]], treaty) -> list[tuple[str, dt.date]]:
    """--assume names as codes: any participant that could join, in the file or not."""
    from .names import treaty_resolver
    from .projection.reference import universe
    resolver = treaty_resolver(universe(treaty, open_only=False))  # check_pins says who may
    return [(resolver.resolve(name), when) for name, when in pins]


@app.command("project", cls=Command)
def project_command(
    ctx: typer.Context,
    as_of: Optional[dt.date] = typer.Option(
        None, "--as-of", parser=parse_date_option, metavar="YYYY-MM-DD",
        help="Project with what was known on this date (default: today)."),
    assume: Optional[list[str]] = typer.Option(
        None, "--assume", metavar="PARTICIPANT@DATE",
        help="Pin a deposit (repeatable): Qatar@2026-12-01, \"Viet Nam@2027-01-15\"."),
    runs: int = typer.Option(10_000, "--runs", min=1, max=1_000_000,
                             help="Simulated runs."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same answer)."),
    horizon: int = typer.Option(20, "--horizon", min=1, max=100, metavar="YEARS",
                                help="Years after the as-of date to look."),
    chart: bool = typer.Option(False, "--chart", help="Draw the counted instruments so far, "
                               "then the median path and the 80 % band to the threshold."),
    format: Format = FORMAT_OPTION,
):
    """When the treaty will enter into force: a median date, an 80 % interval and the chance by
    the end of each year, from a Monte Carlo of who deposits when (reference class: the bundled
    treaties).

    Examples: ratify project · ratify project --assume Qatar@2026-12-01 --assume "Viet
    Nam@2027-01-15" · ratify --treaty att project --as-of 2014-03-19 --chart
    """
    from .datafile import store
    from .projection.project import fan_series, project
    from .render.projection import projection_view
    from .rules import Engine
    if chart and format != Format.table:
        raise typer.BadParameter("--chart draws in the terminal; drop --format")
    pins = [parse_assumption(text) for text in assume or ()]
    settings = _settings(ctx)
    treaty = store.load(data_path(settings)[0])
    day = as_of_day(treaty, as_of, settings)
    pins = resolve_pins(pins, treaty)
    with progress_bar("Simulating") as tick:
        view, sim = project(treaty, day, pins=pins, runs=runs, seed=seed,
                            horizon_years=horizon, record=min(runs, 2000) if chart else 0,
                            progress=tick)
    warn(view["warnings"])
    fan = None
    if chart:
        from .projection.simulation import truncate
        fan = fan_series(sim, Engine(truncate(treaty, day)))
    output(projection_view(view, treaty.name, fan), format)


@app.command("backtest", cls=Command)
def backtest_command(
    ctx: typer.Context,
    only: Optional[list[str]] = typer.Option(None, "--only", metavar="ID",
                                             help="Back-test only this treaty (repeatable)."),
    runs: int = typer.Option(2000, "--runs", min=1, max=100_000,
                             help="Simulated runs per case."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    jobs: int = typer.Option(0, "--jobs", min=0, max=64,
                             help="Worker processes (0: one per core). The result is the same "
                                  "whatever the number."),
    part: Optional[Part] = typer.Option(
        None, "--part", case_sensitive=False,
        help="Only the treaties of one part of the hold-out split: development (the last "
             "digit of the UNTC number even) or test (odd)."),
    replay: Replay = typer.Option(
        Replay.strict, "--replay", case_sensitive=False,
        help="strict: only treaties opened before each as-of date, cut there, are the "
             "reference class; loo: every other treaty with all its data (leave-one-out)."),
    format: Format = FORMAT_OPTION,
):
    """How well `project` (and two baselines) would have dated the bundled treaties' entry into
    force: rolling origin at 25/50/75 % of the threshold and 6/12/24 months after opening,
    replayed strictly historically (default) or leave-one-out.

    With --data FILE, back-tests that treaty alone (a file of your own, in force with its
    entered_into_force date) against the bundled reference class, with the same cases,
    metrics, baselines and JSON.

    Examples: ratify backtest · ratify backtest --part development · ratify backtest
    --replay loo · ratify backtest --only att --only rome --format json ·
    ratify --data mine.yaml backtest
    """
    from .projection.backtest import backtest
    from .render.projection import backtest_view
    settings = _settings(ctx)
    subject = None
    if settings.data and settings.treaty_id:
        raise typer.BadParameter("give --data FILE or --treaty ID, not both",
                                 param_hint="'--treaty'")
    if settings.data:  # a user's own file, against the bundled reference class
        if only:
            raise typer.BadParameter("give --data FILE or --only ID, not both",
                                     param_hint="'--only'")
        from .datafile import store
        subject = store.load(settings.data)
    elif settings.treaty_id:
        only = [*(only or ()), settings.treaty_id]
    with progress_bar("Back-testing") as tick:
        result = backtest([t.strip().casefold() for t in only] if only else None,
                          subject=subject, part=part.value if part else None, runs=runs,
                          seed=seed, replay=replay.value, jobs=jobs or os.cpu_count() or 1,
                          progress=tick)
    output(backtest_view(result), format)


# -- import from the UN Treaty Collection ---------------------------------------------------


@app.command("import", cls=Command)
def import_command(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help="A UNTC status page saved from the "
                               "browser (.html), or its participant table as CSV/TSV."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report and show the diff; write "
                                 "nothing."),
    format: ChangeFormat = CHANGE_FORMAT_OPTION,
):
    """Merge a UN Treaty Collection status table into the data file.

    Adds the signatures, deposits and provisional applications the file lacks (participants
    too), and sets data_as_of to the page's "status as at" date when it is later. Actions
    already there are counted; conflicts (another date or type for the same kind of action)
    are reported and NOT overwritten; names that match no participant are reported, never
    guessed. Conflicts and unmatched names still exit 0: read the report. A file that is not a
    recognisable UNTC page or table exits 1, changing nothing.

    Examples: ratify --data data/att.yaml import XXVI-8.html --dry-run ·
    ratify import table.csv --format json
    """
    from .render.changes import change_view
    from .untc.merge import run
    settings = _settings(ctx)
    path, packaged = data_path(settings)
    outcome = run(path, file, today=settings.today, dry_run=dry_run, packaged=packaged)
    warn(outcome.plan.warnings)
    output(change_view(outcome.to_dict(), outcome.lines(), outcome.diff, path, dry_run), format)


def parse_url_option(value):
    """An http(s) address; anything else is a usage error (exit 2)."""
    from .model import is_web_address
    if value is not None and not is_web_address(value):
        raise typer.BadParameter(f"{value[:80]!r} is not an http:// or https:// address")
    from .untc.sync import has_credentials
    if value is not None and has_credentials(value):
        raise typer.BadParameter("the address carries a user or password, which ratify does "
                                 "not send (nor write into the sources)")
    return value


@app.command("sync", cls=Command)
def sync_command(
    ctx: typer.Context,
    url: Optional[str] = typer.Option(None, "--url", parser=parse_url_option, metavar="URL",
                                      help="Read this page instead (default: treaty.status_url, "
                                           "else the UNTC page of treaty.reference)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report and show the diff; write "
                                 "nothing."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 3 when the file changed (or "
                                   "would, with --dry-run), 0 when it did not (1 on error), "
                                   "for cron and CI."),
    timeout: float = typer.Option(30.0, "--timeout", min=0.1, max=600.0, metavar="SECONDS",
                                  help="Give up a try after this long (3 tries at most)."),
    format: ChangeFormat = CHANGE_FORMAT_OPTION,
):
    """Bring the data file up to date from the depositary's status page (the UN Treaty
    Collection): download it and merge it exactly as `ratify import` does.

    Refuses, writing nothing, a page that is not a whole status page of this treaty (the site's
    maintenance or error page, another treaty, fewer participants than the file holds), an
    HTTP error, or no network. "304 Not Modified" since the last sync means up to date. Each
    added action's source names the address and the page's status date; data_as_of moves to
    that date.

    Examples: ratify sync --dry-run · ratify sync --exit-code || echo "the treaty changed" ·
    ratify --data data/att.yaml sync --format json
    """
    from .render.changes import change_view
    from .untc.sync import sync
    settings = _settings(ctx)
    path, packaged = data_path(settings)
    outcome = sync(path, url=url, today=settings.today, dry_run=dry_run, packaged=packaged,
                   timeout=timeout)
    warn(outcome.warnings)
    output(change_view(outcome.to_dict(), outcome.lines(), outcome.diff, path, dry_run), format)
    if exit_code and outcome.changed:
        raise typer.Exit(3)


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show █ or — gets '?'
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    try:
        app(prog_name="ratify")
    except BrokenPipeError:  # `ratify list | head`: the reader has all it wanted
        _quiet_exit()


def _quiet_exit() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0)
