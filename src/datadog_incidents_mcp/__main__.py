from datadog_incidents_mcp.server.cli import main

main()
