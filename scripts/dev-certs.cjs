/**
 * HTTPS options for the dev server, from office-addin-dev-certs.
 *
 * Office's tooling creates a local CA and a localhost certificate in ~/.office-addin-dev-certs and
 * installs the CA in the system's trust store. Installing needs administrator rights: on Linux it
 * runs `sudo update-ca-certificates`, which fails in containers and CI (no sudo, no prompt). The
 * certificates are generated before the install is attempted, so we still serve with them and
 * explain how to trust the CA; without them, webpack-dev-server's own self-signed one is used.
 */
const fs = require("node:fs");

/**
 * @typedef {{ key: Buffer, cert: Buffer, ca?: Buffer }} HttpsOptions
 * @typedef {{ options: HttpsOptions | undefined, trusted: boolean, problem?: string }} DevCertificates
 */

/** @returns {Promise<DevCertificates>} */
async function getDevCertificates() {
  const devCerts = require("office-addin-dev-certs");
  try {
    return { options: await devCerts.getHttpsServerOptions(), trusted: true };
  } catch (error) {
    const problem = String(error instanceof Error ? error.message : error).trim();
    const paths = require("office-addin-dev-certs/lib/defaults");
    const files = [paths.localhostKeyPath, paths.localhostCertificatePath, paths.caCertificatePath];
    if (files.every((file) => fs.existsSync(file))) {
      const [key, cert, ca] = files.map((file) => fs.readFileSync(file));
      return { options: { key, cert, ca }, trusted: false, problem };
    }
    return { options: undefined, trusted: false, problem };
  }
}

/** Where the development CA certificate lives (to trust it by hand). */
function caCertificatePath() {
  return require("office-addin-dev-certs/lib/defaults").caCertificatePath;
}

module.exports = { getDevCertificates, caCertificatePath };
