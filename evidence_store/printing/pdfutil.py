"""Small reportlab helpers shared by the renderers."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from reportlab import rl_config


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write compressed page streams without the ASCII85 layer.

    The pure-Python ASCII85 encoder is the slowest step of 1,000 labels, and binary streams are
    smaller. A race with another thread only changes the encoding; both PDFs are valid."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous
