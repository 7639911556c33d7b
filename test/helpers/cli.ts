import { runCli } from "../../src/cli/main";

/** Runs `ctmm` in-process, in an English environment, and captures what it prints. */
export async function ctmm(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
    { LANG: "en_US.UTF-8" },
  );
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}
