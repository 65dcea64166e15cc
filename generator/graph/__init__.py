"""The immutable content graph, and the words, languages and dates it is told in."""
