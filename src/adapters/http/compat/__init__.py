"""Read endpoints in the shapes of other job-board APIs, so their widgets work unchanged."""
