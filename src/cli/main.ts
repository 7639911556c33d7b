// The `ctmm` command line: its usage, and one function per command (in commands/).
import { consolidate } from "./commands/consolidate";
import { review } from "./commands/review";
import { score } from "./commands/score";
import { template } from "./commands/template";
import { upgrade } from "./commands/upgrade";
import { validate } from "./commands/validate";
import type { CliOptions, CliOutput } from "./support";
import { EXIT, UsageError } from "./support";

export type { CliOptions, CliOutput } from "./support";
export { EXIT } from "./support";
export { safeFileName } from "./commands/template";

const USAGE = `ctmm — CTMM self-assessment workbooks without Excel

  ctmm template [--mode full|quick] [--lang zh-CN|en-US] [--district NAME]...
                [--districts FILE] [--model PACK.json] [--out PATH] [--force]
  ctmm score FILE... [--json] [--lang zh-CN|en-US] [--model PACK.json]
  ctmm validate FILE... [--json] [--lang zh-CN|en-US] [--model PACK.json]
  ctmm consolidate FILE... --out SUMMARY.xlsx [--csv FILE] [--json] [--lang zh-CN|en-US]
                   [--model PACK.json] [--force]
  ctmm review FILE... --out REVIEW.xlsx [--lang zh-CN|en-US] [--model PACK.json] [--force]
  ctmm upgrade FILE --out NEW.xlsx [--model PACK.json] [--lang zh-CN|en-US] [--force]

review builds the workbook of the review meeting: every valid return as a district sheet with
its own ratings locked beside a reviewed block to edit, and a live summary, item spread and list
of changes; returns with errors are listed on the summary with the reason and left out.

score, validate and consolidate report on every file given, in order: a file that cannot be
read (missing, not a regular file, over 50 MB, not a workbook, over the reader's limits, more
than 30 s to read) is reported with the reason and the others go on. A file given twice (by any
path) is read once; its second mention says so. Messages follow each workbook's language
(--lang sets one for all). No command overwrites an existing file without --force.

Exit codes: 0 success, 1 findings or errors in the inputs (an unreadable file included),
2 unusable arguments.`;

/**
 * Runs one `ctmm` command. Never throws: every failure becomes a message naming the file and the
 * problem, and an exit code.
 */
export async function runCli(
  argv: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined> = {},
  options: CliOptions = {},
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "template":
        return template(rest, out);
      case "score":
        return await score(rest, out, env);
      case "validate":
        return await validate(rest, out, env);
      case "upgrade":
        return upgrade(rest, out, env);
      case "consolidate":
        return await consolidate(rest, out, env, options);
      case "review":
        return await review(rest, out, env);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.stdout(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`ctmm: ${error.message}`);
      return EXIT.usage;
    }
    // Anything unforeseen still gets one line, not a stack trace.
    out.stderr(
      `ctmm: unexpected problem: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.usage;
  }
}
