// mimetypes.guess_type, as urllib.request's FileHandler and FTPHandler call it.
import { encodings_map, suffix_map, types_map } from "./mimetypes-table.js";
import { _splittype } from "./parse.js";

/** posixpath.splitext: [root, ext], ext starting at the last dot of the last segment (not a leading one). */
function splitext(p: string): [string, string] {
  const dot = p.lastIndexOf(".");
  const slash = p.lastIndexOf("/");
  if (dot <= slash) return [p, ""];
  // Dots leading the file name do not start an extension (".profile").
  for (let i = slash + 1; i < dot; i++) if (p[i] !== ".") return [p.slice(0, dot), p.slice(dot)];
  return [p, ""];
}

const has = (table: Readonly<Record<string, string>>, key: string): boolean => Object.hasOwn(table, key);

/**
 * guess_type(url) -> [type, encoding]: the MIME type from a URL's or path's extension (null
 * when unknown) and the compression (".gz" is "gzip"), as Python's with its built-in table.
 */
export function guess_type(url: string): [string | null, string | null] {
  const [scheme, rest] = _splittype(url);
  if (scheme === "data") {
    const comma = rest.indexOf(",");
    if (comma < 0) return [null, null];
    const semi = rest.slice(0, comma).indexOf(";");
    let type = semi >= 0 ? rest.slice(0, semi) : rest.slice(0, comma);
    if (type.includes("=") || !type.includes("/")) type = "text/plain";
    return [type, null];
  }
  let [base, ext] = splitext(rest);
  while (has(suffix_map, ext.toLowerCase())) [base, ext] = splitext(base + suffix_map[ext.toLowerCase()]);
  let encoding: string | null = null;
  if (has(encodings_map, ext)) {
    encoding = encodings_map[ext]!;
    [base, ext] = splitext(base);
  }
  ext = ext.toLowerCase();
  return [has(types_map, ext) ? types_map[ext]! : null, encoding];
}
