"""helpcenter: a multilingual self-service help center for MkDocs Material.

The architecture, in the order a request flows:
content model (`model`, `yamlsource`, `content`) → MkDocs plugin (`plugin`, `pages`) →
theme templates (`templates/`) → `site/` → audits.
"""

from helpcenter.content import HelpCenter, load_help_center
from helpcenter.problems import ContentError, Problem

__all__ = ["ContentError", "HelpCenter", "Problem", "load_help_center"]
__version__ = "0.1.0"
