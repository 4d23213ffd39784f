import { describe, expect, it } from "vitest";
import { PyTuple, print, pyrepr, pystr } from "../src/index.js";

function captured(fn: (out: { write(t: string): void }) => void): string {
  let text = "";
  fn({
    write: (t) => {
      text += t;
    },
  });
  return text;
}

describe("print", () => {
  it("prints bytes, lists, dicts and None as Python's print() does", () => {
    const refused = Object.create(null) as Record<string, unknown>;
    refused["x@example.com"] = new PyTuple([550, Buffer.from("no such user")]);
    const text = captured((out) =>
      print.to(out)(Buffer.from("Re\r\n"), [1, "a"], refused, null, "plain", {}),
    );
    expect(text).toBe("b'Re\\r\\n' [1, 'a'] {'x@example.com': (550, b'no such user')} None plain {}\n");
  });

  it("takes sep and end as Python's keyword arguments", () => {
    expect(captured((out) => print.to(out, { sep: ", ", end: "" })(1, Buffer.from("x")))).toBe("1, b'x'");
  });

  it("writes to stdout by default", () => {
    const chunks: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((t: string) => chunks.push(t) > 0) as typeof process.stdout.write;
    try {
      print(Buffer.from("hi"));
    } finally {
      process.stdout.write = write;
    }
    expect(chunks).toEqual(["b'hi'\n"]);
  });

  it("repr of a Map and of nested dicts; str of a class instance is its own", () => {
    expect(pyrepr(new Map([["k", { n: 1 }]]))).toBe("{'k': {'n': 1}}");
    expect(pystr(new URL("http://h/"))).toBe("http://h/");
  });
});
