// The file-transfer workloads: FTP and HTTP bulk (with the raw loopback limit), FTP listings
// and small files, HTTP keep-alive.
import { host, paths, ports, seeded, users } from "../../test/interop/env.js";
import {
  BLOCK,
  BULK_TARGETS,
  chatty,
  curl,
  fetchTo,
  node,
  python,
  q,
  raw,
  repeat,
  sizeOf,
} from "./clients.js";
import type { Workload } from "./model.js";
import {
  clearUploads,
  ensureGibFile,
  ensureUploadDir,
  gibFile,
  gibFtpPath,
  gibHttpPath,
  seedBigFile,
  type TempDir,
  uploadDir,
} from "./scratch.js";
import type { Plan } from "./workloads.js";

/** transferWorkloads lists the FTP and HTTP workloads of the plan. */
export function transferWorkloads(plan: Plan, tmp: TempDir): Workload[] {
  const out: Workload[] = [];
  const anon = { user: users.anonymousFtp.user, password: users.anonymousFtp.password };
  const ftpDaemon = { name: "vsftpd", port: ports.ftpVsftpd };
  const httpDaemon = { name: "nginx", port: ports.http };
  const ftpUrl = `ftp://${host}:${ports.ftpVsftpd}`;
  const httpUrl = `http://${host}:${ports.http}`;

  // ---- bulk ----
  for (const s of plan.bulkSizes) {
    const { bytes, label } = sizeOf(s);
    const gib = s === "1g";
    const ftpPath = gib ? gibFtpPath : "/big/100mb.bin";
    const httpPath = gib ? gibHttpPath : "/big/100mb.bin";
    const local = gib ? gibFile : seedBigFile;
    const setup = async (): Promise<void> => {
      if (gib) ensureGibFile();
    };
    const rss = gib ? 100 : undefined;
    out.push({
      id: `raw-${s}`,
      title: `Raw loopback TCP, ${label}`,
      group: "reference",
      daemon: null,
      expect: { bytes, ops: 1 },
      targets: [],
      clients: [
        raw(bytes),
        raw(bytes, "data"),
        python("Python socket pair (recv_into)", "raw_socket.py", { bytes, blocksize: BLOCK }, "raw"),
      ],
      note: "The limit bulk transfers are held against: a bare sender process and a bare reader, 1 MiB writes. The bulk rows compare with the onread reader.",
    });

    const ftpP = { host, port: ports.ftpVsftpd, ...anon, op: "retr", path: ftpPath, blocksize: BLOCK };
    out.push({
      id: `ftp-retr-${s}`,
      title: `FTP RETR ${label} (vsftpd)`,
      group: "bulk",
      daemon: ftpDaemon,
      expect: { bytes, ops: 1 },
      targets: BULK_TARGETS,
      rssTargetMiB: rss,
      setup,
      clients: [
        node("inetlib", "inetlib retrbinary()", "inetlib", "ftp-inetlib", ftpP),
        python("Python ftplib", "ftp_stdlib.py", ftpP),
        curl(tmp, `ftp-retr-${s}`, fetchTo(`${ftpUrl}${ftpPath}`)),
        node("basic-ftp", "basic-ftp", "node", "ftp-basic-ftp", ftpP),
        raw(bytes),
        node("raw-ftp-data", "bare node:net FTP, 'data' events", "raw", "ftp-raw", {
          ...ftpP,
          reader: "data",
        }),
        node("raw-ftp-onread", "bare node:net FTP, onread", "raw", "ftp-raw", { ...ftpP, reader: "onread" }),
      ],
      note: "Blocks of 1 MiB for ftplib and inetlib (ftplib's default of 8 KiB is slower); every client discards the data. The two bare node:net FTP clients (PASV and RETR, nothing else) show what the way a Node program reads the data connection costs.",
    });

    const sys = { user: users.system.user, password: users.system.password };
    const stor = (who: string) => ({
      host,
      port: ports.ftpVsftpd,
      ...sys,
      op: "stor",
      path: `${uploadDir}/${who}.bin`,
      local,
      blocksize: BLOCK,
    });
    const sysUrl = `ftp://${sys.user}:${sys.password}@${host}:${ports.ftpVsftpd}`;
    out.push({
      id: `ftp-stor-${s}`,
      title: `FTP STOR ${label} (vsftpd)`,
      group: "bulk",
      daemon: ftpDaemon,
      expect: { bytes, ops: 1 },
      targets: BULK_TARGETS,
      rssTargetMiB: rss,
      setup: async () => {
        await setup();
        ensureUploadDir();
      },
      teardown: async () => clearUploads(),
      clients: [
        node("inetlib", "inetlib storbinary()", "inetlib", "ftp-inetlib", stor("inetlib")),
        python("Python ftplib", "ftp_stdlib.py", stor("python")),
        curl(tmp, `ftp-stor-${s}`, [
          `url = ${q(`${sysUrl}/${uploadDir}/curl.bin`)}`,
          `upload-file = ${q(local)}`,
        ]),
        node("basic-ftp", "basic-ftp", "node", "ftp-basic-ftp", stor("basic-ftp")),
        raw(bytes),
      ],
      note: "Uploads of a local file (in the page cache) as the FTP user, into the bench's own folder.",
    });

    const httpP = { host, port: ports.http, op: "get", path: httpPath, blocksize: BLOCK };
    out.push({
      id: `http-get-${s}`,
      title: `HTTP GET ${label} (nginx)`,
      group: "bulk",
      daemon: httpDaemon,
      expect: { bytes, ops: 1 },
      targets: BULK_TARGETS,
      rssTargetMiB: rss,
      setup,
      clients: [
        node("inetlib", "inetlib readinto()", "inetlib", "http-inetlib", { ...httpP, mode: "readinto" }),
        node("inetlib-chunks", "inetlib chunks()", "inetlib", "http-inetlib", { ...httpP, mode: "chunks" }),
        python("Python http.client", "http_stdlib.py", httpP),
        curl(tmp, `http-get-${s}`, fetchTo(`${httpUrl}${httpPath}`)),
        node("undici", "undici.request", "node", "http-undici", httpP),
        raw(bytes),
      ],
      note: "readinto() a 1 MiB buffer for http.client and inetlib; inetlib's chunks() hands over each read as a Buffer of its own.",
    });
  }

  // ---- FTP's other ways of moving the same 100 MB: TLS data connections, active mode ----
  const modeP = {
    host,
    port: ports.ftpVsftpd,
    ...anon,
    op: "retr",
    path: "/big/100mb.bin",
    blocksize: BLOCK,
  };
  const tlsP = { ...modeP, tls: true, ca: paths.ca };
  out.push({
    id: "ftp-retr-tls",
    title: "FTP_TLS RETR 100 MB, PROT P (vsftpd)",
    group: "bulk",
    daemon: ftpDaemon,
    expect: { bytes: seeded.bigFileBytes, ops: 1 },
    targets: BULK_TARGETS,
    clients: [
      node("inetlib", "inetlib FTP_TLS retrbinary()", "inetlib", "ftp-inetlib", tlsP),
      python("Python ftplib.FTP_TLS", "ftp_stdlib.py", tlsP),
      curl(tmp, "ftp-retr-tls", fetchTo(`${ftpUrl}/big/100mb.bin`), ["--ssl-reqd", "--cacert", paths.ca]),
      node("basic-ftp", "basic-ftp (secure)", "node", "ftp-basic-ftp", tlsP),
    ],
    note: "AUTH TLS on the control connection, PROT P: every data connection is TLS too, verified against the test CA.",
  });
  const activeP = { ...modeP, active: true };
  out.push({
    id: "ftp-retr-active",
    title: "FTP RETR 100 MB, active mode (vsftpd)",
    group: "bulk",
    daemon: ftpDaemon,
    expect: { bytes: seeded.bigFileBytes, ops: 1 },
    targets: BULK_TARGETS,
    clients: [
      node("inetlib", "inetlib retrbinary(), set_pasv(false)", "inetlib", "ftp-inetlib", activeP),
      python("Python ftplib, set_pasv(False)", "ftp_stdlib.py", activeP),
      curl(tmp, "ftp-retr-active", fetchTo(`${ftpUrl}/big/100mb.bin`), ["--ftp-port", "-"]),
    ],
    note: "PORT: the server connects back to the client. basic-ftp has no active mode.",
  });

  // ---- listings and small files ----
  const listP = {
    host,
    port: ports.ftpVsftpd,
    ...anon,
    path: "/many",
    count: plan.listCount,
    blocksize: BLOCK,
  };
  const many = seeded.manyFilesCount;
  out.push({
    id: "ftp-list",
    title: `FTP LIST of ${many.toLocaleString("en")} files ×${plan.listCount}`,
    group: "chatty",
    daemon: ftpDaemon,
    expect: { ops: plan.listCount },
    targets: chatty(1, 1.5),
    clients: [
      node("inetlib", "inetlib retrlines()", "inetlib", "ftp-inetlib", { ...listP, op: "list" }),
      python("Python ftplib", "ftp_stdlib.py", { ...listP, op: "list" }),
      curl(tmp, "ftp-list", repeat(fetchTo(`${ftpUrl}/many/`), plan.listCount)),
      node("basic-ftp", "basic-ftp list() (parsed)", "node", "ftp-basic-ftp", { ...listP, op: "list" }),
      node("raw", "bare node:net loop", "raw", "ftp-raw", { ...listP, op: "list" }),
    ],
    note: "One connection; basic-ftp also parses each listing into objects, the others hand over lines.",
  });
  out.push({
    id: "ftp-nlst",
    title: `FTP NLST of ${many.toLocaleString("en")} files ×${plan.listCount}`,
    group: "chatty",
    daemon: ftpDaemon,
    expect: { ops: plan.listCount },
    targets: chatty(1, 1.5),
    clients: [
      node("inetlib", "inetlib nlst()", "inetlib", "ftp-inetlib", { ...listP, op: "nlst" }),
      python("Python ftplib", "ftp_stdlib.py", { ...listP, op: "nlst" }),
      curl(tmp, "ftp-nlst", repeat(fetchTo(`${ftpUrl}/many/`), plan.listCount), ["--list-only"]),
      node("raw", "bare node:net loop", "raw", "ftp-raw", { ...listP, op: "nlst" }),
    ],
    note: "basic-ftp has no NLST.",
  });
  const smallPaths = Array.from(
    { length: plan.smallCount },
    (_, i) => `/many/file-${String(i).padStart(4, "0")}.txt`,
  );
  const smallP = {
    host,
    port: ports.ftpVsftpd,
    ...anon,
    op: "small",
    path: "",
    paths: smallPaths,
    blocksize: BLOCK,
  };
  out.push({
    id: "ftp-small",
    title: `FTP ${plan.smallCount} small RETRs, one connection`,
    group: "chatty",
    daemon: ftpDaemon,
    expect: { ops: plan.smallCount },
    targets: chatty(1),
    clients: [
      node("inetlib", "inetlib retrbinary()", "inetlib", "ftp-inetlib", smallP),
      python("Python ftplib", "ftp_stdlib.py", smallP),
      curl(
        tmp,
        "ftp-small",
        smallPaths.flatMap((p) => fetchTo(`${ftpUrl}${p}`)),
      ),
      node("basic-ftp", "basic-ftp", "node", "ftp-basic-ftp", smallP),
      node("raw", "bare node:net loop", "raw", "ftp-raw", smallP),
    ],
  });

  // ---- HTTP keep-alive ----
  const manyP = {
    host,
    port: ports.http,
    op: "many",
    path: "/hello.txt",
    count: plan.httpCount,
    blocksize: BLOCK,
  };
  out.push({
    id: "http-keepalive",
    title: `HTTP ${plan.httpCount.toLocaleString("en")} keep-alive GETs (nginx)`,
    group: "chatty",
    daemon: httpDaemon,
    expect: { ops: plan.httpCount },
    targets: chatty(1),
    clients: [
      node("inetlib", "inetlib HTTPConnection", "inetlib", "http-inetlib", manyP),
      python("Python http.client", "http_stdlib.py", manyP),
      curl(tmp, "http-keepalive", repeat(fetchTo(`${httpUrl}/hello.txt`), plan.httpCount)),
      node("undici", "undici Client", "node", "http-undici", manyP),
      node("raw", "bare node:net loop", "raw", "http-raw", manyP),
    ],
    note: "nginx closes a keep-alive connection after 1,000 requests (keepalive_requests); every client reconnects.",
  });

  return out;
}
