"""``--kind`` everywhere it exists: repeatable or a comma list, any case, one parser, and a
refusal that names the valid kinds."""

from __future__ import annotations

from typing import Any, get_args

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from bazhanov_cli.cli.app import app
from bazhanov_cli.cli.options import ValueRefused, every_one, several_of
from bazhanov_cli.model.entries import ClaimKind
from bazhanov_cli.model.items import Kind

from .conftest import invoke, invoke_json

# Each command with --kind: the arguments it needs, and the kinds it takes.
COMMANDS: dict[str, tuple[tuple[str, ...], Any]] = {
    "search": (("secretary",), Kind),
    "claims": ((), ClaimKind),
}


def test_every_command_with_kind_is_tested_here() -> None:
    group = typer.main.get_command(app)
    with typer.Context(group) as ctx:
        commands = [group.get_command(ctx, name) for name in group.list_commands(ctx)]  # type: ignore[attr-defined]
    having = {
        command.name
        for command in commands
        if any("--kind" in param.opts for param in command.params)
    }
    assert having == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_comma_list_is_the_same_as_repeating_the_option(name: str) -> None:
    args, choices = COMMANDS[name]
    first, second = get_args(choices)[1:3]
    fields = ("--json", "--fields", "kind,id", "--limit", "100")
    listed = invoke_json(name, *args, "--kind", f"{first.upper()}, {second}", *fields)
    repeated = invoke_json(name, *args, "-k", first, "--kind", second, *fields)
    assert listed == repeated
    assert listed, "the test needs records of these kinds"
    assert {record["kind"] for record in listed} <= {first, second}
    each = [invoke_json(name, *args, "--kind", kind, *fields) for kind in (first, second)]
    assert sorted(map(str, listed)) == sorted(map(str, each[0] + each[1]))


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("typed", ["bogus", "event,bogus", "event,,person", ","])
def test_a_name_that_is_no_kind_is_refused_with_the_valid_ones(name: str, typed: str) -> None:
    args, choices = COMMANDS[name]
    refused = invoke(name, *args, "--kind", typed)
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert ", ".join(map(repr, get_args(choices))) in refused.stderr
    assert refused.stderr.startswith("Error: Invalid value for '--kind' / '-k': ")


@given(st.lists(st.lists(st.sampled_from(get_args(Kind)), min_size=1), min_size=1))
def test_the_parser_reads_any_lists_in_order_without_repeats(lists: list[list[str]]) -> None:
    parse = several_of(Kind)
    read = [parse(" , ".join(name.title() for name in names)) for names in lists]
    flat = [name for names in lists for name in names]
    assert every_one(read) == list(dict.fromkeys(flat))


def test_the_parser_refuses_names_of_other_choices() -> None:
    with pytest.raises(ValueRefused, match="'fact' is not one of 'position', "):
        several_of(ClaimKind)("event,fact")
    assert every_one(None) is None
    assert every_one([]) is None


@pytest.mark.parametrize("name", COMMANDS)
def test_completion_completes_the_last_name_of_a_comma_list(name: str) -> None:
    _, choices = COMMANDS[name]
    group = typer.main.get_command(app)
    with typer.Context(group) as parent:
        command = group.get_command(parent, name)  # type: ignore[attr-defined]
        option = next(param for param in command.params if "--kind" in param.opts)
        with typer.Context(command, parent=parent) as ctx:

            def offered(typed: str) -> list[str]:
                return [item.value for item in option.shell_complete(ctx, typed)]

            assert offered("") == list(get_args(choices))
            assert offered("event,pe") == ["event,person"]
            assert offered("q") == ["quote"]
            assert offered("event,") == [f"event,{kind}" for kind in get_args(choices)]
