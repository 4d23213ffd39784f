// The careful way in: STLS with the certificate verified (or POP3S), the capabilities, a SASL
// login that keeps the password off the wire in clear, and the messages' unique ids (UIDL),
// which is how a client remembers what it already downloaded.
//
//   tsx examples/pop3/secure-login.ts [pop3://user:password@host | pop3s://user:password@host]
import { POP3, POP3_SSL } from "@inetlib/pop3";
import { type POP3Example, runIfMain } from "./mailbox.js";

export const secureLogin: POP3Example<string[]> = async (t, log) => {
  await using pop = t.ssl
    ? await POP3_SSL.open(t.host, t.port, { context: t.context, timeout: 30 })
    : await POP3.open(t.host, t.port, { timeout: 30 });
  if (!t.ssl) {
    log(`STLS: ${(await pop.stls(t.context)).toString()}`);
  }
  const caps = await pop.capa();
  log(`capabilities: ${Object.keys(caps).join(" ")}`);
  const mechanisms = caps.SASL ?? [];
  let resp: Buffer;
  if (mechanisms.includes("PLAIN")) resp = await pop.auth_plain(t.user, t.password);
  else {
    await pop.user(t.user);
    resp = await pop.pass_(t.password);
  }
  log(`logged in: ${resp.toString()}`);
  const [, uidls] = await pop.uidl();
  const ids = uidls.map((l) => l.toString());
  for (const id of ids) log(`  ${id}`);
  await pop.quit();
  return ids;
};

await runIfMain(import.meta.url, secureLogin);
