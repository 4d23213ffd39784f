// usenetrc: the login comes from a .netrc file (Python's netrc module, reproduced).
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoSpool } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NetrcParseError, netrc } from "../src/index.js";
import { caught, pair, sent } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "inetlib-netrc-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string, mode = 0o600): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  await chmod(path, mode);
  return path;
}

describe("netrc", () => {
  it("parses machines, default, macros, quotes and comments as Python does", async () => {
    const path = await file(
      "parse",
      [
        "# a comment line",
        "machine news.example.com login alice password s3cret",
        'machine "quoted host" login "b o b" password p\\"w # trailing comment',
        "macdef init",
        "cd /pub",
        "",
        "default login anonymous password guest@",
        "",
      ].join("\n"),
    );
    const n = new netrc(path);
    expect(n.authenticators("news.example.com")).toEqual(["alice", "", "s3cret"]);
    expect(n.hosts.get("quoted host")).toEqual(["b o b", "", 'p"w']);
    expect(n.macros.get("init")).toEqual(["cd /pub\n"]);
    expect(n.authenticators("elsewhere")).toEqual(["anonymous", "", "guest@"]);
  });

  it("raises NetrcParseError with the file and line", async () => {
    const path = await file("bad", "machine a login b\nfrobnicate\n");
    const err = await caught<NetrcParseError>(Promise.resolve().then(() => new netrc(path)));
    expect(err).toBeInstanceOf(NetrcParseError);
    expect(err.msg).toBe("bad follower token 'frobnicate'");
    expect(err.lineno).toBe(3);
    expect(err.message).toBe(`bad follower token 'frobnicate' (${path}, line 3)`);
  });
});

describe("NNTP with usenetrc", () => {
  it("logs in with the host's entry", async () => {
    const path = await file("hosts", "machine 127.0.0.1 login newsreader password news-pass\n");
    await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) }, { usenetrc: true, netrcFile: path });
    expect(p.client.authenticated).toBe(true);
    expect(sent(p.server).slice(1, 3)).toEqual([
      "authinfo user newsreader\r\n",
      "authinfo pass news-pass\r\n",
    ]);
  });

  it("sends nothing when there is no file, or no entry", async () => {
    const none = await file("other", "machine elsewhere login x password y\n");
    for (const netrcFile of [join(dir, "no-such-file"), none]) {
      await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) }, { usenetrc: true, netrcFile });
      expect(p.client.authenticated).toBe(false);
      expect(sent(p.server)).toEqual(["CAPABILITIES\r\n"]);
    }
  });

  it("reads ~/.netrc, and refuses one that others may read", async () => {
    const home = await mkdtemp(join(dir, "home-"));
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      await writeFile(join(home, ".netrc"), "default login newsreader password news-pass\n", { mode: 0o600 });
      {
        await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) }, { usenetrc: true });
        expect(p.client.authenticated).toBe(true);
      }
      await chmod(join(home, ".netrc"), 0o644);
      await using p = await pair({ spool: demoSpool({ bigArticles: 1 }) });
      const err = await caught<NetrcParseError>(p.client.login());
      expect(err).toBeInstanceOf(NetrcParseError);
      expect(err.msg).toBe(
        "~/.netrc access too permissive: access permissions must restrict access to only the owner",
      );
      expect(sent(p.server)).toEqual(["CAPABILITIES\r\n"]);
    } finally {
      process.env.HOME = saved;
    }
  });
});
