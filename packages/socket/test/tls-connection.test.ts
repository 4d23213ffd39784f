import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MSG_PEEK } from "../src/constants.js";
import { OSError, TimeoutError } from "../src/errors.js";
import type { socket } from "../src/socket.js";
import {
  create_default_context,
  SSLEOFError,
  SSLError,
  type SSLSession,
  SSLSocket,
  starttls,
  TLSVersion,
} from "../src/tls.js";
import { clientContext, serverContext } from "./fixtures/certs.js";
import { dial, dialTLS, readAll, readExactly, serveOne, tlsHandler } from "./fixtures/loopback.js";

/** Waits until at least n bytes are queued on s, without reading them. */
async function peekAtLeast(s: socket, n: number): Promise<Buffer> {
  for (;;) {
    const b = await s.recv(n, MSG_PEEK);
    if (b.length >= n || b.length === 0) return b;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("STARTTLS", () => {
  it("discards clear text injected before the handshake and reports how much", async () => {
    const injected = "250 INJECTED evil\r\n";
    const srv = await serveOne(async (conn) => {
      expect((await readExactly(conn, 10)).toString()).toBe("STARTTLS\r\n");
      // The go-ahead and the injection in one write: a man in the middle's trick.
      await conn.sendall(Buffer.from(`220 go ahead\r\n${injected}`));
      const s = await serverContext().wrap_socket(conn, { server_side: true });
      await s.sendall(Buffer.from("250 secret\r\n"));
      await s.close();
    });
    try {
      const raw = await dial(srv.port);
      await raw.sendall(Buffer.from("STARTTLS\r\n"));
      const f = raw.makefile("rb");
      expect((await f.readline()).toString()).toBe("220 go ahead\r\n");
      await f.close();
      // The injection sits unread in the receive queue when the upgrade starts.
      expect((await peekAtLeast(raw, injected.length)).toString()).toBe(injected);
      const s = await starttls(raw, clientContext(), "localhost");
      expect(s.discarded).toBe(injected.length);
      expect((await readAll(s)).toString()).toBe("250 secret\r\n");
      await s.close();
      await srv.result;
    } finally {
      await srv.close();
    }
  });

  it("server side: a client hello already received is not lost", async () => {
    const srv = await serveOne(async (conn) => {
      expect((await readExactly(conn, 10)).toString()).toBe("STARTTLS\r\n");
      await conn.sendall(Buffer.from("220 go ahead\r\n"));
      // Let the client's hello arrive in the plain socket's receive queue first.
      expect((await peekAtLeast(conn, 5))[0]).toBe(0x16);
      const s = await serverContext().wrap_socket(conn, { server_side: true });
      expect(s.discarded).toBe(0);
      await s.sendall(Buffer.from("ok"));
      await s.close();
    });
    try {
      const raw = await dial(srv.port);
      await raw.sendall(Buffer.from("STARTTLS\r\n"));
      expect((await readExactly(raw, 14)).toString()).toBe("220 go ahead\r\n");
      const s = await starttls(raw, clientContext(), "localhost");
      expect(s.discarded).toBe(0);
      expect((await readAll(s)).toString()).toBe("ok");
      await s.close();
      await srv.result;
    } finally {
      await srv.close();
    }
  });
});

describe("failing closed", () => {
  it("a server answering the handshake with garbage: SSLError, connection closed", async () => {
    const srv = await serveOne(async (conn) => {
      await conn.sendall(Buffer.from("HTTP/1.0 400 Bad Request\r\n\r\n"));
      // The client must hang up rather than go on in clear.
      return readAll(conn);
    });
    try {
      const raw = await dial(srv.port);
      const err = await clientContext()
        .wrap_socket(raw, { server_hostname: "localhost" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SSLError);
      expect(err).toMatchObject({ reason: "WRONG_VERSION_NUMBER", library: "SSL", errno: 1 });
      expect((err as Error).message).toBe("[SSL: WRONG_VERSION_NUMBER] wrong version number");
      const seen = await srv.result;
      expect(seen[0]).toBe(0x16); // only the client hello went out
      await expect(raw.sendall(Buffer.from("USER me\r\n"))).rejects.toMatchObject({ errno: 9 });
    } finally {
      await srv.close();
    }
  });

  it("a server hanging up mid-handshake: SSLEOFError", async () => {
    const srv = await serveOne(async (conn) => {
      await conn.recv(1);
    });
    try {
      const err = await dialTLS(clientContext(), srv.port, { server_hostname: "localhost" }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SSLEOFError);
      expect((err as SSLEOFError).errno).toBe(8);
      expect((err as Error).message).toBe(
        "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol",
      );
    } finally {
      await srv.close();
    }
  });

  it("a silent server: the socket's timeout bounds the handshake, then the connection is closed", async () => {
    const srv = await serveOne(readAll);
    try {
      const raw = await dial(srv.port);
      raw.settimeout(0.2);
      const err = await clientContext()
        .wrap_socket(raw, { server_hostname: "localhost" })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as Error).message).toBe("The handshake operation timed out");
      expect((await srv.result)[0]).toBe(0x16);
    } finally {
      await srv.close();
    }
  });
});

describe("sessions", () => {
  for (const version of [TLSVersion.TLSv1_2, TLSVersion.TLSv1_3]) {
    it(`a second connection resumes the first one's session (${version === TLSVersion.TLSv1_2 ? "TLS 1.2" : "TLS 1.3"})`, async () => {
      const server = serverContext();
      const client = clientContext();
      client.maximum_version = version;
      let session: SSLSession | null = null;
      for (const round of [1, 2]) {
        const srv = await serveOne(
          tlsHandler(server, async (s) => {
            await s.sendall(Buffer.from("hi"));
            return s.session_reused;
          }),
        );
        try {
          const s = await dialTLS(client, srv.port, { server_hostname: "localhost", session });
          expect((await readAll(s)).toString()).toBe("hi");
          expect(s.session_reused).toBe(round === 2);
          expect(await srv.result).toBe(round === 2);
          session = s.session;
          expect(session).not.toBeNull();
          await s.close();
        } finally {
          await srv.close();
        }
      }
    });
  }
});

describe("SSLSocket", () => {
  it("unwrap() says Node cannot return to clear text, and the connection stays encrypted", async () => {
    const srv = await serveOne(
      tlsHandler(serverContext(), async (s) => {
        const line = await readExactly(s, 5);
        await s.sendall(line);
      }),
    );
    try {
      const s = await dialTLS(clientContext(), srv.port, { server_hostname: "localhost" });
      const err = await s.unwrap().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SSLError);
      expect((err as Error).message).toMatch(
        /^unwrap\(\) is not supported: Node\.js cannot return a TLS connection/,
      );
      await s.sendall(Buffer.from("still"));
      expect((await readAll(s)).toString()).toBe("still");
      await s.close();
    } finally {
      await srv.close();
    }
  });

  it("works over IPv6 ::1, verifying the IP address", async () => {
    const srv = await serveOne(
      tlsHandler(serverContext(), async (s) => {
        await s.sendall(Buffer.from("v6"));
        return s._tls.servername;
      }),
      "::1",
    );
    try {
      const s = await dialTLS(clientContext(), srv.port, { server_hostname: "::1" }, "::1");
      expect((await readAll(s)).toString()).toBe("v6");
      expect(s.getpeername()).toEqual(["::1", srv.port, 0, 0]);
      await s.close();
      expect(await srv.result).toBeFalsy();
    } finally {
      await srv.close();
    }
  });

  it("do_handshake_on_connect=false: reads and writes wait for the handshake", async () => {
    const srv = await serveOne(tlsHandler(serverContext(), async (s) => s.sendall(await readExactly(s, 4))));
    try {
      const raw = await dial(srv.port);
      const s = await clientContext().wrap_socket(raw, {
        server_hostname: "localhost",
        do_handshake_on_connect: false,
      });
      expect(s.version()).toBeNull();
      await s.sendall(Buffer.from("ping"));
      expect((await readAll(s)).toString()).toBe("ping");
      await s.do_handshake();
      expect(s.version()).toBe("TLSv1.3");
      await s.close();
    } finally {
      await srv.close();
    }
  });

  it("writes TLS secrets to keylog_filename", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inetlib-keylog-"));
    const file = path.join(dir, "keys.log");
    const client = clientContext();
    client.keylog_filename = file;
    const srv = await serveOne(tlsHandler(serverContext(), (s) => s.sendall(Buffer.from("k"))));
    try {
      const s = await dialTLS(client, srv.port, { server_hostname: "localhost" });
      expect((await readAll(s)).toString()).toBe("k");
      await s.close();
      const log = fs.readFileSync(file, "latin1");
      expect(log).toMatch(/^# TLS secrets log file/);
      expect(log).toMatch(/^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$/m);
    } finally {
      await srv.close();
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("reads lines through makefile() and refuses socket calls Python refuses", async () => {
    const srv = await serveOne(tlsHandler(serverContext(), (s) => s.sendall(Buffer.from("one\r\ntwo\r\n"))));
    try {
      const s = await dialTLS(clientContext(), srv.port, { server_hostname: "localhost" });
      expect(s).toBeInstanceOf(SSLSocket);
      const f = s.makefile("rb");
      expect((await f.readline()).toString()).toBe("one\r\n");
      expect((await f.readline()).toString()).toBe("two\r\n");
      await f.close();
      await expect(s.recv(10, MSG_PEEK)).rejects.toThrow(
        "non-zero flags not allowed in calls to recv() on SSLSocket",
      );
      await expect(s.recvfrom(10)).rejects.toThrow("recvfrom not allowed on instances of SSLSocket");
      expect(() => s.dup()).toThrow("Can't dup() SSLSocket instances");
      await s.close();
    } finally {
      await srv.close();
    }
  });

  it("a peer's verification failure reaches the server as an OSError, not a hang", async () => {
    const srv = await serveOne(tlsHandler(serverContext(), async (s) => s.version()));
    try {
      const raw = await dial(srv.port);
      await expect(
        create_default_context().wrap_socket(raw, { server_hostname: "localhost" }),
      ).rejects.toThrow(SSLError);
      await expect(srv.result).rejects.toBeInstanceOf(OSError);
    } finally {
      await srv.close();
    }
  });
});

describe("the Node TLS socket after wrap_socket", () => {
  it("still reports the peer certificate (the handshake snapshot must not consume it)", async () => {
    const srv = await serveOne(tlsHandler(serverContext(), async (s) => s.sendall(Buffer.from("hi"))));
    try {
      const s = await dialTLS(clientContext(), srv.port, { server_hostname: "localhost" });
      expect(s._tls.getPeerCertificate().subject).toBeDefined();
      expect(s._tls.getPeerX509Certificate()).toBeDefined();
      expect(s.getpeercert()).not.toEqual({});
      expect((await readAll(s)).toString()).toBe("hi");
      await s.close();
      await srv.result;
    } finally {
      await srv.close();
    }
  });
});
