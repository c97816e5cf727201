//! The DNS interface: any datagram gets the reply the UDP loop would send
//! (or none), through the fast path and hickory's general one, never a
//! panic. The catalog behind it answers every read with an empty result or
//! `UNAVAILABLE` (one responder of each, chosen by the first byte).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roster_gateway::dns::{DnsConfig, Responder};

fn responder(ok: bool) -> &'static Responder {
    static RESPONDERS: OnceLock<[Responder; 2]> = OnceLock::new();
    let both = RESPONDERS.get_or_init(|| {
        let _entered = roster_fuzz::runtime().enter();
        let make = |ok| {
            Responder::new(DnsConfig::default(), roster_fuzz::backend(ok))
                .expect("the default domain")
        };
        [make(true), make(false)]
    });
    &both[usize::from(!ok)]
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, packet)) = data.split_first() else {
        return;
    };
    let responder = responder(which & 1 == 0);
    roster_fuzz::runtime().block_on(async {
        let _ = tokio::time::timeout(roster_fuzz::PER_INPUT, responder.reply(packet)).await;
    });
});
