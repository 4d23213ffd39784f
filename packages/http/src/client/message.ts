// HTTPMessage: the response headers, as Python's http.client.HTTPMessage (an
// email.message.Message): every field in wire order and case, looked up without regard to case.

/** A header field as a [name, value] pair, in wire order and case. */
export type HeaderItem = [name: string, value: string];

/**
 * HTTPMessage holds header fields in the order and case they arrived. Lookups ignore case.
 * Python's `msg[name]` is get(name), `name in msg` is has(name), `len(msg)` is length,
 * `msg[name] = v` is set(name, v) (which appends, as Python's does), `del msg[name]` is
 * delete(name).
 */
export class HTTPMessage implements Iterable<string> {
  #fields: HeaderItem[] = [];
  /** The body, for messages that have one (Python's get_payload()); empty for HTTP heads. */
  payload = "";

  constructor(fields: Iterable<readonly [string, string]> = []) {
    for (const [name, value] of fields) this.#fields.push([name, value]);
  }

  /** @internal A message over fields nobody else holds (a response head just parsed), not copied. */
  static _adopt(fields: HeaderItem[]): HTTPMessage {
    const m = new HTTPMessage();
    m.#fields = fields;
    return m;
  }

  /** get(name, failobj): the first field's value, or failobj (null) when absent. */
  get(name: string): string | null;
  get<T>(name: string, failobj: T): string | T;
  get<T>(name: string, failobj: T | null = null): string | T | null {
    const lower = name.toLowerCase();
    for (const [k, v] of this.#fields) if (k.toLowerCase() === lower) return v;
    return failobj;
  }

  /** get_all(name, failobj): every value of the field in order, or failobj (null) when absent. */
  get_all(name: string): string[] | null;
  get_all<T>(name: string, failobj: T): string[] | T;
  get_all<T>(name: string, failobj: T | null = null): string[] | T | null {
    const lower = name.toLowerCase();
    const out = this.#fields.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
    return out.length > 0 ? out : failobj;
  }

  /** has(name): Python's `name in msg`. */
  has(name: string): boolean {
    return this.get(name) !== null;
  }

  /** items(): [name, value] pairs in wire order and case. */
  items(): HeaderItem[] {
    return this.#fields.map(([k, v]) => [k, v]);
  }

  /** keys(): the field names in order (repeated names repeat). */
  keys(): string[] {
    return this.#fields.map(([k]) => k);
  }

  /** values(): the field values in order. */
  values(): string[] {
    return this.#fields.map(([, v]) => v);
  }

  /** length: the number of fields (Python's len(msg)). */
  get length(): number {
    return this.#fields.length;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  /** set(name, value): appends a field, as Python's `msg[name] = value` does (it never replaces). */
  set(name: string, value: string): void {
    this.#fields.push([name, value]);
  }

  /** add_header(name, value): appends a field. */
  add_header(name: string, value: string): void {
    this.#fields.push([name, value]);
  }

  /** delete(name): removes every field of that name (Python's `del msg[name]`). */
  delete(name: string): void {
    const lower = name.toLowerCase();
    this.#fields = this.#fields.filter(([k]) => k.toLowerCase() !== lower);
  }

  /** replace_header(name, value): replaces the first field of that name; KeyError-like Error when absent. */
  replace_header(name: string, value: string): void {
    const lower = name.toLowerCase();
    const field = this.#fields.find(([k]) => k.toLowerCase() === lower);
    if (!field) throw new Error(`KeyError: ${JSON.stringify(name)}`);
    field[1] = value;
  }

  /** get_content_type(): "maintype/subtype" in lower case; "text/plain" when absent or malformed. */
  get_content_type(): string {
    const value = this.get("content-type");
    if (value === null) return "text/plain";
    const ctype = splitParams(value)[0]!.toLowerCase();
    return ctype.split("/").length === 2 ? ctype : "text/plain";
  }

  /** get_content_maintype(): the part before the slash of get_content_type(). */
  get_content_maintype(): string {
    return this.get_content_type().split("/")[0]!;
  }

  /** get_content_subtype(): the part after the slash of get_content_type(). */
  get_content_subtype(): string {
    return this.get_content_type().split("/")[1]!;
  }

  /** get_params(failobj, header): the header's value and parameters as [name, value] pairs, or failobj. */
  get_params<T = null>(
    failobj: T | null = null,
    header = "content-type",
  ): Array<[string, string]> | T | null {
    const value = this.get(header);
    if (value === null) return failobj;
    return splitParams(value).map((part, i) => {
      if (i === 0) return [part, ""];
      const eq = part.indexOf("=");
      if (eq < 0) return [part.trim().toLowerCase(), ""];
      return [part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim())];
    });
  }

  /** get_param(param, failobj, header): one parameter of the header (content-type by default), or failobj. */
  get_param<T = null>(param: string, failobj: T | null = null, header = "content-type"): string | T | null {
    const params = this.get_params(null, header);
    if (params === null) return failobj;
    const lower = param.toLowerCase();
    for (const [k, v] of params.slice(1)) if (k === lower) return v;
    return failobj;
  }

  /** get_content_charset(failobj): the charset parameter in lower case, or failobj. */
  get_content_charset<T = null>(failobj: T | null = null): string | T | null {
    const charset = this.get_param("charset");
    return charset === null ? failobj : charset.toLowerCase();
  }

  /** get_filename(failobj): the filename parameter of Content-Disposition, or failobj. */
  get_filename<T = null>(failobj: T | null = null): string | T | null {
    return this.get_param("filename", failobj, "content-disposition");
  }

  /** getallmatchingheaders(name): the "Name: value" lines of the field, as Python's (kept for parity). */
  getallmatchingheaders(name: string): string[] {
    const lower = name.toLowerCase();
    return this.#fields.filter(([k]) => k.toLowerCase() === lower).map(([k, v]) => `${k}: ${v}`);
  }

  /** as_string(): the fields as "Name: value" lines and a blank line, as Python's str(msg). */
  as_string(): string {
    return `${this.#fields.map(([k, v]) => `${k}: ${v}\n`).join("")}\n${this.payload}`;
  }

  toString(): string {
    return this.as_string();
  }
}

// Splits "a/b; x=1; y="p;q"" at the semicolons that are outside quotes.
function splitParams(value: string): string[] {
  const out: string[] = [];
  let part = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && quoted && i + 1 < value.length) {
      part += c + value[++i];
    } else if (c === '"') {
      quoted = !quoted;
      part += c;
    } else if (c === ";" && !quoted) {
      out.push(part.trim());
      part = "";
    } else part += c;
  }
  out.push(part.trim());
  return out.filter((p, i) => i === 0 || p !== "");
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    return value.slice(1, -1).replace(/\\(.)/g, "$1");
  return value;
}
