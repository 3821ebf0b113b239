"""JSON routes of the legal register: paged lists of each record type, one instrument by ref."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from nucsec.legal import service
from nucsec.legal.schemas import Provision
from nucsec.paging import Page
from nucsec.web.deps import PageDep, SessionDep

router = APIRouter(tags=["legal"])


class RecordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    label: str


class InstrumentOut(RecordOut):
    ref: str
    kind: str
    title: str
    adopted_on: date | None
    reference: str | None
    provisions: list[Provision]


class AdherenceOut(RecordOut):
    instrument: str
    signed_on: date | None
    ratified_on: date | None
    acceded_on: date | None
    in_force_on: date | None
    remarks: str | None


class ProsecutionOut(RecordOut):
    case: str
    decided_on: date
    offence_article: str
    outcome: str
    states_informed: str | None


class ContactOut(RecordOut):
    name: str
    role: str
    channel: str
    since: date | None


OUT: dict[str, type[RecordOut]] = {
    "instruments": InstrumentOut,
    "adherence": AdherenceOut,
    "prosecutions": ProsecutionOut,
    "contacts": ContactOut,
}


def _lister(record_type: str) -> Callable[..., Any]:
    def records(code: str, session: SessionDep, paging: PageDep) -> Page[Any]:
        return service.list_records(
            session=session, state_code=code, record_type=record_type, page=paging
        )

    records.__name__ = f"list_legal_{record_type}"
    records.__doc__ = (
        f"A state's legal {record_type} you may see, one page "
        f"(sort: {', '.join(sorted(service.SORTS[record_type]))})."
    )
    return records


for _type, _out in OUT.items():
    router.add_api_route(
        f"/states/{{code}}/legal/{_type}",
        _lister(_type),
        methods=["GET"],
        response_model=Page[_out],  # type: ignore[valid-type]
    )


@router.get("/states/{code}/legal/instruments/{ref}")
def instrument(code: str, ref: str, session: SessionDep) -> InstrumentOut:
    """One instrument with its provisions and the requirements each meets."""
    return InstrumentOut.model_validate(
        service.get_instrument(session=session, state_code=code, ref=ref)
    )
