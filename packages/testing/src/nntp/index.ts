// An in-process NNTP server over an in-memory news spool, for tests, the tour and your own tests.
export type { StoredArticle } from "./article.js";
export { type DemoSpoolOptions, demoSpool, demoSpoolUsers } from "./demo.js";
export type {
  NNTPRespond,
  NNTPScripted,
  NNTPServerOptions,
  NNTPSessionView,
  NNTPTLSCredentials,
} from "./options.js";
export {
  type NNTPConnectionRecord,
  NNTPServer,
  type NNTPServerListen,
  nntpTestCA,
  nntpTestCredentials,
} from "./server.js";
export { NNTPSession } from "./session.js";
export {
  type GroupOptions,
  NewsError,
  type Newsgroup,
  NewsSpool,
  type NewsSpoolOptions,
  type PostOptions,
} from "./spool.js";
export { wildmat } from "./wildmat.js";
