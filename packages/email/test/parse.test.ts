// Every message in CPython's test_email data and in the project's seeded mailboxes parses to
// what Python finds: the part tree, headers, raw and decoded payloads, defects, and
// policy.default's header text, get_body, iter_attachments and get_content.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoMaildrop, demoMailstore } from "@inetlib/testing";
import { describe, expect, it } from "vitest";
import { cpythonTestData, python } from "./python.js";
import { summarize } from "./summary.js";

const data = cpythonTestData();
const cpython = readdirSync(data)
  .filter((f) => /^msg_.*\.txt$/.test(f))
  .map((f) => join(data, f));

const seeds = mkdtempSync(join(tmpdir(), "inetlib-email-"));
for (const [i, m] of demoMaildrop({ bulk: 3 }).messages("alice").entries())
  writeFileSync(join(seeds, `pop3-alice-${i + 1}.eml`), m.data);
for (const box of demoMailstore().mailboxes("alice"))
  for (const [i, m] of box.messages.entries())
    writeFileSync(join(seeds, `imap-${box.name.replace(/\W/g, "_")}-${i + 1}.eml`), m.data);

// Python writes test/daemons/seed.py's messages into the same directory, then summarizes all.
const py = JSON.parse(python(["golden/summary.py", "--seed", seeds, ...cpython]));
const seeded = readdirSync(seeds).map((f) => join(seeds, f));
const pySeeded = JSON.parse(python(["golden/summary.py", ...seeded]));

describe("parsing matches Python's email package", () => {
  it("finds CPython's test messages and the seeded mailboxes", () => {
    expect(cpython.length).toBeGreaterThanOrEqual(45);
    expect(seeded.filter((f) => f.includes("seed-alice")).length).toBeGreaterThanOrEqual(5);
    expect(seeded.filter((f) => f.includes("imap-")).length).toBeGreaterThanOrEqual(4);
  });

  it.each(cpython.map((f, i) => [f.split("/").pop()!, i] as const))("CPython %s", (_name, i) => {
    expect(JSON.parse(JSON.stringify(summarize(cpython[i]!)))).toEqual(py[i]);
  });

  it.each(seeded.map((f, i) => [f.split("/").pop()!, i] as const))("seeded %s", (_name, i) => {
    expect(JSON.parse(JSON.stringify(summarize(seeded[i]!)))).toEqual(pySeeded[i]);
  });
});
