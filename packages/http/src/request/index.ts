// urllib.request (with urllib.error and the urllib.response class it returns): Python's names.
export {
  build_opener,
  type HandlerSpec,
  install_opener,
  type ReportHook,
  type UrlopenOptions,
  urlcleanup,
  urlopen,
  urlretrieve,
} from "./api.js";
export {
  AbstractBasicAuthHandler,
  AbstractDigestAuthHandler,
  HTTPBasicAuthHandler,
  HTTPDigestAuthHandler,
  HTTPPasswordMgr,
  HTTPPasswordMgrWithDefaultRealm,
  HTTPPasswordMgrWithPriorAuth,
  ProxyBasicAuthHandler,
  ProxyDigestAuthHandler,
  parse_http_list,
  parse_keqv_list,
} from "./auth.js";
export { type Cookie, CookieJar, HTTPCookieProcessor } from "./cookies.js";
export { ContentTooShortError, HTTPError, URLError } from "./errors.js";
export { CacheFTPHandler, FTPHandler, ftpwrapper } from "./ftp.js";
export { GopherHandler } from "./gopher.js";
export {
  AbstractHTTPHandler,
  type HTTPConnectionClass,
  HTTPDefaultErrorHandler,
  HTTPErrorProcessor,
  HTTPHandler,
  HTTPRedirectHandler,
  HTTPSHandler,
  UnknownHandler,
} from "./handlers.js";
export { DataHandler, FileHandler, pathname2url, url2pathname } from "./local.js";
export { guess_type } from "./mimetypes.js";
export { BaseHandler, type HandlerResult, OpenerDirector, type OpenOptions } from "./opener.js";
// urllib.parse, the parts urllib.request itself needs.
export {
  type ParseResult,
  quote,
  type SplitResult,
  unquote,
  unquote_to_bytes,
  unwrap,
  urljoin,
  urlparse,
  urlsplit,
  urlunparse,
  urlunsplit,
  uses_netloc,
  uses_params,
  uses_relative,
} from "./parse.js";
export {
  getproxies,
  getproxies_environment,
  type Proxies,
  ProxyHandler,
  proxy_bypass,
  proxy_bypass_environment,
} from "./proxy.js";
export { Request, type RequestData, type RequestOptions, request_host } from "./request.js";
export { type AddinfourlOptions, addinfourl, type URLResponse } from "./response.js";
