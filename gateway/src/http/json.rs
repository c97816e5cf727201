//! Reading request bodies: one JSON object, decoded by
//! [`roster_proto::definitions`] as Consul's Go code reads them. Errors are
//! 400 with Consul's message.

use serde_json::Value;

use super::Error;

pub(super) use roster_proto::definitions::Obj;

/// Parses a request body that must be one JSON object.
pub(super) fn parse_body(bytes: &[u8]) -> Result<Value, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::bad_request("Request decode failed: EOF"));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| Error::bad_request(format!("Request decode failed: {e}")))
}
