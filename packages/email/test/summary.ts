// The TypeScript side of golden/summary.py: the same summary of a parsed message, made with
// @inetlib/email, so that a test can compare it with Python's field by field.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { BytesParser, type EmailMessage, type Message, policy } from "../src/index.js";

const b64 = (b: Buffer | null | undefined): string | null => (b == null ? null : b.toString("base64"));

function partCompat32(p: Message) {
  const payload = p.get_payload();
  return {
    type: p.get_content_type(),
    default_type: p.get_default_type(),
    multipart: p.is_multipart(),
    unixfrom: p.get_unixfrom(),
    headers: p.items().map(([k, v]) => [k, String(v)]),
    preamble: p.preamble,
    epilogue: p.epilogue,
    defects: p.defects.map((d) => d.name),
    payload: typeof payload === "string" ? payload : null,
    decoded: b64(p.get_payload(null, true)),
    filename: p.get_filename(),
    charset: p.get_content_charset(),
    disposition: p.get_content_disposition(),
    boundary: p.get_boundary(),
  };
}

function content(p: EmailMessage) {
  let c: unknown;
  try {
    c = p.get_content();
  } catch (e) {
    return { error: (e as Error).name };
  }
  if (typeof c === "string") return { text: c };
  if (Buffer.isBuffer(c)) return { bytes: b64(c) };
  return { message: (c as Message).get_content_type() };
}

function partDefault(p: EmailMessage) {
  return {
    type: p.get_content_type(),
    headers: p.items().map(([k, v]) => [k, String(v)]),
    content: p.is_multipart() ? null : content(p),
    attachment: p.is_attachment(),
  };
}

/** summarize is golden/summary.py's summarize() in TypeScript. */
export function summarize(path: string) {
  const data = readFileSync(path);
  const m32 = new BytesParser({ policy: policy.compat32 }).parsebytes(data);
  const md = new BytesParser({ policy: policy.default }).parsebytes(data) as EmailMessage;
  const body = md.get_body();
  return {
    file: basename(path),
    compat32: [...m32.walk()].map(partCompat32),
    default: [...md.walk()].map((p) => partDefault(p as EmailMessage)),
    body: body === null ? null : body.get_content_type(),
    attachments: [...md.iter_attachments()].map((a) => [a.get_content_type(), a.get_filename()]),
  };
}
