// The in-process SMTP/LMTP server: scripted replies, recorded bytes and messages, delivery hook.
export type {
  ReceivedMessage,
  SMTPDeliver,
  SMTPRespond,
  SMTPServerOptions,
  SMTPSessionView,
} from "./options.js";
export { type ListenOptions, SMTPConnection, SMTPServer } from "./server.js";
export { parsePath, SMTPServerSession, type Step as SMTPStep } from "./session.js";
