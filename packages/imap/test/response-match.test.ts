// The hand-written matchers of the hot shapes give exactly the groups of imaplib's expressions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Literal,
  match,
  matchRegExp,
  tagPattern,
  Untagged_response,
  Untagged_status,
} from "../src/response.js";

const show = (m: ReturnType<typeof match>) => m?.groups.map((g) => g?.toString("latin1")) ?? null;

describe("match by hand = match by RegExp", () => {
  const alphabet = ["*", " ", "1", "9", "A", "Z", "-", "a", "{", "}", "\n", "\r", "(", ")", "x", "\u00ff"];
  const line = fc
    .array(fc.constantFrom(...alphabet), { maxLength: 24 })
    .map((parts) => Buffer.from(parts.join(""), "latin1"));
  const shaped = fc
    .tuple(
      fc.constantFrom("* ", "* 12 ", "*  ", "* 1", ""),
      fc.constantFrom("FETCH", "OK", "A-B", "", "ok"),
      line,
    )
    .map(([a, b, c]) => Buffer.concat([Buffer.from(a + b, "latin1"), c]));
  for (const [name, re] of [
    ["Literal", Literal],
    ["Untagged_status", Untagged_status],
    ["Untagged_response", Untagged_response],
  ] as const) {
    it(`${name} (property)`, () => {
      fc.assert(
        fc.property(fc.oneof(line, shaped), (l) => {
          expect(show(match(re, l))).toEqual(show(matchRegExp(re, l)));
        }),
        { numRuns: 3000 },
      );
    });
  }

  for (const tagpre of ["ABCD", "", "a.b", "*", "\u00ff-"]) {
    const re = tagPattern(tagpre);
    const tagged = fc
      .tuple(fc.constantFrom(tagpre, `${tagpre}12`, `${tagpre}7 `, "ABCD3 ", `${tagpre}1 OK `, ""), line)
      .map(([a, c]) => Buffer.concat([Buffer.from(a, "latin1"), c]));
    it(`tagPattern(${JSON.stringify(tagpre)}) (property)`, () => {
      fc.assert(
        fc.property(fc.oneof(line, tagged), (l) => {
          expect(show(match(re, l))).toEqual(show(matchRegExp(re, l)));
        }),
        { numRuns: 3000 },
      );
    });
  }

  it("known lines", () => {
    const b = (s: string) => Buffer.from(s, "latin1");
    expect(show(match(tagPattern("JGNE"), b("JGNE12 OK Fetch completed.")))).toEqual([
      "JGNE12",
      "OK",
      "Fetch completed.",
    ]);
    expect(match(tagPattern("JGNE"), b("* 12 FETCH (BODY[HEADER] {512}"))).toBeNull();
    expect(show(match(Untagged_status, b("* 12 FETCH (BODY[HEADER] {512}")))).toEqual([
      "12",
      "FETCH",
      "(BODY[HEADER] {512}",
    ]);
    expect(show(match(Literal, b("* 12 FETCH (BODY[HEADER] {512}")))).toEqual(["512"]);
    expect(show(match(Untagged_response, b("* OK")))).toEqual(["OK", undefined]);
    expect(match(Literal, b(")"))).toBeNull();
  });
});
