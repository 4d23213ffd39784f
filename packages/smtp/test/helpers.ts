// Shared by the protocol tests: the test certificates, contexts, a server per test, a debug sink.
import { create_default_context, PROTOCOL_TLS_SERVER, SSLContext, type socket } from "@inetlib/socket";
import {
  type ListenOptions,
  SMTPServer,
  type SMTPServerOptions,
  testCA,
  testCertificate,
} from "@inetlib/testing";
import { afterEach } from "vitest";
import { SMTP, type SMTPOptions } from "../src/index.js";

export const CA_CERT = testCA;
export const SERVER_CERT = testCertificate("server.pem");
export const SERVER_KEY = testCertificate("server-key.pem");
export const SELFSIGNED_CERT = testCertificate("selfsigned.pem");
export const SELFSIGNED_KEY = testCertificate("selfsigned-key.pem");

/** A server context with the CA-signed certificate for localhost, 127.0.0.1 and ::1. */
export function serverContext(cert = SERVER_CERT, key = SERVER_KEY): SSLContext {
  const ctx = new SSLContext(PROTOCOL_TLS_SERVER);
  ctx.load_cert_chain(cert, key);
  return ctx;
}

/** A client context trusting the test CA. */
export function clientContext(): SSLContext {
  return create_default_context({ cafile: CA_CERT });
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** serve starts a server closed after the test. */
export async function serve(options: SMTPServerOptions & ListenOptions = {}): Promise<SMTPServer> {
  const server = await SMTPServer.start(options);
  servers.push(server);
  return server;
}

/** debugSink collects what set_debuglevel() prints. */
export function debugSink(): { sink: (text: string) => void; text: () => string } {
  const out: string[] = [];
  return { sink: (t) => void out.push(t), text: () => out.join("") };
}

/** A socket whose replies are scripted chunks (then end of stream); what is sent is kept. */
export class FakeSocket {
  readonly sent: Buffer[] = [];
  closed = false;
  readonly #chunks: (Buffer | Error)[];
  readonly #sendError: Error | undefined;
  constructor(chunks: (Buffer | Error)[], sendError?: Error) {
    this.#chunks = [...chunks];
    this.#sendError = sendError;
  }
  async recv(n: number): Promise<Buffer> {
    const next = this.#chunks.shift();
    if (next === undefined) return Buffer.alloc(0);
    if (next instanceof Error) throw next;
    if (next.length > n) this.#chunks.unshift(next.subarray(n));
    return next.subarray(0, n);
  }
  async sendall(data: Uint8Array): Promise<void> {
    if (this.#sendError) throw this.#sendError;
    this.sent.push(Buffer.from(data));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** SMTP over a FakeSocket. */
export class Scripted extends SMTP {
  readonly fake: FakeSocket;
  constructor(chunks: (Buffer | Error)[], options: SMTPOptions = {}, sendError?: Error) {
    super({ local_hostname: "localhost", ...options });
    this.fake = new FakeSocket(chunks, sendError);
    this._attach(this.fake as unknown as socket);
  }
}
