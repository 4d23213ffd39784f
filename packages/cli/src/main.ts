// The inetlib executable: runs main() on the process's arguments and streams, Ctrl-C aborts.
import { main } from "./cli.js";

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
// `inetlib get ... | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2), undefined, { signal: controller.signal });
// Every connection is closed by now; should a library leave a handle behind, do not hang on it.
setTimeout(() => process.exit(), 2000).unref();
