/** The per-address limit on failed authentications, shared with the SMPP door. */
export { AuthFailures } from "../util/auth-failures.js";
