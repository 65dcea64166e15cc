"""What the graph is published as: pages' data, feeds, calendars, e-mail, search text, pictures."""
