"""nucsec: implement the INFCIRC/869 Joint Statement and demonstrate it to others."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nucsec")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
