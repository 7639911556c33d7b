/**
 * Keeps Microsoft's add-in tooling from sending usage data (the product promises no telemetry).
 *
 * office-addin-dev-certs and custom-functions-metadata depend on office-addin-usage-data. The
 * versions installed here (2.1.x and 3.x) contain no reporting code: every method is a no-op, and
 * test/addin/telemetry.test.ts fails if a reporting version is ever installed. Earlier versions
 * sent events to Application Insights unless ~/office-addin-usage-data.json set the level of the
 * "office-addin-usage-data" group to "off" (they read no environment variable). We write that
 * opt-out too, so that such a copy would stay silent. This is what
 * `npx office-addin-usage-data off` used to do; in the installed versions that command is a no-op.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const GROUP = "office-addin-usage-data";

/** The file older office-addin-usage-data versions read their level from. */
function usageDataSettingsPath() {
  return path.join(os.homedir(), "office-addin-usage-data.json");
}

/**
 * Records the opt-out in the settings file unless it is already there.
 * Never fails the caller: a read-only home directory only produces a warning.
 * @returns {boolean} true when the file was written
 */
function optOutOfOfficeUsageData() {
  const file = usageDataSettingsPath();
  try {
    let settings = {};
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, "utf8").trim();
      settings = text === "" ? {} : JSON.parse(text);
    }
    const instances = settings.usageDataInstances ?? {};
    if (instances[GROUP]?.usageDataLevel === "off") return false;
    instances[GROUP] = { ...instances[GROUP], usageDataLevel: "off" };
    settings.usageDataInstances = instances;
    fs.writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
    console.log(`Office add-in tooling usage data: off (recorded in ${file}).`);
    return true;
  } catch (error) {
    console.warn(`Could not record the usage data opt-out in ${file}: ${error.message}`);
    return false;
  }
}

module.exports = { optOutOfOfficeUsageData, usageDataSettingsPath };
