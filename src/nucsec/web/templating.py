"""One Jinja2 environment for every page, with autoescaping on."""

from __future__ import annotations

from importlib.resources import files

from fastapi.templating import Jinja2Templates

from nucsec import __version__

templates = Jinja2Templates(directory=str(files("nucsec.web") / "templates"))
templates.env.globals["nucsec_version"] = __version__
