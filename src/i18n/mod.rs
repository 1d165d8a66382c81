//! The translator's side: status, accept and add ([`workflow`]), and exchange files for
//! translation tools ([`exchange`], [`po`]).

pub mod exchange;
pub mod po;
pub mod workflow;
