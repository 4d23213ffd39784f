// Wire.getbody strips lines with the core's `lfcr` rule as they are cut; before, it stripped
// the kept terminators with stripLine afterwards. Both must give the same lines, any body.
import { type ByteSource, Reader, readDotBody } from "@inetlib/socket";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripLine } from "../src/response.js";

function source(data: Buffer, at: number): ByteSource {
  const chunks = [data.subarray(0, at), data.subarray(at)].filter((c) => c.length > 0);
  return { recv: async () => chunks.shift() ?? Buffer.alloc(0) };
}

describe("getbody's lfcr rule", () => {
  it("equals stripLine over the lines read with their terminators (property)", async () => {
    const line = fc
      .array(fc.constantFrom("a", ".", "\r", " "), { maxLength: 5 })
      .chain((c) => fc.constantFrom(`${c.join("")}\r\n`, `${c.join("")}\n`));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.nat(), async (lines, seed) => {
        const wire = Buffer.from(`${lines.join("")}.\r\n`, "latin1");
        const at = seed % (wire.length + 1);
        const kept = await readDotBody(new Reader(source(wire, at)), { keepends: true });
        const cut = await readDotBody(new Reader(source(wire, at)), { lfcr: true });
        expect(cut.lines).toEqual(kept.lines.map(stripLine));
        expect(cut.octets).toBe(kept.octets);
      }),
    );
  });
});
