// ServerProxy, MultiCall and Transport against the in-process server's XML-RPC endpoint.
import { create_default_context } from "@inetlib/socket";
import { HTTPTestServer } from "@inetlib/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CA_CERT, serverContext } from "../../socket/test/fixtures/certs.js";
import {
  Binary,
  DateTime,
  Fault,
  MultiCall,
  ProtocolError,
  ResponseError,
  ServerProxy,
  SimpleXMLRPCDispatcher,
  type XMLRPCValue,
} from "../src/index.js";

const dispatcher = new SimpleXMLRPCDispatcher({ allow_none: true });
dispatcher.register_function((a, b) => (a as number) + (b as number), "add", "add(a, b) -> a + b");
dispatcher.register_function((x) => x, "echo");
dispatcher.register_function((code, message) => {
  throw new Fault(code as number, message as string);
}, "fail");
dispatcher.register_function((n) => "x".repeat(n as number), "big");
dispatcher.register_function(() => {
  throw new TypeError("boom");
}, "crash");
dispatcher.register_introspection_functions();
dispatcher.register_multicall_functions();

let server: HTTPTestServer;
let tlsServer: HTTPTestServer;
const endpoint = (body: Buffer) => dispatcher._marshaled_dispatch(body);

beforeAll(async () => {
  server = await HTTPTestServer.start({ xmlrpc: endpoint });
  tlsServer = await HTTPTestServer.start({ xmlrpc: endpoint, tls: serverContext() });
});

afterAll(async () => {
  await server.close();
  await tlsServer.close();
});

describe("ServerProxy", () => {
  it("calls a method; the request is Python's (POST /RPC2, text/xml, Content-Length)", async () => {
    await using proxy = new ServerProxy(server.url("/RPC2"));
    expect(await proxy.add!(2, 3)).toBe(5);
    const req = server.requests.at(-1)!;
    const head = req.raw.toString("latin1").split("\r\n\r\n")[0];
    expect(head).toBe(
      [
        "POST /RPC2 HTTP/1.1",
        `Host: 127.0.0.1:${server.port}`,
        "Accept-Encoding: gzip",
        "Content-Type: text/xml",
        "User-Agent: inetlib-xmlrpc/0.1",
        `Content-Length: ${req.body.length}`,
      ].join("\r\n"),
    );
    expect(req.body.toString()).toBe(
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n<param>\n<value><int>2</int></value>\n</param>\n<param>\n<value><int>3</int></value>\n</param>\n</params>\n</methodCall>\n",
    );
  });

  it("round-trips every type, and keeps one connection across calls", async () => {
    const proxy = new ServerProxy(server.url("/RPC2"), { allow_none: true });
    const value: XMLRPCValue = {
      int: 42,
      neg: -7,
      bool: false,
      double: 0.25,
      text: "gr\u00fc\u00dfe <&>",
      bytes: new Binary(Buffer.from([0, 1, 2, 255])),
      when: new DateTime("20240102T03:04:05"),
      list: [1, [2, [3]], {}],
      none: null,
    };
    const before = server.connections;
    const back = (await proxy.echo!(value)) as Record<string, XMLRPCValue>;
    expect(back.int).toBe(42);
    expect(back.text).toBe("gr\u00fc\u00dfe <&>");
    expect((back.bytes as Binary).data).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(String(back.when)).toBe("20240102T03:04:05");
    expect(back.list).toEqual([1, [2, [3]], {}]);
    expect(back.none).toBeNull();
    expect(await proxy.echo!("again")).toBe("again");
    expect(server.connections - before).toBe(1);
    await proxy("close")();
  });

  it("use_builtin_types gives Buffer and Date", async () => {
    const proxy = new ServerProxy(server.url("/RPC2"), { use_builtin_types: true });
    expect(await proxy.echo!(Buffer.from("raw"))).toEqual(Buffer.from("raw"));
    expect(await proxy.echo!(new Date(Date.UTC(2020, 5, 6, 7, 8, 9)))).toEqual(
      new Date(Date.UTC(2020, 5, 6, 7, 8, 9)),
    );
    await proxy("close")();
  });

  it("a fault is thrown as Fault; a server-side exception as Fault 1", async () => {
    const proxy = new ServerProxy(server.url("/RPC2"));
    const err = (await proxy.fail!(4, "Too many parameters.").catch((e: unknown) => e)) as Fault;
    expect(err).toBeInstanceOf(Fault);
    expect([err.faultCode, err.faultString]).toEqual([4, "Too many parameters."]);
    const crash = (await proxy.crash!().catch((e: unknown) => e)) as Fault;
    expect([crash.faultCode, crash.faultString]).toEqual([1, "<class 'TypeError'>:boom"]);
    // The connection is still good after a fault.
    expect(await proxy.add!(1, 1)).toBe(2);
    await proxy("close")();
  });

  it("dotted names and introspection", async () => {
    const proxy = new ServerProxy(server.url("/RPC2"));
    const methods = (await proxy.system!.listMethods!()) as string[];
    expect(methods).toContain("add");
    expect(methods).toContain("system.multicall");
    expect(await proxy.system!.methodHelp!("add")).toBe("add(a, b) -> a + b");
    await proxy("close")();
  });

  it("ProtocolError for an HTTP error status", async () => {
    const proxy = new ServerProxy(server.url("/nowhere"));
    const err = (await proxy.add!(1, 2).catch((e: unknown) => e)) as ProtocolError;
    expect(err).toBeInstanceOf(ProtocolError);
    expect([err.errcode, err.errmsg, err.url]).toEqual([
      404,
      "Not Found",
      `127.0.0.1:${server.port}/nowhere`,
    ]);
    expect(err.message).toBe(`<ProtocolError for 127.0.0.1:${server.port}/nowhere: 404 Not Found>`);
    expect(err.headers["Content-Type"]).toMatch(/^text\/plain/);
    await proxy("close")();
  });

  it("bounds the response size", async () => {
    const { Transport } = await import("../src/index.js");
    const proxy = new ServerProxy(server.url("/RPC2"), { transport: new Transport({ maxResponse: 1000 }) });
    await expect(proxy.big!(5000)).rejects.toBeInstanceOf(ResponseError);
    await proxy("close")();
  });

  it("sends Basic auth from user:password@ in the URI", async () => {
    const proxy = new ServerProxy(`http://joe:s%40cret@127.0.0.1:${server.port}/RPC2`);
    await proxy.add!(1, 2);
    expect(server.requests.at(-1)!.headers).toContainEqual([
      "Authorization",
      `Basic ${Buffer.from("joe:s@cret").toString("base64")}`,
    ]);
    await proxy("close")();
  });

  it("https: verified by default; a context that trusts the CA works", async () => {
    const untrusted = new ServerProxy(`https://localhost:${tlsServer.port}/RPC2`);
    await expect(untrusted.add!(1, 2)).rejects.toThrow(/CERTIFICATE_VERIFY_FAILED/);
    await untrusted("close")();
    const proxy = new ServerProxy(`https://localhost:${tlsServer.port}/RPC2`, {
      context: create_default_context({ cafile: CA_CERT }),
    });
    expect(await proxy.add!(20, 22)).toBe(42);
    await proxy("close")();
  });

  it("refuses other schemes, and is not mistaken for a promise", async () => {
    expect(() => new ServerProxy("ftp://127.0.0.1/")).toThrow("unsupported XML-RPC protocol");
    const proxy = new ServerProxy(server.url("/RPC2"));
    const same = await Promise.resolve(proxy);
    expect(same).toBe(proxy);
    expect(String(proxy)).toBe(`<ServerProxy for 127.0.0.1:${server.port}/RPC2>`);
    await proxy("close")();
  });

  it("verbose prints the exchange and the body", async () => {
    const lines: string[] = [];
    const proxy = new ServerProxy(server.url("/RPC2"), { verbose: true, debugSink: (t) => lines.push(t) });
    await proxy.add!(1, 2);
    expect(lines[0]).toMatch(/^send: b'POST \/RPC2 HTTP\/1\.1\\r\\n/);
    expect(lines.some((l) => l.startsWith("reply: 'HTTP/1.1 200 OK\\r\\n'"))).toBe(true);
    expect(lines.some((l) => l.startsWith("body: b\"<?xml version='1.0'?>"))).toBe(true);
    await proxy("close")();
  });
});

describe("MultiCall", () => {
  it("boxcars calls into one request; a fault is thrown when its result is reached", async () => {
    const proxy = new ServerProxy(server.url("/RPC2"));
    const multi = new MultiCall(proxy);
    multi.add!(2, 3);
    multi.echo!("x");
    multi.fail!(7, "no");
    multi.system!.listMethods!();
    const before = server.requests.length;
    const results = await multi();
    expect(server.requests.length - before).toBe(1);
    expect(results.get(0)).toBe(5);
    expect(results.get(1)).toBe("x");
    expect(() => results.get(2)).toThrow(Fault);
    expect(results.get(3)).toContain("add");
    const seen: XMLRPCValue[] = [];
    expect(() => {
      for (const r of results) seen.push(r);
    }).toThrow("<Fault 7: 'no'>");
    expect(seen).toEqual([5, "x"]);
    await proxy("close")();
  });
});
