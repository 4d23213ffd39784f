// The child side of the scripted-fault suite: runs one case's client call against the port
// given, and prints one JSON line: the error class name (or "ok"), its message, what the call
// returned, and the process's peak RSS (KiB). The runner's watchdog kills it if it hangs.

import type { Outcome } from "./case.js";
import { cases } from "./index.js";

const [name, port] = process.argv.slice(2);
const found = cases.find((c) => c.name === name);

// The class names of err's prototype chain (the bundle keeps names): a case may name a base class.
function classes(err: unknown): string[] {
  const names: string[] = [];
  for (let p = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    names.push(p.constructor.name);
  return names;
}

function report(outcome: Omit<Outcome, "maxRSS">): void {
  const line = JSON.stringify({ ...outcome, maxRSS: process.resourceUsage().maxRSS });
  process.stdout.write(`${line}\n`, () => process.exit(0));
}

if (name === "baseline") report({ error: "ok", message: "" });
else if (!found) report({ error: "UnknownCase", message: String(name) });
else
  found.client(Number(port)).then(
    (value) => report({ error: "ok", message: "", result: value === undefined ? undefined : String(value) }),
    (err: unknown) =>
      report({
        error: err instanceof Error ? err.name : typeof err,
        classes: classes(err),
        message: err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300),
      }),
  );
