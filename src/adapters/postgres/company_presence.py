"""Whether the board has any company yet: a board without one is new and empty."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def board_has_companies(engine: AsyncEngine) -> bool:
    """Whether any company is registered: a board without one is a new, empty board."""
    async with engine.connect() as connection:
        found = await connection.scalar(text("SELECT EXISTS (SELECT 1 FROM companies)"))
    return bool(found)
