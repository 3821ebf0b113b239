"""Signed releases, end to end through the CLI: a reviewer releases, the site carries the files,
and a reader checks them with `nucsec verify` and with OpenSSH's `ssh-keygen -Y verify`."""

from __future__ import annotations

import base64
import io
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh = pytest.mark.skipif(SSH_KEYGEN is None, reason="needs ssh-keygen (openssh-client)")


@pytest.fixture
def release(demo_engine: Engine, cli, tmp_path: Path) -> Path:
    """A signed release of Demoland's public report, as the static site publishes it."""
    assert cli("keys", "generate").code == 0
    made = cli("report", "release", "public", "--state", "XD", "--as", "reviewer")
    assert made.code == 0, made.err
    assert "manifest signed by SHA256:" in made.out
    site = tmp_path / "site"
    assert cli("publish-site", "--state", "XD", "-o", str(site)).code == 0
    (folder,) = (site / "releases").iterdir()  # public-XD-rN: N depends on the backend's sequence
    return folder


def manifest_of(folder: Path) -> Path:
    return folder / f"{folder.name}.manifest.json"


def ssh_verify(folder: Path) -> tuple[bool, str]:
    """What a partner does with standard tools: ssh-keygen on the manifest, sha256sum on files."""
    manifest = manifest_of(folder)
    signers = folder.parent.parent / "keys" / "allowed_signers"
    with manifest.open("rb") as stdin:
        checked = subprocess.run(
            [SSH_KEYGEN or "ssh-keygen", "-Y", "verify", "-f", str(signers), "-I",
             "nucsec-release", "-n", "nucsec-release", "-s", f"{manifest}.sig"],
            stdin=stdin, capture_output=True, text=True, check=False,
        )  # fmt: skip
    if checked.returncode != 0:
        return False, checked.stdout + checked.stderr
    listed = json.loads(manifest.read_bytes())["files"]
    sums = "".join(f"{f['sha256']}  {f['name']}\n" for f in listed)
    summed = subprocess.run(
        ["sha256sum", "-c"], input=sums, cwd=folder, capture_output=True, text=True, check=False
    )
    return summed.returncode == 0, summed.stdout + summed.stderr


@needs_ssh
def test_a_release_verifies_with_nucsec_and_with_ssh_keygen(release: Path, cli) -> None:
    key = release.parent.parent / "keys" / "release-signing-key.pub"
    checked = cli("verify", str(manifest_of(release)), "--key", str(key))
    assert checked.code == 0, checked.err
    assert "verified: public report of XD, release " in checked.out
    assert all(
        f"ok  {release.name}.{ext}" in checked.out for ext in ("pdf", "docx", "html", "md", "json")
    )
    ok, output = ssh_verify(release)
    assert ok, output
    manifest = json.loads(manifest_of(release).read_bytes())
    assert manifest["state"] == "XD" and manifest["report"] == "public"
    assert manifest["approver_role"] == "reviewer" and manifest["rules_version"] >= 1
    assert {"release_level", "pack", "released_on", "signing_key"} <= manifest.keys()


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] = ord("B") if data[at] != ord("B") else ord("C")
    path.write_bytes(bytes(data))


def _alter_signature(path: Path) -> None:
    """One changed character inside the signature bytes (the end of the armored body)."""
    lines = path.read_text().splitlines()
    body = lines[-2]
    lines[-2] = body[:10] + ("B" if body[10] != "B" else "C") + body[11:]
    path.write_text("\n".join(lines) + "\n")


@needs_ssh
@pytest.mark.parametrize(
    ("target", "named"),
    [
        ("pdf", "{stem}.pdf: sha256 differs from the manifest"),
        ("manifest", "{stem}.manifest.json: the signature does not match"),
        ("signature", "{stem}.manifest.json.sig"),
    ],
)
def test_one_changed_byte_fails_both_checks_naming_what_failed(
    release: Path, cli, target: str, named: str
) -> None:
    stem = release.name
    if target == "pdf":
        pdf = release / f"{stem}.pdf"
        _flip(pdf, pdf.stat().st_size // 2)
    elif target == "manifest":
        manifest = manifest_of(release)
        _flip(manifest, manifest.read_bytes().index(b'"released_on"') + 17)
    else:
        _alter_signature(release / f"{stem}.manifest.json.sig")
    key = release.parent.parent / "keys" / "release-signing-key.pub"
    checked = cli("verify", str(manifest_of(release)), "--key", str(key))
    assert checked.code == 1
    assert named.format(stem=stem) in checked.err
    assert len(checked.err.strip().splitlines()) == 1
    ok, output = ssh_verify(release)
    assert not ok, output


def test_key_files_are_private_and_a_wrong_passphrase_is_one_line(
    demo_engine: Engine, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert cli("keys", "generate", "--passphrase-stdin").code == 0
    folder = tmp_path / "data" / "keys"
    for name in ("release_signing_key", "release_signing_key.pub"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert b"ssh-ed25519" not in (folder / "release_signing_key").read_bytes()  # encrypted
    monkeypatch.setenv("NUCSEC_SIGNING_KEY_PASSPHRASE", "wrong horse")
    refused = cli("report", "release", "public", "--state", "XD", "--as", "reviewer")
    assert refused.code == 1
    assert refused.err.strip().endswith("wrong passphrase for the signing key")
    assert len(refused.err.strip().splitlines()) == 1
    listed = cli("report", "releases", "--state", "XD", "--format", "json")
    assert json.loads(listed.out) == []  # nothing released unsigned
    monkeypatch.setenv("NUCSEC_SIGNING_KEY_PASSPHRASE", "correct horse")
    assert cli("report", "release", "public", "--state", "XD", "--as", "reviewer").code == 0


def test_rotation_keeps_old_releases_verifiable(release: Path, cli, tmp_path: Path) -> None:
    old = cli("keys", "show", "--format", "json")
    rotated = cli("keys", "rotate")
    assert rotated.code == 0, rotated.err
    shown = json.loads(cli("keys", "show", "--format", "json").out)
    assert [k["retired"] for k in shown] == [False, True]
    assert shown[1]["fingerprint"] == json.loads(old.out)[0]["fingerprint"]
    checked = cli("verify", str(manifest_of(release)))  # the installation's keys, retired too
    assert checked.code == 0, checked.err
    again = cli("report", "release", "public", "--state", "XD", "--as", "reviewer")
    assert again.code == 0
    site = tmp_path / "site"
    first = int(release.name.rsplit("-r", 1)[1])
    since = cli("publish-site", "--state", "XD", "-o", str(site), "--since", str(first))
    assert since.code == 0
    signers = (site / "keys" / "allowed_signers").read_text().splitlines()
    assert len(signers) == 2
    stem = f"public-XD-r{first + 1}"
    second = site / "releases" / stem / f"{stem}.manifest.json"
    assert cli("verify", str(second), "--key", str(site / "keys" / "allowed_signers")).code == 0


def test_verify_without_a_trusted_key_says_how_to_give_one(
    release: Path, cli, tmp_path: Path
) -> None:
    (tmp_path / "data" / "keys" / "release_signing_key.pub").unlink()
    checked = cli("verify", str(manifest_of(release)))
    assert checked.code == 1
    assert "--key" in checked.err


def test_backup_holds_the_private_key_only_with_the_flag(
    release: Path, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = (tmp_path / "data" / "keys" / "release_signing_key").read_bytes()
    plain = cli("backup", "-o", str(tmp_path / "plain.json"))
    assert plain.code == 0 and "private signing key is not included" in plain.out
    text = (tmp_path / "plain.json").read_text()
    assert json.loads(text)["files"] == {}
    assert "OPENSSH PRIVATE KEY" not in text and base64.b64encode(private).decode() not in text
    assert "b3BlbnNzaC1rZXktdjE" not in text  # the key body, as base64 inside a JSON value
    assert "ssh-ed25519" in text  # the public key travels with each release
    full = cli("backup", "-o", str(tmp_path / "full.json"), "--include-signing-key")
    assert full.code == 0 and "holds the private signing key" in full.out
    held = json.loads((tmp_path / "full.json").read_text())["files"]
    assert base64.b64decode(held["keys/release_signing_key"]) == private
    (tmp_path / "data" / "keys" / "release_signing_key").unlink()
    (tmp_path / "data" / "keys" / "release_signing_key.pub").unlink()
    monkeypatch.setenv("NUCSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    restored = cli("restore", str(tmp_path / "full.json"))
    assert restored.code == 0, restored.err
    key = tmp_path / "data" / "keys" / "release_signing_key"
    assert key.read_bytes() == private and stat.S_IMODE(key.stat().st_mode) == 0o600
