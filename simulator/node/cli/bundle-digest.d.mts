/** Types of bundle-digest.mjs (plain JavaScript, see there). */
export declare const BUNDLE_CACHE_DIR: string;
export declare function bundleDigest(kind: string, files: readonly string[]): string | null;
export interface CachedBundle {
  inputs: string[];
  digest: string;
  /** The bundle (script bundles); module bundles live in their own file. */
  code?: string;
}
export declare function cachedEntry(cacheFile: string, kind: string): CachedBundle | null;
export declare function bundleName(entryFile: string): string;
export declare function scriptBundleFile(entryFile: string, cacheDir?: string): string;
export declare function moduleBundleFiles(entryFile: string, cacheDir?: string): { cacheFile: string; moduleFile: string };
export declare function cachedModuleFile(entryFile: string, cacheDir?: string): string | null;
