// @inetlib/nntp's AUTHINFO SASL (RFC 4643) against INN's nnrpd, which test/daemons/extras.sh
// gives a Cyrus SASL sasldb with the news user (PLAIN, CRAM-MD5, SCRAM), and streaming feeds
// (RFC 4644: MODE STREAM, CHECK, TAKETHIS) against innd's transit port, where loopback is a
// feeding peer: articles fed there are read back through nnrpd.
import { randomBytes } from "node:crypto";
import { cram_md5, NNTP, NNTPTemporaryError, plain } from "@inetlib/nntp";
import { create_default_context } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, newsDomain, paths, ports, users } from "./env.js";

const { user, password } = users.nntp;
const opts = { timeout: 30 };

describe("nnrpd AUTHINFO SASL", () => {
  it("offers SASL; PLAIN logs in and the account's rights apply", async () => {
    await using s = await NNTP.open(host, ports.nntp, opts);
    expect((await s.getcapabilities()).SASL).toContain("PLAIN");
    expect(await s.authinfo_sasl("PLAIN", plain(user, password))).toMatch(/^281 /);
    expect(s.authenticated).toBe(true);
    const [, count] = await s.group("local.test");
    expect(count).toBeGreaterThan(0);
  });

  it("CRAM-MD5 after STARTTLS, verified against the interop CA", async () => {
    await using s = await NNTP.open(host, ports.nntp, opts);
    await s.starttls(create_default_context({ cafile: paths.ca }));
    expect(await s.authinfo_sasl("CRAM-MD5", cram_md5(user, password))).toMatch(/^281 /);
  });

  it("PLAIN without the initial response (383 first); a wrong password is 481", async () => {
    await using s = await NNTP.open(host, ports.nntp, opts);
    expect(await s.authinfo_sasl("PLAIN", plain(user, password), { initial_response_ok: false })).toMatch(
      /^281 /,
    );
    await using t = await NNTP.open(host, ports.nntp, opts);
    const err = await t.authinfo_sasl("PLAIN", plain(user, "wrong")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NNTPTemporaryError);
    expect(String(err)).toMatch(/481/);
    expect(t.authenticated).toBe(false);
  });
});

describe("innd streaming feed", () => {
  const tag = randomBytes(6).toString("hex");
  const id = (i: number) => `<feed-${tag}-${i}@${newsDomain}>`;
  const article = (i: number) =>
    Buffer.from(
      [
        `Path: feeder.${newsDomain}!not-for-mail`,
        `From: feeder@${newsDomain}`,
        "Newsgroups: local.test",
        `Subject: streamed ${tag} ${i}`,
        `Message-ID: ${id(i)}`,
        `Date: ${new Date().toUTCString()}`,
        "",
        `article ${i} of a streaming feed`,
        ".a line that starts with a dot",
        "",
      ].join("\r\n"),
    );

  it("MODE STREAM, pipelined CHECK and TAKETHIS; the articles read back through nnrpd", async () => {
    const n = 25;
    await using feed = await NNTP.open(host, ports.nntpFeed, { ...opts, readermode: false });
    expect(await feed.mode_stream()).toMatch(/^203 /);
    const ids = Array.from({ length: n }, (_, i) => id(i));
    const checks = await feed.check_many([...ids, "<test-1@inetlib.test>"], { window: 8 });
    expect(checks.map((c) => c.code)).toEqual([...ids.map(() => 238), 438]);
    const taken = await feed.takethis_many(
      ids.map((m, i) => [m, article(i)] as const),
      { window: 8 },
    );
    expect(taken.map((r) => [r.message_id, r.code])).toEqual(ids.map((m) => [m, 239]));
    // Offered again: now a duplicate, and TAKETHIS of it is rejected.
    expect(await feed.check(ids[0]!)).toMatchObject({ code: 438, wanted: false });
    expect(await feed.takethis(ids[0]!, article(0))).toMatchObject({ code: 439, accepted: false });

    await using reader = await NNTP.open(host, ports.nntp, opts);
    for (const [i, m] of ids.entries()) {
      const [, info] = await reader.article(m);
      const text = Buffer.concat(info.lines.map((l) => Buffer.concat([l, Buffer.from("\n")]))).toString();
      expect(text).toContain(`Subject: streamed ${tag} ${i}`);
      expect(text).toContain("\n.a line that starts with a dot\n");
    }
  });
});
