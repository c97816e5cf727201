//! Access control, Consul's model: tokens carry policies, policies carry
//! rules ([`rules`]), and a request is allowed when the token's merged
//! rules, or the agent's `default_policy` where no rule matches, allow it
//! ([`authorizer`]).

pub mod authorizer;
pub mod guard;
pub mod resolver;
pub use roster_parse::rules;

pub use authorizer::{Authorizer, Need};
pub use rules::{Access, Global, Resource, Rules, RulesError};

/// Whether this build enforces ACLs on every API (`guard::METHODS` names
/// what each method needs). Were it false, an agent configured with
/// `acl.enabled` would refuse to start rather than run open.
pub const ENFORCED: bool = true;
