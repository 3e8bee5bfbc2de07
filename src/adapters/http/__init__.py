"""The HTTP adapter (Litestar): thin handlers, DTO -> command/query -> handler -> DTO."""
