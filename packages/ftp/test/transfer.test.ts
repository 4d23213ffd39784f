// A transfer ends when both the data connection and the control reply agree; the server's
// failure while data flows stops it at once; the client's own failures and aborts leave the
// connection usable, with its replies in step.
import { AbortError, type socket } from "@inetlib/socket";
import { FileTree, type FTPServer, type FTPServerOptions } from "@inetlib/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  error_perm,
  error_temp,
  type FTP,
  Error as FTPError,
  type Progress,
  ResponseTooLarge,
} from "../src/index.js";
import { client, serve } from "./helpers.js";

const BIG = 8 << 20;

let server: FTPServer;
let ftp: FTP;
let options: FTPServerOptions;
let held: socket[];

/** The command log since the login, for checking what was sent. */
const log = () => server.transcript().replace("USER user\r\nPASS pass\r\n", "");

beforeEach(async () => {
  held = [];
  const tree = new FileTree({ "/small": "0123456789" });
  tree.addPattern("/big", BIG);
  options = {
    tree,
    handlers: {
      // 150, some data, then 451 on the control connection with the data connection left open.
      FAILRETR: async (s) => {
        const data = await s.openData();
        held.push(data);
        await s.reply("150 Opening.");
        await data.sendall(Buffer.alloc(1000, 1));
        await s.reply("451 Local error in processing.");
      },
      // 226 first, then the data, then the data connection's end.
      EARLYRETR: async (s) => {
        const data = await s.openData();
        await s.reply("150 Opening.");
        await s.reply("226 Transfer complete (early).");
        for (let i = 0; i < 5; i++) {
          await data.sendall(Buffer.alloc(1000, i));
          await new Promise((r) => setTimeout(r, 5));
        }
        await data.close();
      },
      // All the data, then an error reply.
      LATEFAIL: async (s) => {
        const data = await s.openData();
        await s.reply("150 Opening.");
        await data.sendall(Buffer.alloc(100, 2));
        await data.close();
        await s.reply("426 Connection closed; transfer aborted.");
      },
      // Reads a little of an upload, then refuses the rest.
      QUOTA: async (s) => {
        const data = await s.openData();
        held.push(data);
        await s.reply("150 Ok to send data.");
        await data.recv(1000);
        await s.reply("552 Quota exceeded.");
      },
    },
  };
  server = await serve(options);
  ({ ftp } = await client(server));
  await ftp.login("user", "pass");
});

afterEach(async () => {
  await ftp.close();
  await Promise.all(held.map((s) => s.close()));
  await server.close();
});

describe("both ends agree", () => {
  it("a 451 while the data connection stays open ends the transfer at once with error_temp", async () => {
    const got: Buffer[] = [];
    await expect(ftp.retrbinary("FAILRETR x", (b) => void got.push(b))).rejects.toThrow(
      new error_temp("451 Local error in processing."),
    );
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });

  it("a 226 before the data ends: all the data is read all the same", async () => {
    const got: Buffer[] = [];
    expect(await ftp.retrbinary("EARLYRETR x", (b) => void got.push(b))).toBe(
      "226 Transfer complete (early).",
    );
    expect(Buffer.concat(got).length).toBe(5000);
  });

  it("all the data, then an error reply: the error", async () => {
    await expect(ftp.retrbinary("LATEFAIL x", () => {})).rejects.toThrow(
      new error_temp("426 Connection closed; transfer aborted."),
    );
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });

  it("an upload refused midway (552) stops at once with error_perm", async () => {
    await expect(ftp.storbinary("QUOTA x", Buffer.alloc(64 << 20))).rejects.toThrow(
      new error_perm("552 Quota exceeded."),
    );
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });

  it("transfercmd() leaves the reply to voidresp(), as in Python", async () => {
    const [conn, size] = await ftp.ntransfercmd("RETR small");
    expect(size).toBe(10);
    expect((await conn.recv(100)).toString()).toBe("0123456789");
    await conn.close();
    expect(await ftp.voidresp()).toBe("226 Transfer complete.");
  });
});

describe("the client's own failures", () => {
  it("a callback that throws: its error, and the connection still in step", async () => {
    const boom = new Error("boom");
    await expect(
      ftp.retrbinary("RETR big", () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
    expect(await ftp.size("small")).toBe(10);
  });

  it("callbacks that return Promises are awaited, one at a time", async () => {
    let active = 0;
    let most = 0;
    let total = 0;
    await ftp.retrbinary(
      "RETR big",
      async (b) => {
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setImmediate(r));
        total += b.length;
        active--;
      },
      1 << 20,
    );
    expect(most).toBe(1);
    expect(total).toBe(BIG);
  });

  it("other commands cannot run inside a transfer's callback (only abort())", async () => {
    let inner: unknown = null;
    await ftp.retrbinary("RETR small", async () => {
      inner = await ftp.sendcmd("NOOP").catch((e: unknown) => e);
    });
    expect(inner).toBeInstanceOf(FTPError);
    expect((inner as Error).message).toMatch(/only abort\(\)/);
  });

  it("a call from outside while the data flows waits for the transfer (one from its callback fails)", async () => {
    let finished = false;
    let during = false;
    let pwd: Promise<string> | null = null;
    const resp = await ftp.retrbinary(
      "RETR big",
      () => {
        // A macrotask later the callback has returned: this call comes from outside it.
        pwd ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          during = !finished;
          return ftp.pwd();
        });
      },
      1024,
    );
    finished = true;
    expect(resp.slice(0, 3)).toBe("226");
    expect(during).toBe(true);
    expect(await pwd).toBe("/");
    expect(log()).toBe("TYPE I\r\nPASV\r\nRETR big\r\nPWD\r\n");
  });

  it("overlapping calls are run one after another", async () => {
    const [names, size, pwd] = await Promise.all([ftp.nlst(), ftp.size("small"), ftp.pwd()]);
    expect(names).toEqual(["big", "small"]);
    expect(size).toBe(10);
    expect(pwd).toBe("/");
    expect(log()).toBe("TYPE A\r\nPASV\r\nNLST\r\nSIZE small\r\nPWD\r\n");
  });

  it("a call overlapping a transfer waits for its whole exchange, then the next transfer runs", async () => {
    const got: Buffer[] = [];
    const [first, pwd, second] = await Promise.all([
      ftp.retrbinary("RETR small", (b) => void got.push(b)),
      ftp.pwd(),
      ftp.retrbinary("RETR small", (b) => void got.push(b)),
    ]);
    expect(first.slice(0, 3)).toBe("226");
    expect(pwd).toBe("/");
    expect(second.slice(0, 3)).toBe("226");
    expect(Buffer.concat(got).toString()).toBe("01234567890123456789");
    expect(log()).toBe("TYPE I\r\nPASV\r\nRETR small\r\nPWD\r\nTYPE I\r\nPASV\r\nRETR small\r\n");
  });

  it("progress: the bytes so far and the size the 150 announced", async () => {
    const seen: Progress[] = [];
    await ftp.retrbinary("RETR big", () => {}, {
      blocksize: 1 << 20,
      progress: (p) => void seen.push({ ...p }),
    });
    expect(seen.at(-1)).toEqual({ bytes: BIG, size: BIG });
    expect(seen.every((p, i) => i === 0 || p.bytes > seen[i - 1]!.bytes)).toBe(true);
  });

  it("a listing over maxlisting: ResponseTooLarge, and the connection in step", async () => {
    ftp.maxlisting = 1;
    await expect(ftp.nlst()).rejects.toThrow(ResponseTooLarge);
    ftp.maxlisting = 10;
    expect(await ftp.nlst()).toEqual(["big", "small"]);
  });
});

describe("aborting", () => {
  it("an AbortSignal: ABOR, the replies read, AbortError; the connection usable", async () => {
    const controller = new AbortController();
    let blocks = 0;
    const run = ftp.retrbinary(
      "RETR big",
      () => {
        if (++blocks === 2) controller.abort();
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toThrow(AbortError);
    expect(log()).toMatch(/RETR big\r\nABOR\r\n$/);
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });

  it("a signal aborted before the start: nothing is sent", async () => {
    await expect(ftp.retrbinary("RETR big", () => {}, { signal: AbortSignal.abort() })).rejects.toThrow(
      AbortError,
    );
    expect(log()).toBe("");
  });

  it("abort() from a callback: the transfer's 426 returned, ABOR's 226 read too", async () => {
    let resp: string | null = null;
    const run = ftp.retrbinary("RETR big", async () => {
      resp ??= await ftp.abort();
    });
    await expect(run).rejects.toThrow(AbortError);
    expect(resp).toBe("426 Failure writing network stream.");
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });

  it("an upload aborted by its signal", async () => {
    const controller = new AbortController();
    async function* endless() {
      for (;;) {
        yield Buffer.alloc(65536);
        controller.abort();
      }
    }
    await expect(ftp.storbinary("STOR x", endless(), { signal: controller.signal })).rejects.toThrow(
      AbortError,
    );
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });
});

describe("iterators and streams", () => {
  it("iterbinary yields the blocks and returns the final reply", async () => {
    const it = ftp.iterbinary("RETR big", { blocksize: 1 << 20 });
    let total = 0;
    let r = await it.next();
    while (!r.done) {
      total += r.value.length;
      r = await it.next();
    }
    expect(total).toBe(BIG);
    expect(r.value).toBe("226 Transfer complete.");
  });

  it("leaving the loop early aborts the transfer and keeps the connection usable", async () => {
    for await (const block of ftp.iterbinary("RETR big")) {
      expect(block.length).toBeGreaterThan(0);
      break;
    }
    expect(log()).toMatch(/RETR big\r\nABOR\r\n$/);
    expect(await ftp.size("small")).toBe(10);
  });

  it("other calls fail while an iteration holds the connection", async () => {
    let inner: unknown = null;
    for await (const _ of ftp.iterlines("RETR small")) inner = await ftp.pwd().catch((e: unknown) => e);
    expect((inner as Error).message).toMatch(/being iterated/);
    expect(await ftp.pwd()).toBe("/");
  });

  it("iterlines and retrstream", async () => {
    server.tree.write("/lines", Buffer.from("one\r\ntwo\nthree"));
    const lines: string[] = [];
    for await (const line of ftp.iterlines("RETR lines")) lines.push(line);
    expect(lines).toEqual(["one", "two", "three"]);
    const chunks: Buffer[] = [];
    for await (const chunk of ftp.retrstream("RETR small")) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("0123456789");
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
  });
});
