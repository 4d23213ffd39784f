// email.mime: the MIME classes, also exported from the package's top level.

export { MIMEBase, MIMENonMultipart } from "./base.js";
export { MIMEApplication, MIMEAudio, MIMEImage } from "./binary.js";
export { MIMEMessage } from "./message.js";
export { MIMEMultipart } from "./multipart.js";
export { MIMEText } from "./text.js";
