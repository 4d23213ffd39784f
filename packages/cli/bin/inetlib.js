#!/usr/bin/env node
// The inetlib command. A built package runs dist/main.js; in the repository, where nothing is
// built, tsx compiles src/main.ts on the fly.
import { existsSync } from "node:fs";

const built = new URL("../dist/main.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/main.ts", import.meta.url).href);
}
