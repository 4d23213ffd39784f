// _client_context: the keyfile/certfile/context rules every *_SSL client class shares.
import { describe, expect, it, vi } from "vitest";
import { ValueError } from "../src/errors.js";
import { _client_context, CERT_REQUIRED, create_default_context } from "../src/tls.js";
import { SERVER_CERT, SERVER_KEY } from "./fixtures/certs.js";

describe("_client_context", () => {
  it("returns the given context, or a verifying default", () => {
    const ctx = create_default_context();
    expect(_client_context({ context: ctx })).toBe(ctx);
    const fresh = _client_context({});
    expect(fresh.verify_mode).toBe(CERT_REQUIRED);
    expect(fresh.check_hostname).toBe(true);
  });

  it("refuses a context together with keyfile or certfile, naming the keyword as Python does", () => {
    const ctx = create_default_context();
    expect(() => _client_context({ context: ctx, keyfile: "k.pem" })).toThrow(
      new ValueError("context and keyfile arguments are mutually exclusive"),
    );
    expect(() => _client_context({ context: ctx, certfile: "c.pem" }, "ssl_context")).toThrow(
      "ssl_context and certfile arguments are mutually exclusive",
    );
  });

  it("loads certfile and keyfile, and wants a certfile with a keyfile", () => {
    // Python's assertWarns(DeprecationWarning): asserted here, not printed into the test run
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      expect(() => _client_context({ keyfile: SERVER_KEY })).toThrow("certfile must be specified");
      const ctx = _client_context({ certfile: SERVER_CERT, keyfile: SERVER_KEY });
      expect(ctx.verify_mode).toBe(CERT_REQUIRED);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledWith(
        "keyfile and certfile are deprecated, use a custom context instead",
        "DeprecationWarning",
      );
    } finally {
      warn.mockRestore();
    }
  });
});
