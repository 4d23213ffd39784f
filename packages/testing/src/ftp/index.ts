// An in-process FTP server over an in-memory file tree, for tests, the tour and your own tests.
// Names are prefixed where @inetlib/testing's other servers have the same idea.
export { demoFileTree, demoFileTreeUsers } from "./demo.js";
export { dosLine, mlsdLine, mlsdTime, unixLine } from "./format.js";
export type {
  FTPServerOptions,
  FTPTLSCredentials,
  Handler as FTPHandler,
  Respond as FTPRespond,
  SessionHandle as FTPSessionHandle,
} from "./options.js";
export { FTPServer, type FTPServerListen, ftpTestCA, ftpTestCredentials } from "./server.js";
export { type ConnectionRecord as FTPConnectionRecord, FTPSession } from "./session.js";
export {
  contentBytes,
  type DirNode as FileTreeDir,
  defaultBlock as patternBlock,
  type FileNode as FileTreeFile,
  FileTree,
  type Node as FileTreeNode,
  type PatternContent,
  TreeError as FileTreeError,
} from "./tree.js";
