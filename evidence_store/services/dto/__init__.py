"""Plain data the read side returns, by subject. The UI never sees ORM objects."""

from __future__ import annotations

from .items import (AgencyRow, AttachmentView, CaseRow, DeadlineView, EventView, HandoverRow, ItemDetail, ItemRow,
                    LocationNode, PersonRow)  # noqa: F401
from .handovers import (CarryOutForm, CouncilSlot, DocumentRef, HandoverDetail, HandoverLineView, PartyView,
                        SignatureView)  # noqa: F401
from .home import (Dashboard)  # noqa: F401
