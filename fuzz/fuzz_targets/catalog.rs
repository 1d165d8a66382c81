//! `kbgen match --catalog` reads any file it is given. Reading a catalog with its entries in
//! parallel (`catalog::from_json`) must give what reading it on one thread gives
//! (`from_json_whole`: a pass for the version, then one parse of the whole document): the
//! same catalog, or the same error.
#![no_main]

use kbgen::publish::catalog::{ReadError, from_json, from_json_whole, to_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match (from_json(text), from_json_whole(text)) {
        (Ok(parallel), Ok(whole)) => assert_eq!(to_json(&parallel), to_json(&whole)),
        (Err(ReadError::Version(parallel)), Err(ReadError::Version(whole))) => {
            assert_eq!(parallel, whole)
        }
        (Err(ReadError::Json(parallel)), Err(ReadError::Json(whole))) => {
            assert_eq!(parallel.to_string(), whole.to_string())
        }
        (parallel, whole) => panic!("in parallel {parallel:?}, whole {whole:?}"),
    }
});
