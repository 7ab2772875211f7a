"""python-escpos, imported without its side effect on logging.

python-escpos 3.1 calls `logging.basicConfig()` when imported, which adds a
root handler and makes every log line of the program appear twice; we take
that handler away again and leave logging to the application.
"""

import logging

_root = logging.getLogger()
_before = list(_root.handlers)

from escpos.capabilities import CAPABILITIES, get_profile_class  # noqa: E402
from escpos.escpos import Escpos  # noqa: E402
from escpos.printer import Dummy  # noqa: E402

for _handler in list(_root.handlers):
    if _handler not in _before:
        _root.removeHandler(_handler)

__all__ = ["CAPABILITIES", "Dummy", "Escpos", "get_profile_class"]
