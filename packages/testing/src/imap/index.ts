// An in-process IMAP server over an in-memory Mailstore, for tests, the tour and your own tests.
export { type DemoMailstoreOptions, demoAttachment, demoMailstore, demoMailstoreUsers } from "./demo.js";
export { bodystructure, envelope, type MimePart, parseMessage, section } from "./mime.js";
export type {
  CommandView as IMAPCommandView,
  IMAPServerOptions,
  ImapState,
  Reply as IMAPReply,
  Respond as IMAPRespond,
  SessionView as IMAPSessionView,
} from "./options.js";
export {
  type IMAPConnection,
  IMAPServer,
  type IMAPServerListen,
  imapTestCA,
  imapTestCredentials,
} from "./server.js";
export { IMAPSession, mailboxName, type SessionIO } from "./session.js";
export {
  type AddOptions,
  Mailbox,
  Mailstore,
  StoredMessage as IMAPMessage,
  toCRLF,
  type Watcher,
} from "./store.js";
export type { Arg as IMAPArg } from "./syntax.js";
