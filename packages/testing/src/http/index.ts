// An HTTP/1.1 server on loopback: keep-alive, chunked and Content-Length bodies, large bodies
// in constant memory, redirects, basic and digest auth, a forward proxy with CONNECT, scripted
// raw replies, an XML-RPC endpoint, optional TLS; every request recorded byte for byte.
export { httpBytes, REASONS } from "./routes.js";
export { HTTPTestServer, type HTTPTestServerOptions, type Route } from "./server.js";
export type { RecordedRequest, Reply, RequestView } from "./wire.js";
