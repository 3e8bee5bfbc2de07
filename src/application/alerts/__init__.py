"""Job alerts: saved searches mailed to candidates (issue 20, item 3; decision 022)."""
