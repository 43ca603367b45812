"""One module per Datadog resource, each named like its client and sandbox counterparts."""
