import { describe, expect, it } from "vitest";
import {
  A_BINARY,
  A_HTML,
  A_INFO,
  A_WHOIS,
  DEF_HOST,
  DEF_PORT,
  DEF_SELECTOR,
  itemKind,
  type_to_name,
  typeLabel,
} from "../src/types.js";

describe("gopherlib constants and type_to_name", () => {
  it("keeps gopherlib's defaults", () => {
    expect([DEF_SELECTOR, DEF_HOST, DEF_PORT]).toEqual(["1/", "gopher.micro.umn.edu", 70]);
  });

  it("names every type as gopherlib's dir()-built map does", () => {
    expect(type_to_name("0")).toBe("TEXT");
    expect(type_to_name("1")).toBe("MENU");
    expect(type_to_name(A_BINARY)).toBe("BINARY");
    expect(type_to_name(A_HTML)).toBe("HTML");
    expect(type_to_name(":")).toBe("PLUS_IMAGE");
    expect(type_to_name("<")).toBe("PLUS_SOUND");
    // A_WHOIS and A_WWW share 'w'; WWW sorts later in dir() and wins.
    expect(type_to_name(A_WHOIS)).toBe("WWW");
  });

  it("formats unknown types with Python's repr", () => {
    expect(type_to_name(A_INFO)).toBe("TYPE='i'");
    expect(type_to_name("'")).toBe(`TYPE="'"`);
    expect(type_to_name("")).toBe("TYPE=''");
  });

  it("sorts types into kinds, URL: selectors apart", () => {
    expect(itemKind("0")).toBe("text");
    expect(itemKind("1")).toBe("menu");
    expect(itemKind("7")).toBe("search");
    expect(itemKind("i")).toBe("info");
    expect(itemKind("h", "URL:http://x/")).toBe("url");
    expect(itemKind("h", "/page.html")).toBe("text");
    expect(itemKind("Z")).toBe("binary");
    expect(typeLabel("1")).toBe("DIR");
    expect(typeLabel("Z")).toBe("?");
  });
});
