// Python is the oracle: these helpers run python3 (3.11 on these machines) and return its output.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));

/** python runs a script with arguments and returns its stdout. */
export function python(args: string[], input?: string): string {
  return execFileSync("python3", args, { input, maxBuffer: 1 << 28, cwd: here }).toString("utf8");
}

/** cpythonTestData is CPython's Lib/test/test_email/data directory. */
export function cpythonTestData(): string {
  return join(
    python(["-c", "import test, os; print(os.path.dirname(test.__file__))"]).trim(),
    "test_email",
    "data",
  );
}
