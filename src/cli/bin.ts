// The `ctmm` command: wires the CLI to the process. Everything else lives in main.ts.
import { runCli } from "./main";

void runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  },
  process.env,
).then((code) => {
  process.exitCode = code;
});
