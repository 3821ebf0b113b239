"""Every table, imported in one place so migrations and tests see the whole schema."""

from nucsec.catalogue.models import FrameworkVersion
from nucsec.states.models import State

__all__ = ["FrameworkVersion", "State"]
