"""Postmortem drafting: facts gathered through the client, a merged timeline, draft cells.

Plain functions with no MCP: the prompt, the drafting tool and the resources call them.
"""
