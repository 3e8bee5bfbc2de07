"""Commands: each a frozen dataclass and the handler that carries it out."""
