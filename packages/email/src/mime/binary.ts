// email.mime.application.MIMEApplication, email.mime.image.MIMEImage, email.mime.audio.MIMEAudio:
// binary parts, base64 unless another encoder is given, the subtype guessed from the data as
// Python guesses it.
import type { EncodableMessage } from "../charset.js";
import { encode_base64 } from "../encoders.js";
import { MIMENonMultipart, type MIMEOptions } from "./base.js";

type Encoder = (msg: EncodableMessage) => void;

/** MIMEApplication is an application/* part: new MIMEApplication(bytes, "pdf"). */
export class MIMEApplication extends MIMENonMultipart {
  constructor(
    _data: Uint8Array | string,
    _subtype = "octet-stream",
    _encoder: Encoder = encode_base64,
    options: MIMEOptions = {},
  ) {
    super("application", _subtype, options);
    this.set_payload(_data);
    _encoder(this);
  }
}

const starts = (h: Uint8Array, s: string, at = 0): boolean =>
  Buffer.from(h.subarray(at, at + s.length)).toString("latin1") === s;

function imageType(h: Uint8Array): string | null {
  if (starts(h, "JFIF", 6) || starts(h, "Exif", 6) || starts(h, "\xff\xd8\xff\xdb")) return "jpeg";
  if (starts(h, "\x89PNG\r\n\x1a\n")) return "png";
  if (starts(h, "GIF87a") || starts(h, "GIF89a")) return "gif";
  if (starts(h, "MM") || starts(h, "II")) return "tiff";
  if (starts(h, "\x01\xda")) return "rgb";
  if (h.length >= 3 && h[0] === 0x50 && " \t\n\r".includes(String.fromCharCode(h[2]!))) {
    if ("14".includes(String.fromCharCode(h[1]!))) return "pbm";
    if ("25".includes(String.fromCharCode(h[1]!))) return "pgm";
    if ("36".includes(String.fromCharCode(h[1]!))) return "ppm";
  }
  if (starts(h, "\x59\xa6\x6a\x95")) return "rast";
  if (starts(h, "#define ")) return "xbm";
  if (starts(h, "BM")) return "bmp";
  if (starts(h, "RIFF") && starts(h, "WEBP", 8)) return "webp";
  if (starts(h, "\x76\x2f\x31\x01")) return "exr";
  return null;
}

/** MIMEImage is an image/* part; the subtype is guessed from the data when not given. */
export class MIMEImage extends MIMENonMultipart {
  constructor(
    _imagedata: Uint8Array,
    _subtype: string | null = null,
    _encoder: Encoder = encode_base64,
    options: MIMEOptions = {},
  ) {
    const subtype = _subtype ?? imageType(_imagedata);
    if (subtype === null) throw new TypeError("Could not guess image MIME subtype");
    super("image", subtype, options);
    this.set_payload(_imagedata);
    _encoder(this);
  }
}

function audioType(h: Uint8Array): string | null {
  if (starts(h, "FORM") && (starts(h, "AIFC", 8) || starts(h, "AIFF", 8))) return "x-aiff";
  if (starts(h, ".snd")) return "basic";
  if (starts(h, "RIFF") && starts(h, "WAVE", 8) && starts(h, "fmt ", 12)) return "x-wav";
  return null;
}

/** MIMEAudio is an audio/* part; the subtype is guessed from the data when not given. */
export class MIMEAudio extends MIMENonMultipart {
  constructor(
    _audiodata: Uint8Array,
    _subtype: string | null = null,
    _encoder: Encoder = encode_base64,
    options: MIMEOptions = {},
  ) {
    const subtype = _subtype ?? audioType(_audiodata);
    if (subtype === null) throw new TypeError("Could not find audio MIME subtype");
    super("audio", subtype, options);
    this.set_payload(_audiodata);
    _encoder(this);
  }
}
