// xmlrpc.client's dumps() and loads() without a network: Python's exact text, every type, the
// refusals, and parsing split at every byte.
import { OverflowError } from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import {
  Binary,
  DateTime,
  dumps,
  ExpatError,
  Fault,
  getparser,
  loads,
  ResponseError,
  type XMLRPCValue,
  escape as xmlescape,
} from "../src/index.js";

// Expected texts are what Python 3.11's xmlrpc.client.dumps() printed for the same values.
const CALL =
  "<?xml version='1.0'?>\n<methodCall>\n<methodName>m</methodName>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><boolean>1</boolean></value>\n</param>\n<param>\n<value><double>1.5</double></value>\n</param>\n<param>\n<value><string>a&lt;b&amp;c&gt;</string></value>\n</param>\n<param>\n<value><base64>\nAAH/\n</base64></value>\n</param>\n<param>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>two</string></value>\n</data></array></value>\n</param>\n<param>\n<value><struct>\n<member>\n<name>k</name>\n<value><string>v</string></value>\n</member>\n<member>\n<name>n</name>\n<value><nil/></value></member>\n</struct></value>\n</param>\n<param>\n<value><nil/></value></param>\n<param>\n<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n</param>\n</params>\n</methodCall>\n";

const RESPONSE =
  "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>x</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n";

const FAULT =
  "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>4</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>Too many</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n";

describe("dumps", () => {
  it("writes a methodCall exactly as Python's", () => {
    const params: XMLRPCValue[] = [
      1,
      true,
      1.5,
      "a<b&c>",
      Buffer.from([0, 1, 255]),
      [1, "two"],
      { k: "v", n: null },
      null,
      new DateTime("20240102T03:04:05"),
    ];
    expect(dumps(params, { methodname: "m", allow_none: true })).toBe(CALL);
  });

  it("writes responses and faults exactly as Python's", () => {
    expect(dumps([{ x: 1 }], { methodresponse: true })).toBe(RESPONSE);
    expect(dumps(new Fault(4, "Too many"))).toBe(FAULT);
  });

  it("base64 in lines of 76, doubles as Python's repr", () => {
    expect(dumps([Buffer.from("a".repeat(100))])).toBe(
      "<params>\n<param>\n<value><base64>\nYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\nYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ==\n</base64></value>\n</param>\n</params>\n",
    );
    expect(dumps([0.1, -2.5e-7, 1e300])).toBe(
      "<params>\n<param>\n<value><double>0.1</double></value>\n</param>\n<param>\n<value><double>-2.5e-07</double></value>\n</param>\n<param>\n<value><double>1e+300</double></value>\n</param>\n</params>\n",
    );
  });

  it("refuses what Python refuses", () => {
    expect(() => dumps([null])).toThrow("cannot marshal None unless allow_none is enabled");
    expect(() => dumps([2 ** 31])).toThrow(OverflowError);
    expect(() => dumps([-(2 ** 31) - 1])).toThrow("int exceeds XML-RPC limits");
    expect(dumps([2 ** 31 - 1])).toContain("<int>2147483647</int>");
    const loop: XMLRPCValue[] = [];
    loop.push(loop);
    expect(() => dumps([loop])).toThrow("cannot marshal recursive sequences");
    const obj: { [k: string]: XMLRPCValue } = {};
    obj.self = obj;
    expect(() => dumps([obj])).toThrow("cannot marshal recursive dictionaries");
    expect(() => dumps([1, 2], { methodresponse: true })).toThrow("response tuple must be a singleton");
  });

  it("escape, Binary and DateTime behave as Python's", () => {
    expect(xmlescape("<&>")).toBe("&lt;&amp;&gt;");
    expect(new Binary(Buffer.from("hi")).equals(Buffer.from("hi"))).toBe(true);
    expect(() => new Binary("hi" as unknown as Buffer)).toThrow("expected bytes or bytearray, not str");
    const d = new DateTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    expect(String(d)).toBe("20240102T03:04:05");
    expect(d.equals("20240102T03:04:05")).toBe(true);
    expect(d.compare(new DateTime("20250101T00:00:00"))).toBe(-1);
    expect(new DateTime([2024, 1, 2, 3, 4, 5]).value).toBe("20240102T03:04:05");
    expect(d.timetuple()).toEqual([2024, 1, 2, 3, 4, 5]);
  });
});

describe("loads", () => {
  it("reads back every type", () => {
    const [params, method] = loads(CALL);
    expect(method).toBe("m");
    expect(params.slice(0, 4)).toEqual([1, true, 1.5, "a<b&c>"]);
    expect(params[4]).toBeInstanceOf(Binary);
    expect((params[4] as Binary).data).toEqual(Buffer.from([0, 1, 255]));
    expect(params.slice(5, 8)).toEqual([[1, "two"], { k: "v", n: null }, null]);
    expect(params[8]).toBeInstanceOf(DateTime);
    expect(String(params[8])).toBe("20240102T03:04:05");
  });

  it("use_builtin_types gives Buffer and Date; use_datetime gives Date", () => {
    const [params] = loads(CALL, { use_builtin_types: true });
    expect(params[4]).toEqual(Buffer.from([0, 1, 255]));
    expect(params[8]).toEqual(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    const [p2] = loads(CALL, { use_datetime: true });
    expect(p2[8]).toBeInstanceOf(Date);
    expect(p2[4]).toBeInstanceOf(Binary);
  });

  it("a value without a type is a string; i8 beyond 2**53 is a bigint; namespaced tags work", () => {
    const xml =
      "<methodResponse><params><param><value>plain</value></param><param><value><i8>9007199254740993</i8></value></param>" +
      "<param><value><ex:i8 xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'>7</ex:i8></value></param></params></methodResponse>";
    expect(loads(xml)[0]).toEqual(["plain", 9007199254740993n, 7]);
  });

  it("throws the Fault of a fault response", () => {
    const err = (() => {
      try {
        loads(FAULT);
      } catch (e) {
        return e;
      }
    })() as Fault;
    expect(err).toBeInstanceOf(Fault);
    expect([err.faultCode, err.faultString, err.message]).toEqual([4, "Too many", "<Fault 4: 'Too many'>"]);
    expect(new Fault(4, "it's").message).toBe(`<Fault 4: "it's">`);
  });

  it("ResponseError for a broken package, ExpatError for broken XML", () => {
    expect(() => loads("<methodResponse><params><param><value><array><data>")).toThrow(ExpatError);
    expect(() => loads("<methodResponse></methodResponse>")).toThrow(ResponseError);
    expect(() =>
      loads(
        "<methodResponse><params><param><value><bogus>1</bogus></value></param></params></methodResponse>",
      ),
    ).toThrow("unknown tag 'bogus'");
    expect(() =>
      loads(
        "<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>",
      ),
    ).toThrow("bad boolean value");
  });

  it("refuses a DOCTYPE (billion laughs) and undeclared entities", () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' +
      "<methodResponse><params><param><value><string>&lol2;</string></value></param></params></methodResponse>";
    expect(() => loads(laughs)).toThrow(ExpatError);
    expect(() =>
      loads("<methodResponse><params><param><value>&ext;</value></param></params></methodResponse>"),
    ).toThrow(ExpatError);
  });

  it("decodes by the declared encoding", () => {
    const latin = Buffer.concat([
      Buffer.from(
        "<?xml version='1.0' encoding='iso-8859-1'?>\n<methodResponse><params><param><value><string>caf",
      ),
      Buffer.from([0xe9]),
      Buffer.from("</string></value></param></params></methodResponse>"),
    ]);
    expect(loads(latin)[0]).toEqual(["caf\u00e9"]);
    expect(loads(Buffer.from(dumps(["\u65e5\u672c"], { methodresponse: true }), "utf8"))[0]).toEqual([
      "\u65e5\u672c",
    ]);
  });

  it("parses the same whatever the split (every byte boundary)", () => {
    const bytes = Buffer.from(
      dumps([{ a: [1, 2.5, "\u00e9\u65e5"], b: Buffer.from("xyz") }], { methodresponse: true }),
      "utf8",
    );
    const [whole] = loads(bytes);
    for (let i = 1; i < bytes.length; i++) {
      const [p, u] = getparser();
      p.feed(bytes.subarray(0, i));
      p.feed(bytes.subarray(i));
      p.close();
      expect(u.close()).toEqual(whole);
    }
  });
});
