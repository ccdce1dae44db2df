"""Errors the user can cause. Each carries a stable code and parameters; text is produced
only when shown (evidence_store.error_texts), in the user's language."""

from __future__ import annotations


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, error_code: str | None = None, /, **params: object) -> None:
        self.code = error_code or type(self).code
        self.params = params
        super().__init__(f"{self.code} {params}")


class NotFound(DomainError):
    code = "not_found"


class InvalidCode(DomainError):
    code = "invalid_code"


class TransitionRefused(DomainError):
    code = "transition_refused"


class PermissionDenied(DomainError):
    code = "permission_denied"


class ValidationError(DomainError):
    """Bad field input; ``field`` names the input so the UI can show it beside the field."""

    code = "validation"


class ConcurrencyError(DomainError):
    code = "busy"


class LedgerTampered(DomainError):
    code = "ledger_tampered"
