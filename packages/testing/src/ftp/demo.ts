// A small FTP site for demos and the tour: text files, nested directories, a larger file.
import { FileTree } from "./tree.js";

/** demoFileTreeUsers are the accounts an FTPServer serving demoFileTree() should be given. */
export const demoFileTreeUsers = { alice: "alice-pass" } as const;

/**
 * demoFileTree returns a fresh site:
 *
 *	/README.txt  /pub/hello.txt  /pub/notes/todo.txt  /pub/notes/2024/january.txt
 *	/pub/big/8mib.bin (a pattern)  /incoming/ (empty, for uploads)
 */
export function demoFileTree(): FileTree {
  const tree = new FileTree({
    "/README.txt": "Welcome to the inetlib demo FTP site.\r\nFiles are in /pub; uploads go to /incoming.\r\n",
    "/pub/hello.txt": "Hello, world!\r\n",
    "/pub/notes/todo.txt": "- write the FTP examples\n- mirror a directory\n",
    "/pub/notes/2024/january.txt": "New year, new protocol.\n",
    "/incoming/": null,
  });
  tree.addPattern("/pub/big/8mib.bin", 8 << 20);
  return tree;
}
