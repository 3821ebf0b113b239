"""`nucsec verify` (a downloaded release) and `nucsec publish-site` (the static site)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from nucsec.cli.output import console
from nucsec.errors import Invalid
from nucsec.publishing import keys, verification


def verify(
    manifest: Annotated[Path, typer.Argument(help="A release's .manifest.json file.")],
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="The state's published public key (OpenSSH or allowed_signers lines); "
            "default: this installation's keys.",
        ),
    ] = None,
    signature: Annotated[
        Path | None, typer.Option("--signature", help="Default: MANIFEST.sig beside it.")
    ] = None,
) -> None:
    """Check a release's signature and every file beside its manifest; name the first mismatch."""
    if key is not None:
        trusted = verification.read_keys(key)
    else:
        trusted = [k.key for k in keys.known(keys.folder_for())]
        if not trusted:
            raise Invalid("no trusted key: give the state's published public key with --key PUBKEY")
    sig = signature or manifest.with_name(manifest.name + ".sig")
    result = verification.verify_folder(manifest_path=manifest, signature_path=sig, trusted=trusted)
    doc = result.manifest
    console.print(
        f"verified: {doc['report']} report of {doc['state']}, release {doc['release']} "
        f"({doc['released_on']}), signed by {result.fingerprint}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    for entry in doc["files"]:
        console.print(
            f"  ok  {entry['name']}  sha256 {entry['sha256']}", markup=False, soft_wrap=True
        )


def publish_site(
    state: Annotated[str, typer.Option("--state", help="The state's code, e.g. XD.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The site's folder.")],
    since: Annotated[
        int | None,
        typer.Option("--since", help="Leave releases up to this one as they are (incremental)."),
    ] = None,
) -> None:
    """Write the static transparency site from released PUBLIC material only (built as PUBLIC)."""
    from nucsec.cli.context import ready_engine
    from nucsec.publishing.site import write_site
    from nucsec.reports.transparency import site_content

    if output.exists() and not output.is_dir():
        raise Invalid(f"{output}: not a folder")
    content = site_content(engine=ready_engine(), state_code=state, today=date.today())
    written = write_site(content, output, since=since)
    signed = sum(1 for r in content.releases if r.signature)
    console.print(
        f"site written to {output}: {len(written)} files, {len(content.releases)} releases "
        f"({signed} signed)" + ("" if content.oscal else "; no OSCAL (install nucsec[oscal])"),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
