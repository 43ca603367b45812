"""One module per Datadog resource the sandbox emulates, with that resource's routes."""
