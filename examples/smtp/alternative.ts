// The email package documentation's HTML example ("asparagus"), line for line: a plain-text
// message with an HTML alternative whose image is a related part, referenced by a Content-ID
// made with make_msgid().
//
//	node_modules/.bin/tsx examples/smtp/alternative.ts              (to an in-process server)
//	node_modules/.bin/tsx examples/smtp/alternative.ts HOST PORT    (to a real one)
import { Address, EmailMessage, utils } from "@inetlib/email";
import { SMTP, type SMTPRefused } from "@inetlib/smtp";
import { type Log, pydict, runIfMain, type Target } from "./common.js";

// A 1x1 GIF: the documentation reads roasted-asparagus.jpg from disk.
const IMAGE = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

export async function alternative(target: Target, log: Log): Promise<SMTPRefused> {
  const msg = new EmailMessage();
  msg.set("Subject", "Ayons asperges pour le déjeuner");
  msg.set("From", new Address("Pepé Le Pew", "pepe", "example.com"));
  msg.set("To", [
    new Address("Penelope Pussycat", "penelope", "example.com"),
    new Address("Fabrette Pussycat", "fabrette", "example.com"),
  ]);
  msg.set_content(
    "Salut!\n\nCela ressemble à un excellent recipie[1] déjeuner.\n\n[1] http://www.yummly.com/recipe/Roasted-Asparagus-Epicurious-203718\n\n--Pepé\n",
  );

  // asparagus_cid = make_msgid(); the HTML refers to it without its angle brackets
  const asparagus_cid = utils.make_msgid(null, "inetlib.test");
  msg.add_alternative(
    `<html>
  <head></head>
  <body>
    <p>Salut!</p>
    <p>Cela ressemble à un excellent
        <a href="http://www.yummly.com/recipe/Roasted-Asparagus-Epicurious-203718">
            recipie
        </a> déjeuner.
    </p>
    <img src="cid:${asparagus_cid.slice(1, -1)}" />
  </body>
</html>
`,
    { subtype: "html" },
  );
  // msg.get_payload()[1].add_related(img.read(), 'image', 'jpeg', cid=asparagus_cid)
  const html = msg.get_payload(1) as EmailMessage;
  html.add_related(IMAGE, "image", "gif", { cid: asparagus_cid });

  await using s = await SMTP.open(target.host, target.port); // with smtplib.SMTP('localhost') as s:
  const refused = await s.send_message(msg);
  log("refused recipients:", pydict(refused));
  return refused;
}

await runIfMain(import.meta.url, alternative);
