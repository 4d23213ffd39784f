// The FTP step: a directory listing, an upload and its download, compared byte for byte.
import { FTP } from "@inetlib/ftp";
import type { TourStep } from "../types.js";

/** ftpStep lists the login directory, uploads a file, downloads it back and deletes it. */
export const ftpStep: TourStep = {
  name: "ftp",
  title: "FTP: a listing, an upload and a download (@inetlib/ftp, Python's ftplib)",
  async run(t, show) {
    const { host, port, user, password, uploadDir } = t.ftp;
    show.call(
      `await FTP.open(${JSON.stringify(host)}, ${JSON.stringify(user)}, "****", "", { port: ${port} })`,
    );
    await using ftp = await FTP.open(host, user, password, "", {
      port,
      timeout: show.timeout,
      ...(show.signal ? { signal: show.signal } : {}),
    });
    show.result(ftp.getwelcome() ?? "");
    show.call("await ftp.dir(line => ...)   // LIST");
    const listing: string[] = [];
    await ftp.dir((line: string) => void listing.push(line));
    show.result(listing.join("\n"));
    const remote = `${uploadDir ? `${uploadDir}/` : ""}inetlib-tour-${process.pid}.txt`;
    const data = Buffer.from(`Uploaded by the inetlib tour at ${new Date().toISOString()}.\r\n`);
    show.call(`await ftp.storbinary("STOR ${remote}", data)`);
    show.result(await ftp.storbinary(`STOR ${remote}`, data));
    show.call(`await ftp.retrbinary("RETR ${remote}", block => ...)`);
    const blocks: Buffer[] = [];
    show.result(await ftp.retrbinary(`RETR ${remote}`, (block: Buffer) => void blocks.push(block)));
    const back = Buffer.concat(blocks);
    show.result(
      `${back.length} bytes back, ${back.equals(data) ? "the same bytes as uploaded" : "DIFFERENT from what was uploaded"}`,
    );
    if (!back.equals(data)) throw new Error("the downloaded file differs from the uploaded one");
    show.call(`await ftp.delete("${remote}")`);
    show.result(await ftp.delete(remote));
    await ftp.quit();
    show.cli(`inetlib get ftp://${user}@${host}:${port}/`);
  },
};
