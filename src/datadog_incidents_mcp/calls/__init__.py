"""What every handler stands on at call time: tools, prompts, resources and the server alike.

The state a call is served from (client and caches, per org or per request's keys), the
org it acts in, how failures read, how results are compacted, how references become IDs,
the shared parameter vocabulary, the write policy and what a write did.
"""
