"""One workflow a file. Every screen subclasses ui.screens.base.Screen."""
