// email.errors: the exceptions, and the defect classes a parser records on a message.

/** MessageError is the base class of the email package's exceptions. */
export class MessageError extends Error {
  override name = "MessageError";
}
/** MessageParseError: an error while parsing a message. */
export class MessageParseError extends MessageError {
  override name = "MessageParseError";
}
/** HeaderParseError: an error while parsing a header. */
export class HeaderParseError extends MessageParseError {
  override name = "HeaderParseError";
}
/** BoundaryError: no longer raised, kept for Python's name. */
export class BoundaryError extends MessageParseError {
  override name = "BoundaryError";
}
/** MultipartConversionError: attach() on a non-multipart message. */
export class MultipartConversionError extends MessageError {
  override name = "MultipartConversionError";
}
/** CharsetError: an illegal charset was given. */
export class CharsetError extends MessageError {
  override name = "CharsetError";
}
/** HeaderWriteError: a header would be written in a way that changes the message's meaning. */
export class HeaderWriteError extends MessageError {
  override name = "HeaderWriteError";
}

/** MessageDefect is a problem the parser found and worked around (Python's defect classes). */
export class MessageDefect extends Error {
  constructor(public line: string | null = null) {
    super(line ?? "");
  }
}
Object.defineProperty(MessageDefect.prototype, "name", { value: "MessageDefect", writable: true });

/** KeyError is Python's KeyError (replace_header of a missing header, no content handler). */
export class KeyError extends Error {
  override name = "KeyError";
}
function defect(name: string): typeof MessageDefect {
  const cls = class extends MessageDefect {};
  Object.defineProperty(cls, "name", { value: name });
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true });
  return cls;
}
export const NoBoundaryInMultipartDefect = defect("NoBoundaryInMultipartDefect");
export const StartBoundaryNotFoundDefect = defect("StartBoundaryNotFoundDefect");
export const CloseBoundaryNotFoundDefect = defect("CloseBoundaryNotFoundDefect");
export const FirstHeaderLineIsContinuationDefect = defect("FirstHeaderLineIsContinuationDefect");
export const MisplacedEnvelopeHeaderDefect = defect("MisplacedEnvelopeHeaderDefect");
export const MissingHeaderBodySeparatorDefect = defect("MissingHeaderBodySeparatorDefect");
export const MultipartInvariantViolationDefect = defect("MultipartInvariantViolationDefect");
export const InvalidMultipartContentTransferEncodingDefect = defect(
  "InvalidMultipartContentTransferEncodingDefect",
);
export const UndecodableBytesDefect = defect("UndecodableBytesDefect");
export const InvalidBase64PaddingDefect = defect("InvalidBase64PaddingDefect");
export const InvalidBase64CharactersDefect = defect("InvalidBase64CharactersDefect");
export const InvalidBase64LengthDefect = defect("InvalidBase64LengthDefect");
export const HeaderDefect = defect("HeaderDefect");
export const InvalidHeaderDefect = defect("InvalidHeaderDefect");
export const HeaderMissingRequiredValue = defect("HeaderMissingRequiredValue");
export const NonPrintableDefect = defect("NonPrintableDefect");
export const ObsoleteHeaderDefect = defect("ObsoleteHeaderDefect");
export const NonASCIILocalPartDefect = defect("NonASCIILocalPartDefect");
export const InvalidDateDefect = defect("InvalidDateDefect");
