//! From a live error message to its entry: messages compiled into patterns ([`pattern`]) and
//! the matcher that finds them in a log line ([`matcher`]).

pub mod matcher;
pub mod pattern;
