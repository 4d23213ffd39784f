// @inetlib/testing: in-process protocol servers for tests, the tour and users' own tests.
export * from "./ftp/index.js";
export * from "./gopher/index.js";
export * from "./http/index.js";
export * from "./imap/index.js";
export * from "./nntp/index.js";
export { type ClientServerPair, openPair } from "./pair.js";
export * from "./pop3/index.js";
export { ScriptedSocket, splits } from "./scripted-socket.js";
export * from "./smtp/index.js";
export * from "./telnet/index.js";
export {
  type ServerCredentials,
  type TestCertificate,
  testCA,
  testCertificate,
  testCredentials,
} from "./tls.js";
