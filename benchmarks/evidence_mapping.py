"""`python -m benchmarks evidence`: how well passages are mapped to framework items, and how fast.

Reads the evaluation set in `benchmarks/evidence/` (a tuning half; a held-out half written after
the tuning; a blind half written without sight of the others or of the item descriptions) and
prints, per half and per ranker (lexical, semantic, and the ranking nucsec
uses), top-1 and top-3 accuracy on the passages that evidence something, the share of passages
that evidence two items with both in the top 3, the share of hard negatives given no match, and
passages per second. `--sweep` also prints the item representations and fusions compared to
choose the ranking. `--pdf-pages N` times mapping an N-page PDF (read and mapped; default 200, 0
skips). Measurements, not tests: the exit code is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import io
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from rich.console import Console
from rich.table import Table

from nucsec.catalogue.loader import default_pack
from nucsec.evidence import embeddings
from nucsec.evidence.mapping import MIN_SEMANTIC, Mapper, semantic_text

HERE = Path(__file__).with_name("evidence")
HALVES = ("tuning", "held_out", "blind")
TARGET_TOP1, TARGET_TOP3, TARGET_PDF_S = 0.85, 0.95, 20.0
console = Console(highlight=False, width=110)


@dataclass(frozen=True)
class Labelled:
    id: str
    kind: str
    items: tuple[str, ...]
    text: str


def load(half: str) -> list[Labelled]:
    raw = yaml.safe_load((HERE / f"{half}.yaml").read_text(encoding="utf-8"))
    return [
        Labelled(p["id"], p["kind"], tuple(p["items"]), " ".join(p["text"].split()))
        for p in raw["passages"]
    ]


@dataclass
class Figures:
    top1: float
    top3: float
    both3: float
    negatives: float
    per_s: float


def judge(scores: np.ndarray, rows: list[Labelled], ids: list[str], kept: np.ndarray) -> Figures:
    """Accuracy over the passages that evidence something, ranking by `scores`; `kept` (passages
    x items) says which items may be proposed: a hard negative is refused when none may be."""
    hits1 = hits3 = both = twos = refused = negatives = positives = 0
    for n, passage in enumerate(rows):
        ranked = [int(i) for i in np.argsort(-scores[n], kind="stable")]
        if not passage.items:
            negatives += 1
            refused += not kept[n].any()
            continue
        positives += 1
        order = [ids[i] for i in ranked if kept[n][i]]  # what a reviewer is shown
        hits1 += bool(order) and order[0] in passage.items
        hits3 += any(i in passage.items for i in order[:3])
        if passage.kind == "two":
            twos += 1
            both += all(i in order[:3] for i in passage.items)
    return Figures(
        hits1 / positives if positives else float("nan"),
        hits3 / positives if positives else float("nan"),
        both / twos if twos else float("nan"),
        refused / negatives if negatives else float("nan"),
        0.0,
    )


def timed(fn, texts: list[str]) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    out = fn(texts)
    return out, len(texts) / (time.perf_counter() - started)


def rrf(a: np.ndarray, b: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion: the naive fusion the issue warns about, for comparison."""

    def ranks(m: np.ndarray) -> np.ndarray:
        return np.argsort(np.argsort(-m, axis=1), axis=1)

    return 1 / (k + ranks(a)) + 1 / (k + ranks(b))


def evaluate(mapper: Mapper, half: str, sweep: bool) -> dict[str, Figures]:
    rows = load(half)
    texts = [r.text for r in rows]
    ids = [i.id for i in mapper.items]
    out: dict[str, Figures] = {}
    lexical, lex_s = timed(mapper.lexical_scores, texts)
    out["lexical"] = judge(lexical, rows, ids, lexical > 0)
    out["lexical"].per_s = lex_s
    if not mapper.semantic:
        out["nucsec (lexical fallback)"] = out["lexical"]
        return out
    semantic, sem_s = timed(mapper.semantic_scores, texts)
    kept = semantic >= MIN_SEMANTIC
    out["semantic"] = judge(semantic, rows, ids, kept)
    out["semantic"].per_s = sem_s
    fused, fused_s = timed(lambda t: mapper.scores(t)[0], texts)
    name = f"nucsec (semantic + {mapper.lexical_weight} lexical)"
    out[name] = judge(fused, rows, ids, kept)
    out[name].per_s = fused_s
    if sweep:
        for variant, scores in item_variants(mapper, texts).items():
            out[f"semantic: {variant}"] = judge(scores, rows, ids, scores >= MIN_SEMANTIC)
        out["rank fusion (RRF)"] = judge(rrf(semantic, lexical), rows, ids, kept)
        for weight in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0):
            mixed = (semantic + weight * lexical) / (1 + weight)
            out[f"semantic + {weight} lexical"] = judge(mixed, rows, ids, kept)
    return out


def item_variants(mapper: Mapper, texts: list[str]) -> dict[str, np.ndarray]:
    """The other ways of representing an item to the model that were compared with the centre of
    its example statements: its title with keywords and elements as one text, its single best
    statement, and the mean of its three best statements."""
    passages = embeddings.embed(texts)
    single = embeddings.embed([semantic_text(i, mapper.elements) for i in mapper.items])
    out = {"title, keywords and elements": passages @ single.T}
    flat = [d for item in mapper.items for d in item.descriptions]
    if not flat:
        return out
    owners = np.array([n for n, item in enumerate(mapper.items) for _ in item.descriptions])
    each = passages @ embeddings.embed(flat).T
    best = np.full((len(texts), len(mapper.items)), -1.0)
    three = np.full_like(best, -1.0)
    for n in range(len(mapper.items)):
        cols = np.sort(each[:, owners == n], axis=1)
        if cols.shape[1]:
            best[:, n] = cols[:, -1]
            three[:, n] = cols[:, -3:].mean(axis=1)
    out["best single statement"] = best
    out["mean of the best three statements"] = three
    return out


def joined_paragraphs() -> list[Labelled]:
    """Two-topic paragraphs: each single-item passage of the held-out and blind halves joined
    with the one half the list further on (a different item), as a report's long paragraph
    reports two things. The tuning half is left out: every ranking gets all of its pairs."""
    singles = [p for half in ("held_out", "blind") for p in load(half) if p.kind == "single"]
    shift = len(singles) // 2
    out = []
    for n, first in enumerate(singles):
        second = singles[(n + shift) % len(singles)]
        if first.items != second.items:
            text = f"{first.text} {second.text}"
            out.append(Labelled(f"{first.id}+{second.id}", "two", first.items + second.items, text))
    return out


def both_in_top3(mapper: Mapper) -> dict[str, float]:
    """Share of joined paragraphs with both items among the first three proposed, per ranker."""
    rows = joined_paragraphs()
    texts = [r.text for r in rows]
    ids = [i.id for i in mapper.items]
    fused, semantic, lexical = mapper.scores(texts)
    kept = semantic >= MIN_SEMANTIC
    out = {"lexical": judge(lexical, rows, ids, lexical > 0).both3}
    if mapper.semantic:
        whole = embeddings.embed(texts) @ mapper.item_vectors().T
        out["semantic"] = judge(semantic, rows, ids, kept).both3
        out["semantic, whole passage only"] = judge(whole, rows, ids, whole >= MIN_SEMANTIC).both3
        out["nucsec"] = judge(fused, rows, ids, kept).both3
        weight = mapper.lexical_weight
        out["nucsec, whole passage only"] = judge(
            (whole + weight * lexical) / (1 + weight), rows, ids, whole >= MIN_SEMANTIC
        ).both3
    return out


def pdf_bytes(pages: int) -> bytes:
    """A report of `pages` pages, each a heading and paragraphs from the evaluation set."""
    from weasyprint import HTML

    paragraphs = [p.text for half in HALVES for p in load(half)]
    body = []
    for page in range(pages):
        chosen = [paragraphs[(page * 4 + k) % len(paragraphs)] for k in range(4)]
        body.append(
            f'<section style="page-break-after: always"><h2>Section {page + 1}</h2>'
            + "".join(f"<p>{t}</p>" for t in chosen)
            + "</section>"
        )
    out = io.BytesIO()
    HTML(string="<html><body>" + "".join(body) + "</body></html>").write_pdf(out)
    return out.getvalue()


def time_pdf(mapper: Mapper, pages: int) -> dict[str, float]:
    from nucsec.evidence.ingest import read_document

    data = pdf_bytes(pages)
    started, cpu = time.perf_counter(), time.process_time()
    document = read_document(data, filename="report.pdf", max_bytes=len(data) + 1)
    read_s = time.perf_counter() - started
    mapper.map([(p.page, p.text) for p in document.passages], top=3)
    return {
        "pages": document.pages,
        "passages": len(document.passages),
        "read_s": read_s,
        "total_s": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
    }


def print_half(half: str, figures: dict[str, Figures], count: int) -> None:
    table = Table(title=f"{half} half ({count} passages)")
    for column in ("ranker", "top-1", "top-3", "both of two in top-3", "negatives refused", "p/s"):
        table.add_column(column, justify="left" if column == "ranker" else "right")
    for name, f in figures.items():
        table.add_row(
            name,
            f"{f.top1:.3f}",
            f"{f.top3:.3f}",
            f"{f.both3:.2f}",
            f"{f.negatives:.2f}",
            f"{f.per_s:.0f}" if f.per_s else "",
        )
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks evidence", description=__doc__)
    parser.add_argument("--sweep", action="store_true", help="also print the fusions compared")
    parser.add_argument("--lexical-only", action="store_true", help="simulate no semantic extra")
    parser.add_argument("--pdf-pages", type=int, default=200)
    args = parser.parse_args(argv)
    semantic = False if args.lexical_only else embeddings.available()
    started = time.perf_counter()
    mapper = Mapper(default_pack(), semantic=semantic)
    if mapper.semantic:
        mapper.item_vectors()  # model load and item embeddings: once per process
    console.rule("nucsec evidence mapping")
    console.print(
        f"ranking: {mapper.method}; {len(mapper.items)} items; model and items ready in "
        f"{time.perf_counter() - started:.1f} s" + (f" ({mapper.notice})" if mapper.notice else "")
    )
    chosen = None
    for half in HALVES:
        figures = evaluate(mapper, half, args.sweep)
        print_half(half, figures, len(load(half)))
        chosen = next(v for k, v in figures.items() if k.startswith("nucsec"))
        parts = [v for k, v in figures.items() if k in ("lexical", "semantic")]
        best1, best3 = max(f.top1 for f in parts), max(f.top3 for f in parts)
        never_worse = chosen.top1 >= best1 and chosen.top3 >= best3
        console.print(
            f"{half}: nucsec top-1 {chosen.top1:.3f} (target {TARGET_TOP1}), top-3 "
            f"{chosen.top3:.3f} (target {TARGET_TOP3}); better part top-1 {best1:.3f}, "
            f"top-3 {best3:.3f}: {'never worse' if never_worse else 'WORSE than a part'}"
        )
    joined = both_in_top3(mapper)
    console.print(
        f"{len(joined_paragraphs())} two-topic paragraphs (two passages joined): both items in "
        "the top 3 — " + ", ".join(f"{k} {v:.2f}" for k, v in joined.items())
    )
    if args.pdf_pages:
        pdf = time_pdf(mapper, args.pdf_pages)
        verdict = "met" if pdf["total_s"] < TARGET_PDF_S else "MISSED"
        console.print(
            f"PDF of {pdf['pages']} pages, {pdf['passages']} passages: read in "
            f"{pdf['read_s']:.1f} s, read and mapped in {pdf['total_s']:.1f} s "
            f"(target < {TARGET_PDF_S:.0f} s: {verdict}); {pdf['cpu_s']:.1f} CPU s; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
    return 0
