"""The commands staff run beside the engine (check, new, bulletin): they need no engine installed."""
