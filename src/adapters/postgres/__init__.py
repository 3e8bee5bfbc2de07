"""The PostgreSQL adapter: tables, explicit mapping, repositories, unit of work, projector."""
