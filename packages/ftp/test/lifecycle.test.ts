// Connecting, timeouts (test_ftplib.TestTimeouts), closing, and construction without I/O.
import { LookupError, OSError, setdefaulttimeout, TimeoutError, ValueError } from "@inetlib/socket";
import { afterEach, describe, expect, it } from "vitest";
import { FTP } from "../src/index.js";
import { serve } from "./helpers.js";

afterEach(() => setdefaulttimeout(null));

describe("TestTimeouts", () => {
  it("default: the socket module's default timeout", async () => {
    await using server = await serve({ welcome: "1 Hola mundo" });
    setdefaulttimeout(30);
    const ftp = await FTP.open("127.0.0.1", "", "", "", { port: server.port });
    setdefaulttimeout(null);
    expect(ftp.sock!.gettimeout()).toBe(30);
    expect(ftp.getwelcome()).toBe("1 Hola mundo");
    await ftp.close();
  });

  it("null: blocking, whatever the default", async () => {
    await using server = await serve();
    setdefaulttimeout(30);
    const ftp = await FTP.open("127.0.0.1", "", "", "", { port: server.port, timeout: null });
    expect(ftp.sock!.gettimeout()).toBeNull();
    await ftp.close();
  });

  it("a value; 0 is a ValueError (bpo-39259)", async () => {
    await using server = await serve();
    const ftp = await FTP.open("127.0.0.1", "", "", "", { port: server.port, timeout: 30 });
    expect(ftp.sock!.gettimeout()).toBe(30);
    await ftp.close();
    await expect(FTP.open("127.0.0.1", "", "", "", { port: server.port, timeout: 0 })).rejects.toThrow(
      new ValueError("Non-blocking socket (timeout=0) is not supported"),
    );
  });

  it("given to connect(), set before it, or assigned directly", async () => {
    await using server = await serve();
    const a = new FTP();
    await a.connect("127.0.0.1", server.port, 30);
    expect(a.sock!.gettimeout()).toBe(30);
    const b = new FTP({ timeout: 30 });
    await b.connect("127.0.0.1", server.port);
    expect(b.sock!.gettimeout()).toBe(30);
    const c = new FTP();
    c.timeout = 30;
    await c.connect("127.0.0.1", server.port);
    expect(c.sock!.gettimeout()).toBe(30);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it("a reply that never comes: TimeoutError after `timeout`", async () => {
    await using server = await serve({ handlers: { SILENT: () => {} } });
    const ftp = await FTP.open("127.0.0.1", "", "", "", { port: server.port, timeout: 0.2 });
    await expect(ftp.sendcmd("SILENT")).rejects.toThrow(TimeoutError);
    await ftp.close();
  });
});

describe("lifecycle", () => {
  it("new FTP() does no I/O; calls before connect() are OSError", async () => {
    const ftp = new FTP();
    expect(ftp.sock).toBeNull();
    expect(ftp.host).toBe("");
    expect(ftp.port).toBe(21);
    expect(ftp.maxline).toBe(8192);
    await expect(ftp.sendcmd("NOOP")).rejects.toThrow(OSError);
    await ftp.close();
  });

  it("an unknown encoding is a LookupError, as Python's codec lookup", () => {
    expect(() => new FTP({ encoding: "klingon" })).toThrow(new LookupError("unknown encoding: klingon"));
  });

  it("connect() again: the old connection is closed, host and port remembered", async () => {
    await using server = await serve();
    const ftp = new FTP({ timeout: 10 });
    expect(await ftp.connect("127.0.0.1", server.port)).toBe("220 inetlib FTP server ready.");
    const first = ftp.sock!;
    await ftp.connect();
    expect(first._closed).toBe(true);
    expect(ftp.host).toBe("127.0.0.1");
    expect(await ftp.voidcmd("NOOP")).toBe("200 NOOP ok.");
    await ftp.close();
    await ftp.close();
    expect(ftp.sock).toBeNull();
    await expect(ftp.voidcmd("NOOP")).rejects.toThrow(OSError);
  });

  it("open() with a user logs in; a failed login closes the connection", async () => {
    await using server = await serve();
    const ftp = await FTP.open("127.0.0.1", "user", "pass", "", { port: server.port });
    expect(server.transcript()).toBe("USER user\r\nPASS pass\r\n");
    await ftp.quit();
    await expect(FTP.open("127.0.0.1", "user", "nope", "", { port: server.port })).rejects.toThrow(
      "530 Login incorrect.",
    );
  });
});
