// The test certificates ship inside the package: their paths resolve into its own certs/ folder,
// which its package.json publishes, so TLS servers work wherever the package is installed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type TestCertificate, testCA, testCertificate, testCredentials } from "../src/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NAMES: TestCertificate[] = [
  "ca.pem",
  "server.pem",
  "server-key.pem",
  "server-keycert.pem",
  "selfsigned.pem",
  "selfsigned-key.pem",
];

describe("test certificates", () => {
  it("live in the package's certs/ folder, which the package publishes", () => {
    const files: string[] = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).files;
    expect(files).toContain("certs");
    for (const name of NAMES) {
      const file = testCertificate(name);
      expect(path.relative(root, file)).toBe(path.join("certs", name));
      expect(existsSync(file)).toBe(true);
    }
    expect(testCA).toBe(testCertificate("ca.pem"));
    expect(testCredentials()).toEqual({
      certfile: testCertificate("server.pem"),
      keyfile: testCertificate("server-key.pem"),
    });
  });
});
