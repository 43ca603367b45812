"""MCP prompts, completions and resources, registered on the server at assembly."""
