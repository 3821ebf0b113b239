"""nucsec: implement the INFCIRC/869 Joint Statement and demonstrate it to others."""

from typing import Any


def __getattr__(name: str) -> Any:
    """`nucsec.__version__`, read from the installed metadata when first asked for: importing
    `importlib.metadata` costs every command-line process a twentieth of a second."""
    if name != "__version__":
        raise AttributeError(f"module 'nucsec' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("nucsec")
    except PackageNotFoundError:  # running from a source tree that is not installed
        value = "0.0.0"
    globals()["__version__"] = value
    return value
