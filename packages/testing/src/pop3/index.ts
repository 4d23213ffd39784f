// An in-process POP3 server over an in-memory maildrop, for tests, the tour and your own tests.

export { type DemoMaildropOptions, demoMaildrop, demoMaildropUsers } from "./demo.js";
export { Maildrop, type MaildropUser, type StoredMessage, toWire } from "./maildrop.js";
export type { POP3ServerOptions, Respond, SessionView, TLSCredentials } from "./options.js";
export {
  type ConnectionRecord,
  POP3Server,
  type POP3ServerListen,
  pop3TestCA,
  pop3TestCredentials,
} from "./server.js";
export { POP3Session, type Step, topOf } from "./session.js";
