//! Access control, Consul's model: tokens carry policies, policies carry
//! rules ([`rules`]), and a request is allowed when the token's merged
//! rules, or the agent's `default_policy` where no rule matches, allow it
//! ([`authorizer`]).

pub mod authorizer;
pub mod rules;

pub use authorizer::{Authorizer, Need};
pub use rules::{Access, Global, Resource, Rules, RulesError};
