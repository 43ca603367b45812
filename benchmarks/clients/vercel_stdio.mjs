// The Vercel AI SDK's MCP client over stdio, with its default options: it opens with a
// 2026-07-28 `server/discover`, and if no answer comes within 1 s it retries with the older
// `initialize`. Connects RUNS times (list the tools, call search_incidents) and exits 1 if
// any connect fails.
//
//   cd benchmarks/clients && npm install
//   node vercel_stdio.mjs [path/to/datadog-incidents-mcp] [runs]
import { createMCPClient } from "@ai-sdk/mcp";
import { StdioMCPTransport } from "@ai-sdk/mcp/mcp-stdio";

const command = process.argv[2] ?? "../../.venv/bin/datadog-incidents-mcp";
const runs = Number(process.argv[3] ?? 12);
let connected = 0;
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  let client;
  try {
    client = await createMCPClient({
      transport: new StdioMCPTransport({ command, args: ["--sandbox"] }),
    });
    const tools = await client.tools();
    const result = await tools.search_incidents.execute({}, { toolCallId: `run-${run}`, messages: [] });
    if (result?.isError) throw new Error(JSON.stringify(result).slice(0, 200));
    connected++;
    console.log(
      `run ${run}: ok in ${Date.now() - started} ms, protocol ${client.protocolVersion}, ` +
        `${Object.keys(tools).length} tools`,
    );
  } catch (error) {
    console.log(`run ${run}: failed after ${Date.now() - started} ms: ${error?.message ?? error}`);
  } finally {
    await client?.close().catch(() => {});
  }
}
console.log(`${connected} of ${runs} connects`);
process.exit(connected === runs ? 0 : 1);
