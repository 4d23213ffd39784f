// Directory listings as servers write them: Unix `ls -l` (vsftpd's layout), DOS (IIS) and MLSD.
import { FileTree, type Node } from "./tree.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number): string => String(n).padStart(2, "0");

function size(node: Node): number {
  return node.type === "file" ? FileTree.sizeOf(node) : 4096;
}

/** unixLine: `-rw-r--r--    1 ftp      ftp            14 Jan 15 12:30 hello.txt` (the time, or the year when older than six months). */
export function unixLine(name: string, node: Node, now: Date): string {
  const mode = node.type === "dir" ? "drwxr-xr-x" : "-rw-r--r--";
  const t = node.mtime;
  const recent = Math.abs(now.getTime() - t.getTime()) < 182 * 86_400_000;
  const when = recent ? `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}` : ` ${t.getUTCFullYear()}`;
  const date = `${MONTHS[t.getUTCMonth()]} ${pad2(t.getUTCDate())} ${when}`;
  return `${mode}    ${node.type === "dir" ? 2 : 1} ftp      ftp      ${String(size(node)).padStart(8)} ${date} ${name}`;
}

/**
 * dosLine: IIS's layout, `01-15-24  12:30PM       <DIR>          pub` and
 * `01-15-24  12:30PM                   15 hello.txt` (the size right-aligned in 20 columns).
 */
export function dosLine(name: string, node: Node): string {
  const t = node.mtime;
  const h = t.getUTCHours();
  const clock = `${pad2(h % 12 === 0 ? 12 : h % 12)}:${pad2(t.getUTCMinutes())}${h < 12 ? "AM" : "PM"}`;
  const date = `${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}-${pad2(t.getUTCFullYear() % 100)}`;
  const what = node.type === "dir" ? "      <DIR>         " : String(size(node)).padStart(20);
  return `${date}  ${clock} ${what} ${name}`;
}

/** mlsdTime: RFC 3659 time-val, YYYYMMDDHHMMSS in UTC. */
export function mlsdTime(t: Date): string {
  return `${t.getUTCFullYear()}${pad2(t.getUTCMonth() + 1)}${pad2(t.getUTCDate())}${pad2(t.getUTCHours())}${pad2(t.getUTCMinutes())}${pad2(t.getUTCSeconds())}`;
}

/** mlsdLine: `type=file;size=14;modify=20240115123000;perm=adfrw; hello.txt` (type cdir or pdir for "." and ".."). */
export function mlsdLine(name: string, node: Node, type?: "cdir" | "pdir"): string {
  const facts =
    node.type === "file"
      ? `type=file;size=${size(node)};modify=${mlsdTime(node.mtime)};perm=adfrw;`
      : `type=${type ?? "dir"};modify=${mlsdTime(node.mtime)};perm=flcdmpe;`;
  return `${facts} ${name}`;
}
