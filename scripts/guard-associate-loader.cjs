/**
 * Webpack loader for src/functions/functions.ts that makes the registration of custom functions
 * safe outside Excel.
 *
 * custom-functions-metadata-plugin appends one line per JSDoc'd function to that file,
 * `CustomFunctions.associate("ID", fn);`, so that ids and functions never drift apart. In a plain
 * browser, or the test host that stands in for Excel, there is no `CustomFunctions` global, and the
 * bare call would throw before the task pane renders. This loader runs right after the plugin's (the
 * plugin adds its loader last, so it runs first) and guards each appended line. In Excel, office.js
 * defines `CustomFunctions` before our deferred scripts run, so registration is unchanged there.
 *
 * @param {string} source
 * @returns {string}
 */
module.exports = function guardAssociateCalls(source) {
  return source.replace(
    /^CustomFunctions\.associate\(/gm,
    'if (typeof CustomFunctions !== "undefined") CustomFunctions.associate(',
  );
};
