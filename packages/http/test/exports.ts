// The names the tests use, from the package's public entry (and the internals they test).
export * from "../src/index.js";
export { _parse_proxy } from "../src/request/proxy.js";
