"""Everything issue 6 adds to the central service, behind one router: the sync
endpoints (/api/v1/sync/…), the IT pages (/it/…) and the ticket's live status
page (/t/{centre}/{day}/{number})."""

from fastapi import APIRouter

from server_sync.it import pages as it_pages
from server_sync.status_page import routes as status_routes
from server_sync.sync_api import routes

router = APIRouter()
router.include_router(routes.router)
router.include_router(it_pages.router)
router.include_router(status_routes.router)

__all__ = ["router"]
