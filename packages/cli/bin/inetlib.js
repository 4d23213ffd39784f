#!/usr/bin/env node
// The inetlib command. An installed package runs its compiled dist/main.js. In the repository the
// sibling packages resolve to their TypeScript sources (their `exports` point at src/), where a
// dist/ left by `pnpm build` cannot run, so there tsx (a development tool of the repository, never
// a dependency of the package) compiles src/main.ts on the fly.
const sources = import.meta.resolve("@inetlib/socket").endsWith(".ts");
if (sources) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/main.ts", import.meta.url).href);
} else {
  await import(new URL("../dist/main.js", import.meta.url).href);
}
