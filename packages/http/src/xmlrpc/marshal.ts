// Marshaller and dumps(): values to XML-RPC, with Python's exact text.
import { OverflowError } from "@inetlib/socket";
import {
  _iso8601,
  Binary,
  DateTime,
  encodebytes,
  Fault,
  MAXINT,
  MININT,
  type XMLRPCValue,
  escape as xmlEscape,
} from "./types.js";

/** Python's repr(float): the shortest text that reads back, with Python's exponent form. */
export function reprFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Object.is(v, -0)) return "-0.0";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v.toFixed(0)}.0`;
  let text = String(v);
  const abs = Math.abs(v);
  if (abs >= 1e16 || (abs !== 0 && abs < 1e-4)) {
    text = v.toExponential();
    const [mant = "", exp = ""] = text.split("e");
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[+-]/, "").padStart(2, "0");
    text = `${mant}e${sign}${digits}`;
  }
  return text;
}

/**
 * Marshaller(encoding, allow_none): turns values into an XML-RPC <params> (or <fault>) chunk.
 * dumps(values) takes an array of parameters or a Fault.
 */
export class Marshaller {
  readonly encoding: string | null;
  readonly allow_none: boolean;
  #memo = new Set<object>();
  #out: string[] = [];

  constructor(encoding: string | null = null, allow_none = false) {
    this.encoding = encoding;
    this.allow_none = allow_none;
  }

  /** write(text): what DateTime.encode and Binary.encode write to. */
  write(text: string): void {
    this.#out.push(text);
  }

  dumps(values: readonly XMLRPCValue[] | Fault): string {
    this.#out = [];
    if (values instanceof Fault) {
      this.write("<fault>\n");
      this.#dump({ faultCode: values.faultCode, faultString: values.faultString });
      this.write("</fault>\n");
    } else {
      this.write("<params>\n");
      for (const v of values) {
        this.write("<param>\n");
        this.#dump(v);
        this.write("</param>\n");
      }
      this.write("</params>\n");
    }
    return this.#out.join("");
  }

  #dump(value: unknown): void {
    if (value === null || value === undefined) {
      if (!this.allow_none) throw new TypeError("cannot marshal None unless allow_none is enabled");
      this.write("<value><nil/></value>");
    } else if (typeof value === "boolean")
      this.write(`<value><boolean>${value ? "1" : "0"}</boolean></value>\n`);
    else if (typeof value === "bigint") this.#int(value);
    else if (typeof value === "number") {
      if (Number.isSafeInteger(value)) this.#int(BigInt(value));
      else this.write(`<value><double>${reprFloat(value)}</double></value>\n`);
    } else if (typeof value === "string") this.write(`<value><string>${xmlEscape(value)}</string></value>\n`);
    else if (value instanceof Uint8Array)
      this.write(`<value><base64>\n${encodebytes(value)}</base64></value>\n`);
    else if (value instanceof DateTime || value instanceof Binary) value.encode(this);
    else if (value instanceof Date)
      this.write(`<value><dateTime.iso8601>${_iso8601(value)}</dateTime.iso8601></value>\n`);
    else if (Array.isArray(value)) this.#array(value);
    else if (value instanceof Map) this.#struct([...value.entries()], value);
    else if (typeof value === "object") this.#struct(Object.entries(value), value);
    else throw new TypeError(`cannot marshal <class '${typeof value}'> objects`);
  }

  #int(v: bigint): void {
    if (v > BigInt(MAXINT) || v < BigInt(MININT)) throw new OverflowError("int exceeds XML-RPC limits");
    this.write(`<value><int>${v}</int></value>\n`);
  }

  #array(value: readonly unknown[]): void {
    if (this.#memo.has(value)) throw new TypeError("cannot marshal recursive sequences");
    this.#memo.add(value);
    this.write("<value><array><data>\n");
    for (const v of value) this.#dump(v);
    this.write("</data></array></value>\n");
    this.#memo.delete(value);
  }

  #struct(entries: Array<[unknown, unknown]>, identity: object): void {
    if (this.#memo.has(identity)) throw new TypeError("cannot marshal recursive dictionaries");
    this.#memo.add(identity);
    this.write("<value><struct>\n");
    for (const [k, v] of entries) {
      this.write("<member>\n");
      if (typeof k !== "string") throw new TypeError("dictionary key must be string");
      this.write(`<name>${xmlEscape(k)}</name>\n`);
      this.#dump(v);
      this.write("</member>\n");
    }
    this.write("</struct></value>\n");
    this.#memo.delete(identity);
  }
}

/** Keyword arguments of dumps(). */
export interface DumpsOptions {
  methodname?: string | null;
  methodresponse?: boolean | null;
  encoding?: string | null;
  allow_none?: boolean;
}

/**
 * dumps(params, {methodname, methodresponse, encoding, allow_none}): a methodCall (with
 * methodname), a methodResponse (with methodresponse, or for a Fault), or the bare params.
 */
export function dumps(params: readonly XMLRPCValue[] | Fault, options: DumpsOptions = {}): string {
  let methodresponse = options.methodresponse ?? null;
  if (!(params instanceof Fault) && !Array.isArray(params))
    throw new TypeError("argument must be tuple or Fault instance");
  if (params instanceof Fault) methodresponse = true;
  else if (methodresponse && params.length !== 1) throw new TypeError("response tuple must be a singleton");
  const encoding = options.encoding || "utf-8";
  const data = new Marshaller(encoding, options.allow_none ?? false).dumps(params);
  const xmlheader =
    encoding !== "utf-8" ? `<?xml version='1.0' encoding='${encoding}'?>\n` : "<?xml version='1.0'?>\n";
  if (options.methodname)
    return `${xmlheader}<methodCall>\n<methodName>${options.methodname}</methodName>\n${data}</methodCall>\n`;
  if (methodresponse) return `${xmlheader}<methodResponse>\n${data}</methodResponse>\n`;
  return data;
}
