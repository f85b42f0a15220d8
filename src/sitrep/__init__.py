"""Sitrep: structured, sourced models of armed-conflict and humanitarian reports.

``sitrep.extract(text, published="2020-03-05")`` codes one report; ``sitrep.Pipeline`` codes many.
"""

# The stage package ``sitrep.extract`` shares its name with the ``extract()`` function. Import the
# package first, so that binding the function below is final: Python sets a package attribute only when
# the subpackage is first loaded, and later imports of ``sitrep.extract.<stage>`` find it in sys.modules.
from . import extract as _extract_stages  # noqa: F401  (loads the subpackage before the name is rebound)
from .model import Result
from .pipeline import Pipeline, extract

__all__ = ["Pipeline", "Result", "extract", "__version__"]
__version__ = "0.1.0"
