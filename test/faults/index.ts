// Every case of the scripted-fault suite, by protocol.
import type { Case } from "./case.js";
import { abort } from "./cases/abort.js";
import { ftp } from "./cases/ftp.js";
import { gopher } from "./cases/gopher.js";
import { http } from "./cases/http.js";
import { imap } from "./cases/imap.js";
import { nntp } from "./cases/nntp.js";
import { pop3 } from "./cases/pop3.js";
import { smtp } from "./cases/smtp.js";
import { telnet } from "./cases/telnet.js";

export const cases: Case[] = [
  ...ftp,
  ...smtp,
  ...pop3,
  ...imap,
  ...nntp,
  ...telnet,
  ...gopher,
  ...http,
  ...abort,
];
