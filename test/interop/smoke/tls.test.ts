import { X509Certificate } from "node:crypto";
import tls from "node:tls";
import {
  AF_INET6,
  create_connection,
  create_default_context,
  SSLCertVerificationError,
  type SSLContext,
  type SSLSocket,
} from "@inetlib/socket";
import { describe, expect, it } from "vitest";
import { host, host6, ports, tlsServername } from "../env.js";
import { DEFAULT_TIMEOUT, LineConn, tlsContext } from "../helpers.js";

/** Every implicit-TLS port; STARTTLS ports are covered in each protocol's test file. */
const implicit = [
  ["imaps", ports.imaps],
  ["pop3s", ports.pop3s],
  ["smtps", ports.smtps],
  ["nntps", ports.nntps],
  ["ftps (vsftpd)", ports.ftpsVsftpd],
  ["https", ports.https],
] as const;

/** create_connection + wrap_socket; the plain socket is closed if the handshake fails. */
async function handshake(
  port: number,
  context: SSLContext,
  server_hostname: string,
  h: string = host,
): Promise<SSLSocket> {
  const sock = await create_connection([h, port], DEFAULT_TIMEOUT);
  try {
    return await context.wrap_socket(sock, { server_hostname });
  } catch (e) {
    await sock.close();
    throw e;
  }
}

/** The peer's certificate from getpeercert(true) (its DER bytes), for node:tls's own checks. */
function peerX509(s: SSLSocket): X509Certificate {
  const der = s.getpeercert(true);
  if (!der) throw new Error("no peer certificate");
  return new X509Certificate(der);
}

describe("project certificate", () => {
  it.each(implicit)("%s verifies against the project CA", async (_name, port) => {
    const s = await handshake(port, tlsContext(), tlsServername);
    try {
      expect(s._tls.authorized).toBe(true);
      expect(["TLSv1.2", "TLSv1.3"]).toContain(s.version());
      const cert = s.getpeercert();
      expect(cert?.subjectAltName).toContainEqual(["DNS", "localhost"]);
      expect(cert?.subjectAltName).toContainEqual(["IP Address", "127.0.0.1"]);
      const x509 = peerX509(s);
      expect(x509.subjectAltName).toContain("DNS:localhost");
      expect(x509.subjectAltName).toContain("IP Address:127.0.0.1");
    } finally {
      await s.close();
    }
  });

  it("is rejected without the project CA (verification is really on)", async () => {
    const noProjectCA = create_default_context();
    const attempt = handshake(ports.imaps, noProjectCA, "localhost");
    await expect(attempt).rejects.toThrow(SSLCertVerificationError);
    await expect(attempt).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it("is rejected for a name it was not issued for", async () => {
    const attempt = handshake(ports.https, tlsContext(), "wrong.example");
    await expect(attempt).rejects.toThrow(SSLCertVerificationError);
    await expect(attempt).rejects.toThrow(/Hostname mismatch, certificate is not valid for 'wrong.example'/);
    // Node's own verdict underneath.
    await expect(attempt.catch((e: Error) => Promise.reject(e.cause))).rejects.toThrow(
      /altnames|does not match/i,
    );
  });

  it("verifies by IP address too (127.0.0.1 and ::1)", async () => {
    const v4 = await handshake(ports.imaps, tlsContext(), host, host);
    expect(v4._tls.authorized).toBe(true);
    expect(v4.server_hostname).toBe(host);
    expect(tls.checkServerIdentity(host, peerX509(v4).toLegacyObject())).toBeUndefined();
    await v4.close();
    const v6 = await handshake(ports.imaps, tlsContext(), host6, host6);
    expect(v6.family).toBe(AF_INET6);
    expect(v6._tls.authorized).toBe(true);
    expect(tls.checkServerIdentity(host6, peerX509(v6).toLegacyObject())).toBeUndefined();
    await v6.close();
  });

  it("LineConn dials implicit TLS over IPv6", async () => {
    const c = await LineConn.dial(ports.pop3s, { host: host6, tls: true });
    try {
      expect(c.ssl.family).toBe(AF_INET6);
      expect(c.ssl._tls.authorized).toBe(true);
      expect(await c.readLine()).toMatch(/^\+OK/);
    } finally {
      await c.close();
    }
  });

  it("plain ports answer on IPv6 where documented", async () => {
    for (const port of [ports.imap, ports.pop3, ports.smtp, ports.nntp, ports.http]) {
      const s = await create_connection([host6, port], DEFAULT_TIMEOUT);
      try {
        expect(s.family).toBe(AF_INET6);
        expect(s.getpeername()).toEqual([host6, port, 0, 0]);
      } finally {
        await s.close();
      }
    }
  });
});
