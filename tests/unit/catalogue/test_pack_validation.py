"""A broken pack is refused with a message naming the file, the item and the field."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from nucsec.catalogue import CatalogueError, load_pack, load_pack_text

SHIPPED = (files("nucsec.catalogue") / "data" / "infcirc869.yaml").read_text(encoding="utf-8")


def mutated(change: Callable[[dict], None]) -> str:
    data = yaml.safe_load(SHIPPED)
    change(data)
    return yaml.safe_dump(data, sort_keys=False)


def item(data: dict, section: str, ident: str) -> dict:
    return next(i for i in data[section] if i.get("id") == ident)


def problems(text: str, source: str = "pack.yaml") -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load_pack_text(text, source=source)
    assert str(info.value).startswith(f"{source}: ")
    return info.value.problems


def test_shipped_pack_round_trips_through_yaml() -> None:
    assert load_pack_text(mutated(lambda d: None)).framework.id == "infcirc869"


def test_broken_yaml_names_line() -> None:
    text = SHIPPED.replace("  - id: C2\n", "  - id: C2\n   bad: [unclosed\n", 1)
    (message,) = problems(text)
    assert "broken YAML" in message
    assert "line " in message


def test_missing_field_names_item_and_field() -> None:
    text = mutated(lambda d: item(d, "optional_actions", "A07").pop("title"))
    assert problems(text) == ["optional_actions[A07]: field 'title': Field required"]


def test_unknown_field_is_refused() -> None:
    text = mutated(lambda d: item(d, "measures", "M-REG-02").update(chanels=["CNNSR"]))
    assert problems(text) == ["measures[M-REG-02]: field 'chanels': unknown field"]


def test_duplicate_id_is_refused() -> None:
    text = mutated(lambda d: item(d, "elements", "E05").update(id="E04"))
    found = problems(text)
    assert "elements[E04]: field 'id': duplicate ID 'E04'" in found


def test_duplicate_id_across_sections_is_refused() -> None:
    text = mutated(lambda d: item(d, "channels", "CNNSR").update(id="C3"))
    assert any("duplicate ID 'C3'" in p for p in problems(text))


@pytest.mark.parametrize(
    ("section", "ident", "field", "value", "target"),
    [
        ("optional_actions", "A03", "commitments", ["C1", "C9"], "commitments"),
        ("implementation_actions", "C2-IA04", "commitment", "C7", "commitments"),
        ("measures", "M-COMP-01", "channels", ["UNSCR1541"], "channels"),
        ("measures", "M-COMP-01", "area", "NOPE", "measure_areas"),
        ("cycle", "S5", "next", "S9", "cycle"),
        ("cycle", "S1", "start_for", ["ancient"], "maturities"),
        ("commitments", "C2", "references", ["NSS99"], "references"),
    ],
)
def test_unknown_id_names_item_and_field(
    section: str, ident: str, field: str, value: object, target: str
) -> None:
    text = mutated(lambda d: item(d, section, ident).update({field: value}))
    bad = value if isinstance(value, str) else value[-1]  # type: ignore[index]
    assert f"{section}[{ident}]: field '{field}': unknown {target} ID '{bad}'" in problems(text)


def test_item_without_id_is_named_by_position() -> None:
    text = mutated(lambda d: d["elements"][2].pop("id"))
    assert problems(text) == ["elements[item 3]: field 'id': Field required"]


def test_missing_section_is_named() -> None:
    text = mutated(lambda d: d.pop("channels"))
    assert problems(text) == ["channels: Field required"]


def test_not_a_mapping() -> None:
    assert "mapping" in problems("- just\n- a list\n")[0]


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as info:
        load_pack(tmp_path / "missing.yaml")
    assert "missing.yaml" in str(info.value)
    assert "cannot read file" in str(info.value)


def test_second_version_of_a_pack_loads_beside_the_first(tmp_path: Path) -> None:
    text = mutated(lambda d: d["framework"].update(version="2027.1"))
    path = tmp_path / "infcirc869-2027.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_pack(path).framework.version == "2027.1"
