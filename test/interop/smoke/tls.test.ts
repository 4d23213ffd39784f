import net from "node:net";
import tls from "node:tls";
import { describe, expect, it } from "vitest";
import { caCert, host, host6, ports } from "../env.js";
import { LineConn, tlsOptions } from "../helpers.js";

/** Every implicit-TLS port; STARTTLS ports are covered in each protocol's test file. */
const implicit = [
  ["imaps", ports.imaps],
  ["pop3s", ports.pop3s],
  ["smtps", ports.smtps],
  ["nntps", ports.nntps],
  ["ftps (vsftpd)", ports.ftpsVsftpd],
  ["https", ports.https],
] as const;

function handshake(port: number, options: tls.ConnectionOptions, h = host): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: h, port, ...options });
    s.once("secureConnect", () => resolve(s));
    s.once("error", (e) => {
      s.destroy();
      reject(e);
    });
  });
}

describe("project certificate", () => {
  it.each(implicit)("%s verifies against the project CA", async (_name, port) => {
    const s = await handshake(port, tlsOptions());
    try {
      expect(s.authorized).toBe(true);
      const cert = s.getPeerCertificate();
      expect(cert.subjectaltname).toContain("DNS:localhost");
      expect(cert.subjectaltname).toContain("IP Address:127.0.0.1");
    } finally {
      s.destroy();
    }
  });

  it("is rejected without the project CA (verification is really on)", async () => {
    await expect(
      handshake(ports.imaps, { servername: "localhost", rejectUnauthorized: true }),
    ).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it("is rejected for a name it was not issued for", async () => {
    await expect(
      handshake(ports.https, { ca: caCert(), servername: "wrong.example", rejectUnauthorized: true }),
    ).rejects.toThrow(/altnames|does not match/i);
  });

  it("verifies by IP address too (127.0.0.1 and ::1)", async () => {
    const v4 = await handshake(
      ports.imaps,
      { ca: caCert(), checkServerIdentity: tls.checkServerIdentity },
      host,
    );
    expect(tls.checkServerIdentity(host, v4.getPeerCertificate())).toBeUndefined();
    v4.destroy();
    const v6 = await handshake(ports.imaps, { ca: caCert() }, host6);
    expect(v6.authorized).toBe(true);
    expect(tls.checkServerIdentity(host6, v6.getPeerCertificate())).toBeUndefined();
    v6.destroy();
  });

  it("LineConn dials implicit TLS over IPv6", async () => {
    const c = await LineConn.dial(ports.pop3s, { host: host6, tls: true });
    try {
      expect(c.tlsSocket.authorized).toBe(true);
      expect(await c.readLine()).toMatch(/^\+OK/);
    } finally {
      c.close();
    }
  });

  it("plain ports answer on IPv6 where documented", async () => {
    for (const port of [ports.imap, ports.pop3, ports.smtp, ports.nntp, ports.http]) {
      await new Promise<void>((resolve, reject) => {
        const s = net.connect({ host: host6, port }, () => {
          s.destroy();
          resolve();
        });
        s.once("error", reject);
      });
    }
  });
});
