"""`nucsec keys`: the installation's release-signing key (generate, show, rotate)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.errors import Invalid
from nucsec.publishing import keys

app = typer.Typer(help="The release-signing key: generate, show (for publication), rotate.")

PassphraseStdin = Annotated[
    bool,
    typer.Option(
        "--passphrase-stdin",
        help="Protect the private key with a passphrase read from standard input "
        "(then set NUCSEC_SIGNING_KEY_PASSPHRASE where releases are made).",
    ),
]


def _passphrase(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    passphrase = sys.stdin.readline().rstrip("\r\n")
    if not passphrase:
        raise Invalid("passphrase: nothing on standard input")
    return passphrase


@app.command("generate")
def generate(passphrase_stdin: PassphraseStdin = False) -> None:
    """Create the Ed25519 release-signing key in the data folder (files mode 0600)."""
    folder = keys.folder_for()
    made = keys.generate(folder, passphrase=_passphrase(passphrase_stdin))
    console.print(f"signing key created in {folder}", markup=False, highlight=False)
    console.print(f"fingerprint {made.fingerprint}", markup=False, highlight=False)
    console.print(made.public_line, markup=False, highlight=False, soft_wrap=True)


@app.command("show")
def show(fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table) -> None:
    """Print the public key and its fingerprint, to publish; then the retired keys."""
    found = keys.known(keys.folder_for())
    if not found:
        raise Invalid("no signing key yet: create one with `nucsec keys generate`")
    if fmt is OutputFormat.json:
        print_json(
            [
                {"fingerprint": k.fingerprint, "public_key": k.public_line, "retired": k.retired}
                for k in found
            ]
        )
        return
    print_table(
        "Release-signing keys",
        ["status", "fingerprint", "public key"],
        [("retired" if k.retired else "current", k.fingerprint, k.public_line) for k in found],
    )


@app.command("rotate")
def rotate(passphrase_stdin: PassphraseStdin = False) -> None:
    """Replace the signing key; the old public key is kept to verify earlier releases."""
    old, new = keys.rotate(keys.folder_for(), passphrase=_passphrase(passphrase_stdin))
    console.print(f"retired {old.fingerprint} (kept as {old.path.name})", markup=False)
    console.print(f"new key {new.fingerprint}", markup=False, highlight=False)
    console.print(new.public_line, markup=False, highlight=False, soft_wrap=True)
