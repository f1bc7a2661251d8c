"""The `ratify` command line: parses options, calls the library, chooses a renderer.

The only module that imports typer, and the one error boundary: a RatifyError raised anywhere
below becomes one line on stderr and exit code 1.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from enum import Enum
from typing import Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import RatifyError


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class StatusFilter(str, Enum):
    party = "party"
    signatory = "signatory"
    none = "none"
    withdrawn = "withdrawn"


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


class Boundary(TyperGroup):
    """Turns RatifyError into one line on stderr and exit 1 (usage errors stay exit 2)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RatifyError as exc:
            typer.echo(f"ratify: {exc.render()}", err=True)
            ctx.exit(exc.exit_code)

    def list_commands(self, ctx):
        return list(self.commands)


app = typer.Typer(
    cls=Boundary, no_args_is_help=False, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Track signatures, ratifications and entry into force of a treaty.\n\n"
         "Reads data/states.yaml (the UN Convention against Cybercrime) unless told otherwise.\n\n"
         "Examples:\n\n"
         "  ratify status\n\n"
         "  ratify list --status signatory\n\n"
         "  ratify show Vietnam\n\n"
         "  ratify --treaty att status --as-of 2014-10-01")


@dataclass
class Settings:
    data: Optional[str]
    treaty_id: Optional[str]
    today: dt.date


def _version(value: bool):
    if value:
        typer.echo(f"ratify {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    data: Optional[str] = typer.Option(None, "--data", metavar="PATH",
                                       help="Data file to read (default: $RATIFY_DATA, else "
                                            "./data/states.yaml, else the bundled copy)."),
    treaty: Optional[str] = typer.Option(None, "--treaty", metavar="ID",
                                         help="A bundled treaty instead (see `ratify treaties`)."),
    today: Optional[dt.date] = typer.Option(None, "--today", parser=parse_date_option, metavar="YYYY-MM-DD",
                                                help="Fix 'today' (default: the real date)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
):
    if data and treaty:
        raise typer.BadParameter("give --data or --treaty, not both")
    ctx.obj = Settings(data, treaty, today or dt.date.today())
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


# -- helpers -------------------------------------------------------------------------------


def _settings(ctx: typer.Context) -> Settings:
    return ctx.find_object(Settings)


def data_path(settings: Settings) -> tuple[str, bool]:
    """The data file to use and whether it is the read-only packaged copy."""
    from . import store
    if settings.data:
        return settings.data, False
    if settings.treaty_id:
        if settings.treaty_id not in store.bundled_treaty_ids():
            from .errors import RatifyError as Err
            raise Err(f"no bundled treaty {settings.treaty_id!r}",
                      hint="one of " + ", ".join(store.bundled_treaty_ids()))
        return store.bundled_path(settings.treaty_id), True
    if os.environ.get("RATIFY_DATA"):
        return os.environ["RATIFY_DATA"], False
    if os.path.isfile(os.path.join("data", "states.yaml")):
        return os.path.join("data", "states.yaml"), False
    return store.bundled_path(), True


def load_engine(ctx: typer.Context):
    from . import store
    from .rules import Engine
    path, _ = data_path(_settings(ctx))
    return Engine(store.load(path))


def console():
    from rich.console import Console
    return Console(highlight=False)


def emit(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def resolve(engine, name: str) -> str:
    from .names import treaty_resolver
    return treaty_resolver(engine.treaty).resolve(name, path=None)


FORMAT_OPTION = typer.Option(Format.table, "--format", "-f", help="Output format.")
AS_OF_OPTION = typer.Option(None, "--as-of", parser=parse_date_option, metavar="YYYY-MM-DD",
                            help="Show the standing on this past date (default: today).")


# -- commands ------------------------------------------------------------------------------


@app.command()
def status(ctx: typer.Context, as_of: Optional[dt.date] = AS_OF_OPTION,
           format: Format = FORMAT_OPTION):
    """Where the treaty stands: signatories, parties, progress to the threshold, dates.

    Examples: ratify status · ratify status --as-of 2026-01-01 · ratify status --format json
    """
    from . import render
    from .status import summary
    settings = _settings(ctx)
    engine = load_engine(ctx)
    view = summary(engine, as_of or settings.today, settings.today)
    if format == Format.json:
        emit(render.to_json(view))
    elif format in (Format.csv, Format.md):
        rows = render.status_rows(view)
        emit(render.to_csv(rows, ["key", "value"]) if format == Format.csv
             else render.to_markdown(rows, ["key", "value"]))
    else:
        render.status_table(view, console())


@app.command("list")
def list_participants(
    ctx: typer.Context,
    as_of: Optional[dt.date] = AS_OF_OPTION,
    status: Optional[StatusFilter] = typer.Option(
        None, "--status", help="party, signatory (signed, no instrument yet), none, withdrawn."),
    region: Optional[str] = typer.Option(None, "--region",
                                         help="M49 region (Africa, Asia, ...) or UN group."),
    sort: SortKey = typer.Option(SortKey.name, "--sort", help="name, or date of the latest step."),
    format: Format = FORMAT_OPTION,
):
    """List participants and their status.

    Examples: ratify list --status signatory (who signed and has not ratified) ·
    ratify list --status party --sort date · ratify list --region Africa --format csv
    """
    from . import render
    from .status import list_rows
    settings = _settings(ctx)
    engine = load_engine(ctx)
    day = as_of or settings.today
    rows = list_rows(engine, day, status.value if status else None, region, sort.value)
    columns = render.LIST_COLUMNS
    if format == Format.json:
        keys = ("code", "name", "kind", "region", "status", "signature", "consent", "effective",
                "pipeline")
        emit(render.to_json([{k: r[k] for k in keys} for r in rows]))
    elif format == Format.csv:
        emit(render.to_csv(render.flat_rows(rows), columns))
    elif format == Format.md:
        emit(render.to_markdown(render.flat_rows(rows), columns))
    else:
        what = f"{status.value} " if status else ""
        render.list_table(rows, console(), f"{len(rows)} {what}participants as of {day}")


@app.command()
def show(ctx: typer.Context,
         participant: str = typer.Argument(..., help="A name, alias or code: Vietnam, VNM, VN."),
         as_of: Optional[dt.date] = AS_OF_OPTION, format: Format = FORMAT_OPTION):
    """One participant: every action with its source, its date of effect, declarations.

    Examples: ratify show Vietnam · ratify --treaty att show Afghanistan --format json
    """
    from . import render
    from .status import participant_detail
    settings = _settings(ctx)
    engine = load_engine(ctx)
    code = resolve(engine, participant)
    day = as_of or settings.today
    detail = participant_detail(engine, engine.participant(code, day), day)
    if format == Format.json:
        emit(render.to_json(detail))
    elif format in (Format.csv, Format.md):
        rows = [{**a, "code": code} for a in detail["actions"]]
        columns = ["code", "type", "date", "earliest", "confidence", "source", "note"]
        emit(render.to_csv(rows, columns) if format == Format.csv
             else render.to_markdown(rows, columns))
    else:
        render.show_table(detail, console())


@app.command()
def check(ctx: typer.Context, format: Format = FORMAT_OPTION):
    """Validate the data file: schema, codes, dates, consistency. Exit 1 on any error.

    Examples: ratify check · ratify --data my.yaml check --format json
    """
    from . import render, store
    from .checks import check as run_check
    settings = _settings(ctx)
    path, _ = data_path(settings)
    try:
        treaty = store.load(path)
        findings = run_check(treaty, settings.today)
    except RatifyError as exc:
        findings = [{"level": "error", "code": None, "line": exc.line,
                     "message": exc.message + (f" ({exc.hint})" if exc.hint else "")}]
    errors = sum(f["level"] == "error" for f in findings)
    if format == Format.json:
        emit(render.to_json({"file": path, "errors": errors,
                             "warnings": len(findings) - errors, "findings": findings}))
    elif format in (Format.csv, Format.md):
        columns = ["level", "line", "code", "message"]
        emit(render.to_csv(findings, columns) if format == Format.csv
             else render.to_markdown(findings, columns))
    else:
        render.check_report(findings, console(), path)
    if errors:
        raise typer.Exit(1)


@app.command()
def treaties(ctx: typer.Context, format: Format = FORMAT_OPTION):
    """The bundled treaties: rule, entry into force, counted so far.

    Example: ratify treaties; then ratify --treaty rome status
    """
    from . import render, store
    from .rules import Engine
    settings = _settings(ctx)
    rows = []
    for treaty_id in store.bundled_treaty_ids():
        engine = Engine(store.load(store.bundled_path(treaty_id)))
        t = engine.treaty
        snap = engine.snapshot(settings.today)
        eif = snap.entry_into_force or (t.entered_into_force if not engine.evaluable else None)
        rows.append({"id": t.id, "title": t.name, "rule": t.rule.describe(),
                     "entry_into_force": eif.isoformat() if eif else None,
                     "counted": snap.counted, "evaluable": engine.evaluable})
    columns = ["id", "title", "rule", "entry_into_force", "counted"]
    if format == Format.json:
        emit(render.to_json(rows))
    elif format == Format.csv:
        emit(render.to_csv(rows, columns))
    elif format == Format.md:
        emit(render.to_markdown(rows, columns))
    else:
        render.treaties_table(rows, console())


@app.command()
def timeline(ctx: typer.Context,
             since: Optional[dt.date] = typer.Option(None, "--since", parser=parse_date_option, metavar="YYYY-MM-DD",
                                                         help="Only actions from this date."),
             as_of: Optional[dt.date] = AS_OF_OPTION,
             chart: bool = typer.Option(False, "--chart", help="Draw counted instruments over "
                                        "time, with the threshold and entry into force."),
             format: Format = FORMAT_OPTION):
    """Actions in date order with the running count of counted instruments.

    Examples: ratify timeline --since 2026-01-01 · ratify --treaty tpnw timeline --chart
    """
    from . import render
    from .timeline import chart_points, timeline_rows
    settings = _settings(ctx)
    engine = load_engine(ctx)
    day = as_of or settings.today
    rows = timeline_rows(engine, day, since)
    if chart:
        points, start, end, markers, threshold = chart_points(engine, day)
        if format != Format.table:
            raise typer.BadParameter("--chart draws in the terminal; drop --format")
        con = console()
        con.print(f"{engine.treaty.name}: counted instruments, {start} to {end}")
        render.print_lines(render.step_chart(points, threshold, start, end, markers), con)
        con.print(f"█ counted instruments   - threshold ({threshold})")
        for label, day in markers.items():
            con.print(f"{label[0]} {label}: {day}")
        return
    columns = ["date", "code", "name", "type", "counted", "confidence", "source"]
    if format == Format.json:
        emit(render.to_json(rows))
    elif format == Format.csv:
        emit(render.to_csv(rows, columns))
    elif format == Format.md:
        emit(render.to_markdown(rows, columns))
    else:
        render.timeline_table(rows, console(), f"{engine.treaty.name}: {len(rows)} actions")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="ratify")
