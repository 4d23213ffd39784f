// expect()'s patterns. Python matches bytes regular expressions against bytes; here a RegExp
// runs over the bytes read as latin1 (one character per byte), so the offsets it reports are
// byte offsets and `.` matches any byte.

/** A pattern for expect(): a RegExp, or its source as a string or as bytes (Python's `b'...'`). */
export type Pattern = RegExp | string | Uint8Array;

/** compilePattern: a RegExp that keeps no state between searches (g and y flags dropped). */
export function compilePattern(pattern: Pattern): RegExp {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
  if (typeof pattern === "string") return new RegExp(pattern);
  if (pattern instanceof Uint8Array) return new RegExp(Buffer.from(pattern).toString("latin1"));
  throw new TypeError("expect() patterns must be RegExp, string or bytes");
}

/** searchBytes: the first match of `re` in `data`, with byte offsets. */
export function searchBytes(re: RegExp, data: Buffer): RegExpExecArray | null {
  return re.exec(data.toString("latin1"));
}
