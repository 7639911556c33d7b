/** The custom functions as plain functions: what they return, and that importing them is inert. */
import { BUILTIN_PACK, describePack } from "../../src/model";
import { version } from "../../src/functions/functions";

describe("CTMM.VERSION()", () => {
  test("returns the active model pack's id and version", () => {
    expect(version()).toBe(`${BUILTIN_PACK.id} ${BUILTIN_PACK.version}`);
    expect(version()).toBe(describePack(BUILTIN_PACK));
  });
});

describe("src/functions/functions.ts", () => {
  const host = globalThis as { CustomFunctions?: unknown };
  afterEach(() => {
    delete host.CustomFunctions;
  });

  test("registers nothing when imported: the build adds the registration", async () => {
    const associate = jest.fn();
    host.CustomFunctions = { associate };
    await jest.isolateModulesAsync(async () => {
      await import("../../src/functions/functions");
    });
    expect(associate).not.toHaveBeenCalled();
  });
});
