// inetlib get http:// and https:// against the in-process HTTP server.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HTTPTestServer, httpBytes } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskAuthorization } from "../src/schemes/http.js";
import { run } from "./run.js";
import { CA, serverContext } from "./tls.js";

let server: HTTPTestServer;
let secure: HTTPTestServer;
let h: string;
let dir: string;
beforeAll(async () => {
  server = await HTTPTestServer.start({ users: { webuser: "web-pass" } });
  secure = await HTTPTestServer.start({ tls: serverContext() });
  h = `127.0.0.1:${server.port}`;
  dir = await mkdtemp(join(tmpdir(), "inetlib-cli-http-"));
});
afterAll(async () => {
  await server.close();
  await secure.close();
  await rm(dir, { recursive: true, force: true });
});

describe("inetlib get http://", () => {
  it("gets a page", async () => {
    expect(await run(["get", `http://${h}/hello`])).toMatchObject({
      code: 0,
      stdout: "Hello, world!\n",
      stderr: "",
    });
    expect(server.requests.at(-1)!.raw.toString("latin1")).toMatch(/^GET \/hello HTTP\/1\.1\r\n/);
  });

  it("follows redirects, up to 10", async () => {
    expect((await run(["get", `http://${h}/redirect/301?to=/hello`])).stdout).toBe("Hello, world!\n");
    expect((await run(["get", `http://${h}/redirect-chain/5`])).stdout).toBe("Hello, world!\n");
    const loop = await run(["get", `http://${h}/loop`]);
    expect(loop).toMatchObject({
      code: 6,
      stderr: "inetlib: the server refused: more than 10 redirects (last to /loop)\n",
    });
  });

  it("fails by the status's class without writing the error page", async () => {
    expect(await run(["get", `http://${h}/status/404`])).toMatchObject({
      code: 7,
      stdout: "",
      stderr: "inetlib: not found: HTTP 404 Not Found\n",
    });
    expect((await run(["get", `http://${h}/status/403`])).code).toBe(5);
    expect(await run(["get", `http://${h}/status/503`])).toMatchObject({
      code: 6,
      stderr: "inetlib: the server refused: HTTP 503 Service Unavailable\n",
    });
  });

  it("sends Basic credentials from --user or the URL, masked in --trace", async () => {
    expect((await run(["get", `http://${h}/basic/x`])).code).toBe(5);
    const ok = await run(["get", "--trace", "--user", "webuser:web-pass", `http://${h}/basic/x`]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("Authorization: Basic ************************\\r\\n");
    expect(ok.stderr).not.toContain(Buffer.from("webuser:web-pass").toString("base64"));
    expect((await run(["get", `http://webuser:web-pass@${h}/basic/x`])).code).toBe(0);
  });

  it("streams a large body to -o with a progress bar sized by Content-Length", async () => {
    const file = join(dir, "big.bin");
    const r = await run(["get", "-o", file, `http://${h}/bytes/3000000`], {
      tty: { stderr: true },
      progressDelay: 0,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\rbig\.bin \[#+\] 100% {2}2\.9 MiB \/ 2\.9 MiB/);
    expect((await readFile(file)).equals(httpBytes(0, 3000000))).toBe(true);
  });

  it("refuses binary bodies on a terminal", async () => {
    const r = await run(["get", `http://${h}/bytes/10`], { tty: { stdout: true } });
    expect(r.code).toBe(2);
  });
});

describe("inetlib get https://", () => {
  it("verifies the server against --cacert, exits 4 otherwise", async () => {
    expect(await run(["get", "--cacert", CA, `https://localhost:${secure.port}/hello`])).toMatchObject({
      code: 0,
      stdout: "Hello, world!\n",
    });
    expect((await run(["get", `https://localhost:${secure.port}/hello`])).code).toBe(4);
    expect((await run(["get", "-k", `https://localhost:${secure.port}/hello`])).code).toBe(0);
  });
});

describe("maskAuthorization", () => {
  it("masks the credentials of Authorization headers in a trace line", () => {
    expect(
      maskAuthorization("b'Authorization: Basic dXNlcjpwYXNz\\r\\nProxy-Authorization: Bearer abc\\r\\n'"),
    ).toBe("b'Authorization: Basic ************\\r\\nProxy-Authorization: Bearer ***\\r\\n'");
  });
});
