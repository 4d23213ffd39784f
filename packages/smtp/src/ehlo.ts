// Parsing an EHLO reply into smtplib's esmtp_features: pure functions, tested without a socket.

/**
 * ESMTPFeatures maps each extension the server offers, lower-cased, to its parameters:
 * { size: "35882577", auth: " PLAIN LOGIN", pipelining: "" }. It has no prototype, so
 * `"constructor" in features` is false as it should be.
 */
export type ESMTPFeatures = Record<string, string>;

const OLDSTYLE_AUTH = /^auth=(.*)$/is;
const FEATURE = /^[A-Za-z0-9][A-Za-z0-9-]*/;

/**
 * parseEhlo returns the features of an EHLO reply message (the lines after the greeting line,
 * as smtplib.ehlo() parses them):
 *
 *	b"mail.example.com\nSIZE 1000\nAUTH PLAIN LOGIN\nAUTH=CRAM-MD5"
 *	  ->  { size: "1000", auth: " PLAIN LOGIN CRAM-MD5" }
 *
 * The message is decoded as Latin-1; "AUTH" lines, old style (AUTH=) included, are
 * concatenated with a space before each; for any other keyword the last line wins.
 */
export function parseEhlo(message: Uint8Array): ESMTPFeatures {
  const features = Object.create(null) as ESMTPFeatures;
  const lines = Buffer.from(message).toString("latin1").split("\n");
  for (const each of lines.slice(1)) {
    const old = OLDSTYLE_AUTH.exec(each);
    if (old) {
      features.auth = `${features.auth ?? ""} ${old[1]}`;
      continue;
    }
    const m = FEATURE.exec(each);
    if (!m) continue;
    const feature = m[0].toLowerCase();
    const params = pystrip(each.slice(m[0].length));
    features[feature] = feature === "auth" ? `${features.auth ?? ""} ${params}` : params;
  }
  return features;
}

// Python's str.isspace() over Latin-1: what str.strip() removes.
const PY_SPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0";

/** pystrip is Python's str.strip() with no argument, for Latin-1 text. */
export function pystrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_SPACE.includes(text[start]!)) start++;
  while (end > start && PY_SPACE.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}
