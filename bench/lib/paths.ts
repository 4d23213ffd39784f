// Where the bench's files are.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The bench/ folder. */
export const benchDir: string = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The repository root. */
export const rootDir: string = join(benchDir, "..");
/** The folder the results go to. */
export const resultsDir: string = join(benchDir, "results");
