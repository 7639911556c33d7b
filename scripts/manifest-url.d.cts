/** Types for manifest-url.cjs (plain CommonJS so that webpack.config.js can require it). */

/** The hosting URL the repository's manifest.xml is written against: the dev server. */
export declare const DEFAULT_ADDIN_URL: string;

/** The hosting URL for a build: `env.ADDIN_URL` without trailing slashes, or the default. */
export declare function resolveAddinUrl(env?: Record<string, string | undefined>): string;

/** Replaces every occurrence of the default hosting URL in a manifest with `addinUrl`. */
export declare function rewriteManifestUrls(xml: string, addinUrl: string): string;
