"""What applying or storing a progress event answers, shared by the ingest service (which
stores events) and the progress service (which applies them), so neither imports the other."""

from dataclasses import dataclass, field

from learning.models import CreditReason


@dataclass
class EventResult:
    id: object
    status: str  # accepted | duplicate | conflict | rejected
    code: str = ""
    message: str = ""
    credited_seconds: float | None = None  # None while the event waits to be applied
    decisions: list = field(default_factory=list)
    section: dict | None = None


def decision_rows(decisions):
    return [
        {
            "reason": str(d.reason),
            "seconds": round(d.seconds, 1),
            "message": str(CreditReason(d.reason).label),
        }
        for d in decisions
    ]
