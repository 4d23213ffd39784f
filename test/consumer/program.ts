// The consumer test's program: what a user outside the repository writes against the installed
// tarballs. run.sh type-checks it strictly (no skipLibCheck) and runs it. The lines marked
// "types:" are the places where the declarations once disagreed with the runtime (issue 18);
// a @ts-expect-error line fails the type-check if the declarations accept what the runtime
// refuses. Each check prints "ok NAME" or "FAIL NAME: why"; run.sh counts them.
import { FTP } from "@inetlib/ftp";
import { HTTPError, ServerProxy, SimpleXMLRPCDispatcher, urlopen } from "@inetlib/http";
import { decode_header, NNTP } from "@inetlib/nntp";
import { POP3_SSL } from "@inetlib/pop3";
import { create_default_context, PROTOCOL_TLS_SERVER, SSLContext, socketpair } from "@inetlib/socket";
import {
  demoFileTree,
  demoMaildrop,
  demoMaildropUsers,
  demoSpool,
  FTPServer,
  HTTPTestServer,
  NNTPServer,
  POP3Server,
  testCA,
  testCredentials,
} from "@inetlib/testing";

let failed = 0;

async function check(name: string, body: () => Promise<string | undefined>): Promise<void> {
  try {
    const note = await body();
    console.log(`ok ${name}${note ? ` (${note})` : ""}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
}

function expect(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

// The verified TLS client context every TLS check uses: the CA shipped inside @inetlib/testing.
const context = create_default_context({ cafile: testCA });

await check("pop3 over verified TLS against the testing server", async () => {
  await using server = await POP3Server.open({ maildrop: demoMaildrop(), tls: true, implicitTLS: true });
  const { user, password } = demoMaildropUsers.alice;
  await using pop = await POP3_SSL.open("localhost", server.port, { context });
  await pop.user(user);
  await pop.pass_(password);
  const [count] = await pop.stat();
  expect(count > 0, `alice's maildrop is empty: ${count}`);
  await pop.quit();
  return `${count} messages`;
});

await check("https and XML-RPC over verified TLS against the testing server", async () => {
  const tls = new SSLContext(PROTOCOL_TLS_SERVER);
  const { certfile, keyfile } = testCredentials();
  tls.load_cert_chain(certfile, keyfile ?? null);
  const rpc = new SimpleXMLRPCDispatcher();
  rpc.register_function((a, b) => Number(a) + Number(b), "add");
  await using server = await HTTPTestServer.start({ tls, xmlrpc: (body) => rpc._marshaled_dispatch(body) });
  const base = `https://localhost:${server.port}`;

  const page = await urlopen(`${base}/hello`, null, 10, { context });
  const body = (await page.read()).toString();
  page.close();
  expect(body === "Hello, world!\n", `GET /hello gave ${JSON.stringify(body)}`);

  // types: HTTPError.code is the HTTP status, a number, as in Python.
  let status: number | null = null;
  try {
    await urlopen(`${base}/status/404`, null, 10, { context });
  } catch (err) {
    if (err instanceof HTTPError) status = err.code;
    else throw err;
  }
  expect(status === 404, `HTTPError.code ${status}`);

  // types: a proxy's methods are callables (no `!`), typed when the caller says what they are.
  await using proxy = new ServerProxy<{ add(a: number, b: number): Promise<number> }>(`${base}/RPC2`, {
    context,
  });
  const sum: number = await proxy.add(2, 3);
  expect(sum === 5, `add(2, 3) = ${sum}`);
  return `status ${status}, add(2, 3) = ${sum}`;
});

await check("socket sendall takes bytes, as Python's", async () => {
  const [a, b] = await socketpair();
  try {
    await a.sendall(Buffer.from("ping"));
    const got = (await b.recv(4)).toString();
    expect(got === "ping", `recv gave ${JSON.stringify(got)}`);
    // types: Python's sendall takes bytes only; so do the declarations and the runtime.
    // @ts-expect-error a string is not bytes
    const refused = await a.sendall("ping").then(
      () => false,
      (err: unknown) => err instanceof TypeError,
    );
    expect(refused, "sendall(str) was not refused with TypeError");
  } finally {
    await a.close();
    await b.close();
  }
  return undefined;
});

await check("nntp overview fields decode as in Python", async () => {
  await using server = await NNTPServer.open({ spool: demoSpool({ bigArticles: 1 }) });
  await using news = await NNTP.open("127.0.0.1", server.port, { usenetrc: false });
  const [, , first, last] = await news.group("local.test");
  const [, overviews] = await news.over([first, last]);
  const [, over] = overviews[0] ?? [0, null];
  expect(over !== null, "no overview");
  // types: the default fields are strings, so decode_header takes them as they come.
  const subject: string = decode_header(over!.subject);
  expect(subject.length > 0, "empty subject");
  return `${overviews.length} articles, first ${JSON.stringify(subject)}`;
});

await check("ftp retrbinary with a file's write, and an unbound method refused early", async () => {
  await using server = await FTPServer.open({ tree: demoFileTree() });
  await using ftp = new FTP();
  await ftp.connect("127.0.0.1", server.port);
  await ftp.login();
  const blocks: Buffer[] = [];
  await ftp.retrbinary("RETR /README.txt", (b) => void blocks.push(b));
  expect(Buffer.concat(blocks).toString().startsWith("Welcome"), "README.txt's text");
  // types: an unbound method (Python's fp.write, lines.append) cannot work in JavaScript;
  // retrbinary refuses it with a TypeError before a byte is sent instead of crashing mid-transfer.
  const unbound = await ftp.retrbinary("RETR /README.txt", blocks.push).then(
    () => "accepted",
    (err: unknown) => (err instanceof TypeError ? "refused" : String(err)),
  );
  expect(unbound === "refused", `blocks.push was ${unbound}`);
  await ftp.quit();
  return undefined;
});

console.log(`program: ${failed === 0 ? "all checks passed" : `${failed} checks failed`}`);
process.exitCode = failed === 0 ? 0 : 1;
