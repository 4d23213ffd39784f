import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileNotFoundError, OSError, ValueError } from "../src/errors.js";
import { socket } from "../src/socket.js";
import {
  _create_stdlib_context,
  CERT_NONE,
  CERT_REQUIRED,
  CertificateError,
  create_default_context,
  DER_cert_to_PEM_cert,
  PEM_cert_to_DER_cert,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  SSLCertVerificationError,
  SSLContext,
  SSLError,
  SSLSocket,
  TLSVersion,
} from "../src/tls.js";
import {
  CA_CERT,
  clientContext,
  SELFSIGNED_CERT,
  SELFSIGNED_KEY,
  SERVER_CERT,
  SERVER_KEYCERT,
  serverContext,
} from "./fixtures/certs.js";
import { dial, dialTLS, readAll, serveOne, tlsHandler } from "./fixtures/loopback.js";

const SERVER_DICT = {
  subject: [[["organizationName", "inetlib tests"]], [["commonName", "localhost"]]],
  issuer: [[["organizationName", "inetlib tests"]], [["commonName", "inetlib test CA"]]],
  version: 3,
  serialNumber: "1001",
  notBefore: expect.stringMatching(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT$/),
  notAfter: expect.stringMatching(/ 21\d\d GMT$/),
  subjectAltName: [
    ["DNS", "localhost"],
    ["IP Address", "127.0.0.1"],
    ["IP Address", "0:0:0:0:0:0:0:1"],
  ],
};

/** Runs a client handshake against a server using `server`; returns the client's error and the server's outcome. */
async function failedHandshake(client: SSLContext, hostname: string | null, server = serverContext()) {
  const srv = await serveOne(tlsHandler(server, async (s) => s.version()));
  try {
    const raw = await dial(srv.port);
    const err = await client.wrap_socket(raw, { server_hostname: hostname }).then(
      () => null,
      (e: unknown) => e,
    );
    const served = await srv.result.then(
      () => null,
      (e: unknown) => e,
    );
    return { err, served, raw };
  } finally {
    await srv.close();
  }
}

describe("verification", () => {
  it("succeeds with the CA loaded, and shows the peer as Python does", async () => {
    const srv = await serveOne(
      tlsHandler(serverContext(), async (s) => {
        await s.sendall(Buffer.from("hello"));
        return { version: s.version(), peer: s.getpeercert(), sni: s._tls.servername };
      }),
    );
    try {
      const s = await dialTLS(clientContext(), srv.port, { server_hostname: "localhost" });
      expect(s).toBeInstanceOf(SSLSocket);
      expect(s).toBeInstanceOf(socket);
      expect((await readAll(s)).toString()).toBe("hello");
      expect(s.version()).toBe("TLSv1.3");
      const [name, version, bits] = s.cipher()!;
      expect(name).toMatch(/^TLS_/);
      expect(version).toBe("TLSv1.3");
      expect([128, 256]).toContain(bits);
      expect(s.getpeercert()).toEqual(SERVER_DICT);
      expect(s.getpeercert(true)).toEqual(PEM_cert_to_DER_cert(fs.readFileSync(SERVER_CERT, "latin1")));
      expect(s.server_hostname).toBe("localhost");
      expect(s.server_side).toBe(false);
      expect(s.session_reused).toBe(false);
      expect(s.selected_alpn_protocol()).toBeNull();
      expect(s.compression()).toBeNull();
      expect(s.get_channel_binding()).toBeInstanceOf(Buffer);
      await s.close();
      // The server asked for no client certificate: it has none to show.
      expect(await srv.result).toEqual({ version: "TLSv1.3", peer: null, sni: "localhost" });
    } finally {
      await srv.close();
    }
  });

  it("fails without the CA: SSLCertVerificationError, connection closed", async () => {
    const { err, served, raw } = await failedHandshake(create_default_context(), "localhost");
    expect(err).toBeInstanceOf(SSLCertVerificationError);
    expect(err).toBeInstanceOf(CertificateError);
    expect(err).toBeInstanceOf(SSLError);
    expect(err).toBeInstanceOf(OSError);
    const e = err as SSLCertVerificationError;
    expect([20, 21]).toContain(e.verify_code);
    expect(e.message).toBe(`[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${e.verify_message}`);
    expect(e.reason).toBe("CERTIFICATE_VERIFY_FAILED");
    expect(e.library).toBe("SSL");
    expect(e.errno).toBe(1);
    expect(served).toBeInstanceOf(OSError);
    // The plain socket was handed to the TLS layer: it is closed for its owner.
    await expect(raw.recv(1)).rejects.toMatchObject({ errno: 9 });
  });

  it("fails for a self-signed certificate", async () => {
    const { err } = await failedHandshake(
      clientContext(),
      "localhost",
      serverContext(SELFSIGNED_CERT, SELFSIGNED_KEY),
    );
    expect(err).toBeInstanceOf(SSLCertVerificationError);
    expect((err as SSLCertVerificationError).verify_code).toBe(18);
    expect((err as Error).message).toBe(
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate",
    );
  });

  it("fails for the wrong host name, with Python's message", async () => {
    const { err } = await failedHandshake(clientContext(), "wrong.example");
    expect(err).toBeInstanceOf(SSLCertVerificationError);
    expect((err as SSLCertVerificationError).verify_code).toBe(62);
    expect((err as Error).message).toBe(
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'wrong.example'.",
    );
  });

  it("checks an IP address host against the certificate's IP addresses (and sends no SNI)", async () => {
    const srv = await serveOne(tlsHandler(serverContext(), async (s) => s._tls.servername));
    try {
      const s = await dialTLS(clientContext(), srv.port, { server_hostname: "127.0.0.1" });
      await s.close();
      expect(await srv.result).toBeFalsy();
    } finally {
      await srv.close();
    }
    const { err } = await failedHandshake(clientContext(), "127.0.0.2");
    expect((err as SSLCertVerificationError).verify_code).toBe(64);
    expect((err as SSLCertVerificationError).verify_message).toBe(
      "IP address mismatch, certificate is not valid for '127.0.0.2'.",
    );
  });

  it("with CERT_NONE asked for explicitly, accepts an untrusted server and hides its dict", async () => {
    const ctx = new SSLContext(PROTOCOL_TLS_CLIENT);
    ctx.check_hostname = false;
    ctx.verify_mode = CERT_NONE;
    const srv = await serveOne(
      tlsHandler(serverContext(SELFSIGNED_CERT, SELFSIGNED_KEY), (s) => s.sendall(Buffer.from("ok"))),
    );
    try {
      const s = await dialTLS(ctx, srv.port, {});
      expect((await readAll(s)).toString()).toBe("ok");
      expect(s.getpeercert()).toEqual({});
      expect(s.getpeercert(true)).toEqual(PEM_cert_to_DER_cert(fs.readFileSync(SELFSIGNED_CERT, "latin1")));
      await s.close();
    } finally {
      await srv.close();
    }
  });

  it("verifies client certificates on the server side", async () => {
    const server = serverContext();
    server.verify_mode = CERT_REQUIRED;
    server.load_verify_locations(CA_CERT);
    const client = clientContext();
    client.load_cert_chain(SERVER_KEYCERT);
    const srv = await serveOne(tlsHandler(server, async (s) => s.getpeercert()));
    try {
      const s = await dialTLS(client, srv.port, { server_hostname: "localhost" });
      await s.close();
      expect(await srv.result).toEqual(SERVER_DICT);
    } finally {
      await srv.close();
    }
    // An untrusted client certificate: the server refuses it and closes.
    const untrusted = clientContext();
    untrusted.load_cert_chain(SELFSIGNED_CERT, SELFSIGNED_KEY);
    const srv2 = await serveOne(tlsHandler(server, async (s) => s.getpeercert()));
    try {
      const s = await dialTLS(untrusted, srv2.port, { server_hostname: "localhost" }).catch(
        (e: unknown) => e,
      );
      const served = await srv2.result.catch((e: unknown) => e);
      expect(served).toBeInstanceOf(SSLCertVerificationError);
      expect((served as SSLCertVerificationError).verify_code).toBe(18);
      if (s instanceof SSLSocket) {
        expect((await readAll(s).catch(() => Buffer.alloc(0))).length).toBe(0);
        await s.close();
      }
    } finally {
      await srv2.close();
    }
  });
});

describe("SSLContext", () => {
  it("has Python's defaults and rules", () => {
    const client = new SSLContext(PROTOCOL_TLS_CLIENT);
    expect(client.check_hostname).toBe(true);
    expect(client.verify_mode).toBe(CERT_REQUIRED);
    expect(client.minimum_version).toBe(TLSVersion.TLSv1_2);
    expect(client.maximum_version).toBe(TLSVersion.MAXIMUM_SUPPORTED);
    expect(() => {
      client.verify_mode = CERT_NONE;
    }).toThrow(new ValueError("Cannot set verify_mode to CERT_NONE when check_hostname is enabled."));
    const server = new SSLContext(PROTOCOL_TLS_SERVER);
    expect(server.check_hostname).toBe(false);
    expect(server.verify_mode).toBe(CERT_NONE);
    server.check_hostname = true;
    expect(server.verify_mode).toBe(CERT_REQUIRED);
    const stdlib = _create_stdlib_context();
    expect([stdlib.check_hostname, stdlib.verify_mode, stdlib.protocol]).toEqual([
      false,
      CERT_NONE,
      PROTOCOL_TLS_CLIENT,
    ]);
    const dflt = create_default_context();
    expect([dflt.check_hostname, dflt.verify_mode]).toEqual([true, CERT_REQUIRED]);
  });

  it("checks wrap_socket() arguments as Python does", async () => {
    const srv = await serveOne(async () => {});
    try {
      const raw = await dial(srv.port);
      await expect(clientContext().wrap_socket(raw)).rejects.toThrow(
        new ValueError("check_hostname requires server_hostname"),
      );
      await expect(
        serverContext().wrap_socket(raw, { server_side: true, server_hostname: "x" }),
      ).rejects.toThrow(new ValueError("server_hostname can only be specified in client mode"));
      await expect(clientContext().wrap_socket(raw, { server_hostname: ".x" })).rejects.toThrow(ValueError);
      await expect(serverContext().wrap_socket(raw, {})).rejects.toThrow(
        "Cannot create a client socket with a PROTOCOL_TLS_SERVER context",
      );
      // None of these touched the connection.
      expect(raw._stream).not.toBeNull();
      await raw.close();
      await expect(
        clientContext().wrap_socket(new socket(), { server_hostname: "localhost" }),
      ).rejects.toMatchObject({
        errno: 107,
      });
    } finally {
      await srv.close();
    }
  });

  it("loads trust anchors from cafile, capath and cadata (PEM or DER)", () => {
    const pem = fs.readFileSync(CA_CERT, "latin1");
    const der = PEM_cert_to_DER_cert(pem);
    expect(DER_cert_to_PEM_cert(der)).toBe(pem);
    const a = new SSLContext(PROTOCOL_TLS_CLIENT);
    expect(a.get_ca_certs()).toEqual([]);
    a.load_verify_locations(CA_CERT);
    a.load_verify_locations({ cadata: pem });
    a.load_verify_locations(null, null, der);
    expect(a.cert_store_stats()).toEqual({ x509: 1, crl: 0, x509_ca: 1 });
    expect(a.get_ca_certs()[0]?.subject).toEqual([
      [["organizationName", "inetlib tests"]],
      [["commonName", "inetlib test CA"]],
    ]);
    expect(a.get_ca_certs(true)).toEqual([der]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inetlib-capath-"));
    try {
      fs.copyFileSync(CA_CERT, path.join(dir, "ca.0"));
      fs.copyFileSync(SELFSIGNED_CERT, path.join(dir, "other.0"));
      fs.writeFileSync(path.join(dir, "notes.txt"), "not a certificate");
      const b = new SSLContext(PROTOCOL_TLS_CLIENT);
      b.load_verify_locations(null, dir);
      expect(b.cert_store_stats().x509).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("reports loading errors as Python does", () => {
    const ctx = new SSLContext(PROTOCOL_TLS_CLIENT);
    expect(() => ctx.load_verify_locations()).toThrow(
      new TypeError("cafile, capath and cadata cannot be all omitted"),
    );
    expect(() => ctx.load_verify_locations({ cadata: "garbage" })).toThrow(SSLError);
    expect(() => ctx.load_verify_locations({ cadata: Buffer.from("garbage") })).toThrow(SSLError);
    expect(() => ctx.load_verify_locations("/nonexistent/ca.pem")).toThrow(FileNotFoundError);
    let mismatch: unknown;
    try {
      ctx.load_cert_chain(SERVER_CERT, SELFSIGNED_KEY);
    } catch (err) {
      mismatch = err;
    }
    expect(mismatch).toBeInstanceOf(SSLError);
    expect(mismatch).toMatchObject({ reason: "KEY_VALUES_MISMATCH", library: "X509", errno: 116 });
    expect((mismatch as Error).message).toBe("[X509: KEY_VALUES_MISMATCH] key values mismatch");
    expect(() => ctx.set_ciphers("NOPE")).toThrow(new SSLError(null, "No cipher can be selected."));
    expect(() => ctx.set_alpn_protocols([""])).toThrow(ValueError);
    expect(() => {
      ctx.minimum_version = TLSVersion.SSLv3;
    }).toThrow(ValueError);
  });

  it("keeps TLS 1.3 after set_ciphers(), negotiates ALPN, and honours maximum_version", async () => {
    const server = serverContext();
    server.set_alpn_protocols(["http/1.1"]);
    server.set_ciphers("ECDHE+AESGCM");
    const srv = await serveOne(tlsHandler(server, async (s) => [s.version(), s.selected_alpn_protocol()]));
    const client = clientContext();
    client.set_alpn_protocols(["h2", "http/1.1"]);
    try {
      const s = await dialTLS(client, srv.port, { server_hostname: "localhost" });
      expect(s.selected_alpn_protocol()).toBe("http/1.1");
      await s.close();
      expect(await srv.result).toEqual(["TLSv1.3", "http/1.1"]);
    } finally {
      await srv.close();
    }
    client.maximum_version = TLSVersion.TLSv1_2;
    const srv2 = await serveOne(tlsHandler(server, async (s) => s.cipher()));
    try {
      const s = await dialTLS(client, srv2.port, { server_hostname: "localhost" });
      expect(s.version()).toBe("TLSv1.2");
      await s.close();
      expect(await srv2.result).toEqual([
        expect.stringMatching(/^ECDHE-ECDSA-AES(128|256)-GCM/),
        "TLSv1.2",
        expect.any(Number),
      ]);
    } finally {
      await srv2.close();
    }
  });

  it("has no public SSLSocket constructor", () => {
    expect(() => new SSLSocket()).toThrow(TypeError);
  });
});
