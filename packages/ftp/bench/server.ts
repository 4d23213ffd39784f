// The benchmark's server, a process of its own (so that client and server do not share a CPU):
// an FTPServer with a pattern file /big.bin of SIZE bytes. Prints its port, serves until stdin closes.
//
//	node_modules/.bin/tsx packages/ftp/bench/server.ts SIZE
import { FileTree, FTPServer } from "@inetlib/testing";

const size = Number(process.argv[2] ?? 1 << 30);
const tree = new FileTree();
tree.addPattern("/big.bin", size);
const server = await FTPServer.open({ tree, tls: true });
process.stdout.write(`${server.port}\n`);
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
