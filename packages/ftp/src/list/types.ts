// The entry list() returns, whichever listing format the server spoke.

/** FileType is what an entry is: RFC 3659's file, dir, cdir (the listed directory) and pdir (its parent), a symbolic link, or anything else (devices, sockets). */
export type FileType = "file" | "dir" | "cdir" | "pdir" | "link" | "other";

/** FileInfo is one parsed entry of a directory listing (MLSD, or a Unix or DOS LIST line). */
export interface FileInfo {
  /** The name, exactly as listed (spaces kept). */
  name: string;
  type: FileType;
  /** Size in bytes, null where the listing gives none (directories on DOS, MLSD without the fact). */
  size: number | null;
  /**
   * Modification time. MLSD's is UTC (RFC 3659 2.3). A LIST line's is the server's local time,
   * which a client cannot know: its fields are read as UTC. A Unix line without a year gets the
   * latest year that does not put it in the future.
   */
  modify: Date | null;
  /** Unix permission string ("rwxr-xr-x") from LIST, MLSD's UNIX.mode in octal, or null. */
  permissions: string | null;
  owner: string | null;
  group: string | null;
  /** A symbolic link's target where the listing names it. */
  target: string | null;
  /** MLSD's facts, keys lower-cased as ftplib's mlsd() gives them; empty for LIST. */
  facts: Record<string, string>;
  /** The line as received. */
  raw: string;
}

/** entry fills in the fields a parser did not set. */
export function entry(name: string, raw: string, fields: Partial<FileInfo>): FileInfo {
  return {
    name,
    type: "other",
    size: null,
    modify: null,
    permissions: null,
    owner: null,
    group: null,
    target: null,
    facts: {},
    raw,
    ...fields,
  };
}
