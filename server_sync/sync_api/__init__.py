"""Everything issue 6 adds to the central service, behind one router: the sync
endpoints (/api/v1/sync/…), the IT pages (/it/…) and the ticket's live status
page (/t/{centre}/{day}/{number})."""

from fastapi import APIRouter

from server_sync.sync_api import routes

router = APIRouter()
router.include_router(routes.router)

__all__ = ["router"]
