//! Writing the coordinate updates agents report (queued by the coordinate
//! service) through Raft, in batches every [`UPDATE_PERIOD`], at most
//! [`MAX_BATCHES`] of [`BATCH_SIZE`] per period (Consul's numbers).

use std::sync::Arc;

use roster_proto::raft::v1::{CoordinateBatchUpdate, command::Command};
use tokio_util::sync::CancellationToken;

use crate::{
    rpc::{
        ServerContext,
        coordinate::{BATCH_SIZE, CoordinateQueue, MAX_BATCHES, UPDATE_PERIOD},
        forward,
    },
    state::encode_command,
};

/// Writes queued updates through Raft every [`UPDATE_PERIOD`] until
/// `term_over`.
pub async fn flush(ctx: ServerContext, queue: Arc<CoordinateQueue>, term_over: CancellationToken) {
    loop {
        tokio::select! {
            _ = term_over.cancelled() => return,
            _ = tokio::time::sleep(UPDATE_PERIOD) => {}
        }
        let updates = queue.take();
        if updates.is_empty() {
            continue;
        }
        let limit = BATCH_SIZE * MAX_BATCHES;
        if updates.len() > limit {
            tracing::warn!(
                discarded = updates.len() - limit,
                "discarded coordinate updates (more than {limit} in one period)"
            );
        }
        for chunk in updates[..updates.len().min(limit)].chunks(BATCH_SIZE) {
            let command = Command::CoordinateBatchUpdate(CoordinateBatchUpdate {
                updates: chunk.to_vec(),
            });
            // Updates queued while this server led are dropped if it no
            // longer does (Consul drops them too); agents report again.
            if let Err(status) = forward::apply(&ctx, encode_command(command)).await {
                tracing::warn!(error = %status.message(), "coordinate batch not written");
                break;
            }
        }
    }
}
