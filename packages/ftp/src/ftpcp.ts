// ftplib.ftpcp: copy a file from one server to another without passing through the client
// (FXP: the target connects to the source's passive port).
import { checkArgs } from "./args.js";
import { error_proto } from "./errors.js";
import type { FTP } from "./ftp.js";
import { parse227 } from "./replies.js";

/**
 * ftpcp(source, sourcename, target, targetname, type): server-to-server copy as Python's: PASV
 * on the source, PORT on the target, STOR on the target before RETR on the source. Most
 * servers refuse a PORT naming another host (FTP bounce protection).
 */
export async function ftpcp(
  source: FTP,
  sourcename: string,
  target: FTP,
  targetname = "",
  type = "I",
): Promise<void> {
  if (!targetname) targetname = sourcename;
  checkArgs(sourcename, targetname, type);
  const typeCmd = `TYPE ${type}`;
  await source.voidcmd(typeCmd);
  await target.voidcmd(typeCmd);
  const [sourcehost, sourceport] = parse227(await source.sendcmd("PASV"));
  await target.sendport(sourcehost, sourceport);
  // RFC 959: the user must "listen" before sending the transfer request: STOR before RETR.
  const treply = await target.sendcmd(`STOR ${targetname}`);
  if (treply.slice(0, 3) !== "125" && treply.slice(0, 3) !== "150") throw new error_proto();
  const sreply = await source.sendcmd(`RETR ${sourcename}`);
  if (sreply.slice(0, 3) !== "125" && sreply.slice(0, 3) !== "150") throw new error_proto();
  await source.voidresp();
  await target.voidresp();
}
