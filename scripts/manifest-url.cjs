/**
 * The add-in's hosting URL: the one build-time variable of the manifest.
 *
 * The repository's manifest.xml is written against DEFAULT_ADDIN_URL (the dev server). A build for
 * another host sets `ADDIN_URL`, and every occurrence is replaced, so that no URL can be left
 * pointing at localhost. webpack.config.js and the manifest tests share this module.
 */

const DEFAULT_ADDIN_URL = "https://localhost:3000";

/**
 * The hosting URL for this build: `env.ADDIN_URL` without trailing slashes, or the default.
 * Office loads add-ins only over HTTPS, so anything else is refused here rather than in Excel.
 *
 * @example resolveAddinUrl({ ADDIN_URL: "https://intranet.example/ctmm/" }) // "https://intranet.example/ctmm"
 * @param {Record<string, string | undefined>} env
 * @returns {string}
 */
function resolveAddinUrl(env = process.env) {
  const raw = (env.ADDIN_URL ?? "").trim();
  if (raw === "") return DEFAULT_ADDIN_URL;
  const url = raw.replace(/\/+$/, "");
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`ADDIN_URL is not a URL: "${raw}"`);
  }
  if (parsed.protocol !== "https:") {
    throw new Error(`ADDIN_URL must use https (Office loads add-ins only over HTTPS): "${raw}"`);
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    throw new Error(`ADDIN_URL must not have a query or fragment: "${raw}"`);
  }
  return url;
}

/**
 * Points every hosting URL in a manifest at `addinUrl`: a global replace of the default URL.
 *
 * @example rewriteManifestUrls(xml, "https://intranet.example/ctmm")
 * @param {string} xml the manifest as written against DEFAULT_ADDIN_URL
 * @param {string} addinUrl the hosting URL, as returned by resolveAddinUrl
 * @returns {string}
 */
function rewriteManifestUrls(xml, addinUrl) {
  return xml.replaceAll(DEFAULT_ADDIN_URL, addinUrl);
}

module.exports = { DEFAULT_ADDIN_URL, resolveAddinUrl, rewriteManifestUrls };
