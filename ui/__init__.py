"""PySide6 user interface: turns input into service calls and shows the results."""
