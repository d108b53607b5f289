"""inquadra: a JupyterLab teaching kit on how news frames a war and a partnership."""

from . import activity_kinds  # noqa: F401  (registers the kit's activity kinds)
from .i18n import get_language, notebook_language, set_language

# An edition's notebook opens in its language even when a student starts below its first cell.
if _edition := notebook_language():
    set_language(_edition)

__all__ = ["set_language", "get_language", "__version__"]
__version__ = "0.1.0"
