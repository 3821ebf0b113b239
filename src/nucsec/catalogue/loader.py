"""Load a framework pack from YAML, validate its shape and every cross-reference.

Errors name the file, the item (by its ID where it has one) and the field, so that whoever
edits a pack can find the mistake without reading a traceback.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections import Counter
from contextlib import suppress
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nucsec.catalogue.schema import ITEM_SECTIONS, Pack
from nucsec.errors import Invalid

DATA = files("nucsec.catalogue") / "data"
DEFAULT_PACK = "infcirc869.yaml"

# section -> {field: section its IDs must exist in}
LINKS: dict[str, dict[str, str]] = {
    "commitments": {"references": "references"},
    "implementation_actions": {
        "commitment": "commitments",
        "elements": "elements",
        "references": "references",
    },
    "optional_actions": {
        "commitments": "commitments",
        "elements": "elements",
        "references": "references",
        "counted_in": "implementation_actions",
    },
    "cycle": {
        "commitments": "commitments",
        "next": "cycle",
        "references": "references",
        "start_for": "maturities",
    },
    "channels": {"references": "references"},
    "measures": {
        "area": "measure_areas",
        "commitments": "commitments",
        "channels": "channels",
        "references": "references",
    },
}


class CatalogueError(Invalid):
    """A pack that cannot be used; `problems` holds one precise message per fault."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


def load_pack(path: Path | str) -> Pack:
    """Read and validate the pack at `path`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(str(path), [f"cannot read file: {exc.__class__.__name__}"]) from exc
    return load_pack_text(text, source=path.name)


@cache
def default_pack() -> Pack:
    """The INFCIRC/869 pack shipped with nucsec (parsed once per process).

    A command-line process would spend a tenth of its start-up parsing and validating the
    shipped YAML; the validated pack is kept on disk under the data folder (`cache/`), keyed by
    a hash of the pack, of the schema that validates it and of the Python and pydantic
    versions, so a changed pack or schema is validated afresh. Without a data folder, or with
    a cache that cannot be read, it is parsed as before (with libyaml where present).
    """
    raw = (DATA / DEFAULT_PACK).read_bytes()
    path = _compiled_path(raw)
    if path is not None:
        with suppress(Exception):  # a missing, partial or foreign file: validate afresh
            pack = pickle.loads(path.read_bytes())  # noqa: S301  (our own file, see _compiled_path)
            if isinstance(pack, Pack):
                return pack
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    pack = load_pack_text(raw.decode("utf-8"), source=DEFAULT_PACK, loader=loader)
    if path is not None:
        _write_private(path, pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
    return pack


def _compiled_path(raw: bytes) -> Path | None:
    """Where the validated shipped pack is kept: `<data folder>/cache/`, when a data folder is
    configured or `./data` exists (it holds the database and the secret key: whoever may write
    it is trusted already). Named by the hash of everything that decides the validated result."""
    configured = os.environ.get("NUCSEC_DATA_DIR")
    folder = Path(configured or "data")  # as nucsec.config.Settings.data_dir
    if not configured and not folder.is_dir():
        return None  # never create ./data in whatever folder a process runs
    import pydantic

    from nucsec.catalogue import schema

    digest = hashlib.sha256(raw)
    digest.update(Path(str(schema.__file__)).read_bytes())
    digest.update(Path(__file__).read_bytes())  # the cross-reference checks
    digest.update(f"{sys.version}|{pydantic.VERSION}".encode())
    return folder / "cache" / f"pack-{digest.hexdigest()[:32]}.pickle"


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically (a reader never sees half a file), readable by the owner only."""
    with suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pack-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


def load_pack_text(text: str, source: str = "<pack>", loader: Any = None) -> Pack:
    """Validate pack text; `source` names it in error messages (the pure-Python parser by
    default: packs given by users get its precise error marks)."""
    import yaml  # imported when a pack is parsed: a process with the validated pack never is

    loader = loader or yaml.SafeLoader
    try:
        raw = yaml.load(text, Loader=loader)  # noqa: S506  (only the safe loaders are passed)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueError(source, [f"{where}broken YAML: {problem}"]) from exc
    if not isinstance(raw, dict):
        raise CatalogueError(source, ["the pack must be a mapping with a 'framework' section"])
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(source, [_describe(raw, err) for err in exc.errors()]) from exc
    problems = _check_ids(pack) + _check_links(pack)
    if problems:
        raise CatalogueError(source, problems)
    return pack


def _describe(raw: dict[str, Any], err: Any) -> str:
    """Turn a pydantic error location into 'section[ITEM-ID]: field 'x': message'."""
    loc = list(err["loc"])
    where = str(loc.pop(0)) if loc else "pack"
    node: Any = raw.get(where) if loc or where in raw else None
    if loc and isinstance(loc[0], int):
        index = loc.pop(0)
        item = node[index] if isinstance(node, list) and index < len(node) else None
        ident = item.get("id") if isinstance(item, dict) else None
        where += f"[{ident}]" if ident else f"[item {index + 1}]"
    field = ".".join(str(p) for p in loc)
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown field"
    return f"{where}: field '{field}': {msg}" if field else f"{where}: {msg}"


def _check_ids(pack: Pack) -> list[str]:
    counts = Counter([m.id for m in pack.maturities] + [i.id for _, i in pack.items()])
    problems = []
    for section, item in pack.items():
        if counts[item.id] > 1:
            problems.append(f"{section}[{item.id}]: field 'id': duplicate ID '{item.id}'")
    for maturity in pack.maturities:
        if counts[maturity.id] > 1:
            problems.append(f"maturities[{maturity.id}]: field 'id': duplicate ID")
    return problems


def _check_links(pack: Pack) -> list[str]:
    ids = {section: {item.id for item in getattr(pack, section)} for section in ITEM_SECTIONS}
    ids["maturities"] = {m.id for m in pack.maturities}
    problems = []
    for section, fields in LINKS.items():
        for item in getattr(pack, section):
            for field, target in fields.items():
                value = getattr(item, field)
                for ref in [value] if isinstance(value, str) else value or []:
                    if ref not in ids[target]:
                        problems.append(
                            f"{section}[{item.id}]: field '{field}': unknown {target} ID '{ref}'"
                        )
    rules = pack.assessment
    for item_id in rules.item_weights:
        if item_id not in pack.item_ids():
            problems.append(f"assessment: field 'item_weights': unknown item ID '{item_id}'")
    for section in rules.section_weights:
        if section not in rules.item_sections:
            problems.append(f"assessment: field 'section_weights': unknown section '{section}'")
    problems += _check_rules(pack, ids)
    for kind in pack.reviews.kinds:
        if kind.service and kind.service not in ids["references"]:
            problems.append(
                f"reviews[{kind.id}]: field 'service': unknown references ID '{kind.service}'"
            )
    optional = ids["optional_actions"]
    for cooperation in pack.records.cooperation_kinds:
        problems += [
            f"records.cooperation_kinds[{cooperation.id}]: field 'actions': unknown "
            f"optional_actions ID '{a}'"
            for a in cooperation.actions
            if a not in optional
        ]
    problems += [
        f"records.measures[{m.id}]: field 'evidences': unknown measures ID '{m.evidences}'"
        for m in pack.records.measures
        if m.evidences not in ids["measures"]
    ]
    for maturity in pack.maturities:
        if not pack.start_steps(maturity.id):
            problems.append(f"maturities[{maturity.id}]: no cycle step lists it in 'start_for'")
    return problems


def _check_rules(pack: Pack, ids: dict[str, set[str]]) -> list[str]:
    """Scoring rules that name items, commitments or statuses must name existing ones."""
    rules = pack.assessment
    items = pack.item_ids()
    problems = []
    if not any(s.needs_justification for s in rules.statuses):
        problems.append(
            "assessment: field 'statuses': one status must be N/A (needs_justification)"
        )
    for status in rules.statuses:
        if (status.value is None) != (status.points is None):
            problems.append(
                f"assessment.statuses[{status.id}]: 'value' and 'points' go together "
                "(both set, or neither for a status excluded from indices)"
            )
        if status.value is None and not (status.needs_justification or status.sections):
            problems.append(
                f"assessment.statuses[{status.id}]: a status without value is N/A "
                "(needs_justification) or limited to some sections"
            )
    named: list[tuple[str, str]] = [
        *(
            (f"scoring.blends[{b.commitment}]", c)
            for b in rules.scoring.blends
            for c in [b.commitment, *b.others]
        ),
    ]
    for where, ref in named:
        if ref not in ids["commitments"]:
            problems.append(f"assessment.{where}: unknown commitments ID '{ref}'")
    item_refs = [
        *((f"graded[{g.when}]", i) for g in rules.graded for i in g.items),
        *(("cycle_rules.regime_items", i) for i in rules.cycle_rules.regime_items),
        *(("cycle_rules.competence_items", i) for i in rules.cycle_rules.competence_items),
        *(
            ("confidence.backed_by_public_summaries", i)
            for i in rules.confidence.backed_by_public_summaries
        ),
        *(
            ("confidence.backed_by_published_figures", i)
            for i in rules.confidence.backed_by_published_figures
        ),
        *(
            (f"reviews.kinds[{k.id}].shows_done", i)
            for k in pack.reviews.kinds
            for i in k.shows_done
        ),
    ]
    for where, ref in item_refs:
        if ref not in items:
            problems.append(f"assessment.{where}: unknown item ID '{ref}'")
    level = rules.confidence.shared_level
    if level is not None and level not in {d.id for d in rules.demonstrations}:
        problems.append(f"assessment.confidence.shared_level: unknown demonstration '{level}'")
    optional = {a.id for a in pack.optional_actions}
    problems += [
        f"assessment.cycle_rules: optional action '{i}' cannot decide the cycle position"
        for i in [*rules.cycle_rules.regime_items, *rules.cycle_rules.competence_items]
        if i in optional
    ]
    return problems
