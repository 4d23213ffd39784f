// An in-memory gopher hole on loopback: menus of every item type, malformed lines, dot-stuffed
// text, a type-7 search, binaries, Gopher+ attributes, optional TLS.
export {
  demoHole,
  GOPHER_ADMIN,
  GOPHER_BIG_SIZE,
  GOPHER_BYTES,
  GOPHER_DOTS,
  GOPHER_GIF,
  GOPHER_WORDS,
  type GopherHole,
  type HoleAttributes,
  type HoleEntry,
  type HoleItem,
  type HoleView,
} from "./hole.js";
export { GopherServer, type GopherServerOptions, holeByte } from "./server.js";
