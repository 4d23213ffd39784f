// The package's version, read from its package.json (one level up from src/ and dist/ alike).
import { readFileSync } from "node:fs";

/** VERSION is @inetlib/cli's version. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
