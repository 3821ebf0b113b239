"""`nucsec state`: add, list, show, update and remove state profiles."""

from __future__ import annotations

from typing import Annotated

import typer

from nucsec.access.labels import Label
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.states import service
from nucsec.states.schemas import StateCreate, StatePublic, StateUpdate
from nucsec.validation import parse

app = typer.Typer(
    help="State profiles: programme, maturity and INFCIRC/869 subscription.", no_args_is_help=True
)

Categories = Annotated[
    str | None,
    typer.Option("--material-categories", help="Nuclear material categories held, e.g. 'I,II'."),
]


def _profile(**flags: object) -> dict:
    profile = {k: v for k, v in flags.items() if v is not None and k != "material_categories"}
    categories = flags.get("material_categories")
    if categories is not None:
        profile["material_categories"] = [
            c.strip() for c in str(categories).split(",") if c.strip()
        ]
    return profile


def _emit(states: list[StatePublic], fmt: OutputFormat, title: str) -> None:
    if fmt is OutputFormat.json:
        print_json([s.model_dump(mode="json") for s in states])
        return
    print_table(
        title,
        ["Code", "Name", "Maturity", "Starts at", "Subscribed", "Label", "Profile"],
        [
            (
                s.code,
                s.name,
                s.maturity,
                s.start_steps,
                s.subscribed_on,
                s.label.value,
                _describe_profile(s),
            )
            for s in states
        ],
    )


def _describe_profile(state: StatePublic) -> str:
    p = state.profile
    parts = [
        name.replace("_", " ")
        for name in (
            "power_reactors",
            "research_reactors",
            "fuel_cycle_facilities",
            "radioactive_sources",
            "transport",
        )
        if getattr(p, name)
    ]
    if p.material_categories:
        parts.append("material cat. " + "/".join(p.material_categories))
    return ", ".join(parts) or "—"


@app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Two or three letters, e.g. XD.")],
    name: Annotated[str, typer.Option("--name", help="Full name of the state.")],
    maturity: Annotated[str, typer.Option("--maturity", help="new or developed.")] = "new",
    subscribed: Annotated[str | None, typer.Option("--subscribed", help="YYYY-MM-DD.")] = None,
    power_reactors: Annotated[bool, typer.Option("--power-reactors")] = False,
    research_reactors: Annotated[bool, typer.Option("--research-reactors")] = False,
    fuel_cycle: Annotated[bool, typer.Option("--fuel-cycle-facilities")] = False,
    sources: Annotated[bool, typer.Option("--radioactive-sources")] = False,
    transport: Annotated[bool, typer.Option("--transport")] = False,
    material_categories: Categories = None,
    label: Annotated[Label, typer.Option("--label")] = Label.OFFICIAL,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Add a state and its programme profile."""
    data = parse(
        StateCreate,
        {
            "code": code,
            "name": name,
            "maturity": maturity,
            "subscribed_on": subscribed,
            "label": label,
            "profile": _profile(
                power_reactors=power_reactors,
                research_reactors=research_reactors,
                fuel_cycle_facilities=fuel_cycle,
                radioactive_sources=sources,
                transport=transport,
                material_categories=material_categories,
            ),
        },
    )
    with cli_session() as session:
        state = service.to_public(service.create(session=session, data=data))
    _emit([state], fmt, "State added")


@app.command("list")
def list_(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """List every state."""
    with cli_session() as session:
        states = [service.to_public(s) for s in service.list_all(session=session)]
    _emit(states, fmt, "States")


@app.command("show")
def show(
    code: str,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Show one state."""
    with cli_session() as session:
        state = service.to_public(service.get(session=session, code=code))
    if fmt is OutputFormat.json:
        print_json(state.model_dump(mode="json"))
    else:
        _emit([state], fmt, f"State {state.code}")


@app.command("update")
def update(
    code: str,
    name: Annotated[str | None, typer.Option("--name")] = None,
    maturity: Annotated[str | None, typer.Option("--maturity")] = None,
    subscribed: Annotated[str | None, typer.Option("--subscribed", help="YYYY-MM-DD.")] = None,
    power_reactors: Annotated[
        bool | None, typer.Option("--power-reactors/--no-power-reactors")
    ] = None,
    research_reactors: Annotated[
        bool | None, typer.Option("--research-reactors/--no-research-reactors")
    ] = None,
    fuel_cycle: Annotated[
        bool | None, typer.Option("--fuel-cycle-facilities/--no-fuel-cycle-facilities")
    ] = None,
    sources: Annotated[
        bool | None, typer.Option("--radioactive-sources/--no-radioactive-sources")
    ] = None,
    transport: Annotated[bool | None, typer.Option("--transport/--no-transport")] = None,
    material_categories: Categories = None,
    label: Annotated[Label | None, typer.Option("--label")] = None,
) -> None:
    """Change a state's name, maturity, subscription date, label or programme profile."""
    changes: dict = {
        k: v
        for k, v in {
            "name": name,
            "maturity": maturity,
            "subscribed_on": subscribed,
            "label": label,
        }.items()
        if v is not None
    }
    flags = _profile(
        power_reactors=power_reactors,
        research_reactors=research_reactors,
        fuel_cycle_facilities=fuel_cycle,
        radioactive_sources=sources,
        transport=transport,
        material_categories=material_categories,
    )
    with cli_session() as session:
        if flags:
            current = service.profile_of(service.get(session=session, code=code))
            changes["profile"] = {**current.model_dump(), **flags}
        data = parse(StateUpdate, changes)
        state = service.to_public(service.update(session=session, code=code, data=data))
    console.print(f"updated {state.code}: {state.name}")


@app.command("remove")
def remove(code: str) -> None:
    """Remove a state."""
    with cli_session() as session:
        service.delete(session=session, code=code)
    console.print(f"removed {code.upper()}")
