"""The validated shipped pack is kept on disk under the data folder and read back equal; a
changed pack gets another file, and a broken file is validated afresh and replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from nucsec.catalogue import loader


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NUCSEC_DATA_DIR", str(tmp_path / "data"))
    loader.default_pack.cache_clear()
    yield tmp_path / "data"
    loader.default_pack.cache_clear()


def test_the_kept_pack_equals_the_validated_one(data_dir: Path) -> None:
    fresh = loader.default_pack()
    kept = list((data_dir / "cache").glob("pack-*.pickle"))
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o077 == 0
    loader.default_pack.cache_clear()  # as a new process
    again = loader.default_pack()
    assert again is not fresh and again == fresh
    assert again.item("C1-IA01") == fresh.item("C1-IA01")


def test_a_changed_pack_or_schema_gets_another_file(data_dir: Path) -> None:
    raw = (loader.DATA / loader.DEFAULT_PACK).read_bytes()
    assert loader._compiled_path(raw) != loader._compiled_path(raw + b"\n# edited\n")


def test_a_broken_file_is_validated_afresh(data_dir: Path) -> None:
    fresh = loader.default_pack()
    (kept,) = (data_dir / "cache").glob("pack-*.pickle")
    kept.write_bytes(b"not a pickle")
    loader.default_pack.cache_clear()
    assert loader.default_pack() == fresh
    assert kept.read_bytes() != b"not a pickle"


def test_no_folder_is_created_without_a_configured_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NUCSEC_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert loader._compiled_path(b"pack") is None
    assert not (tmp_path / "data").exists()
